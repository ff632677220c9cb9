"""Running metric SQL: named parameters bound, never formatted into the text.

DuckDB refuses a parameter dict with names the query does not use, so `run`
passes exactly the `$name` parameters that appear in the SQL.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from data.facts import FACTS_SQL, facts_relation

SQL_DIR = Path(__file__).with_name("sql")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of metrics/sql/<name>.sql (read once per process)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Execute `sql` with the `$name` parameters it uses taken from `params`; a DataFrame back."""
    names = set(_PARAM.findall(sql))
    missing = names - set(params or {})
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    bound = {k: v for k, v in (params or {}).items() if k in names}
    return con.execute(sql, bound).df()


def metric_sql(name: str, recursive: bool = False, facts: str = FACTS_SQL,
               revenue: str = "revenue_window") -> str:
    """metrics/sql/<name>.sql behind the shared CTEs of base.sql, as one statement.

    `facts` is the SQL of the per-customer facts (data/facts.py chooses the
    precomputed table or the inline computation); `revenue` names the SQL of
    the accounts' window revenue (see `revenue_source`).
    """
    head = "WITH RECURSIVE\n" if recursive else "WITH\n"
    body = load_sql("base").replace("/*FACTS*/", facts) + ",\n" + load_sql(name)
    return head + body.replace("/*REVENUE*/", load_sql(revenue))


def revenue_source(con: duckdb.DuckDBPyConnection, filters) -> str:
    """'revenue_history' when the window holds every order (the facts' totals are
    the window revenue), else 'revenue_window' (a scan of the window's orders)."""
    first, last = con.execute("SELECT MIN(order_date), MAX(order_date) FROM orders").fetchone()
    whole = first is not None and filters.start <= first and filters.end >= last
    return "revenue_history" if whole else "revenue_window"


def query(con: duckdb.DuckDBPyConnection, name: str, filters, params, *,
          recursive: bool = False, **extra) -> pd.DataFrame:
    """Run metric query `name` with the filters, the parameters and any extra bound values."""
    bound = {**filters.bind(), **params.as_dict(), **extra}
    revenue = revenue_source(con, filters) if "/*REVENUE*/" in load_sql(name) else "revenue_window"
    sql = metric_sql(name, recursive, facts_relation(con), revenue)
    return run(con, sql, bound)
