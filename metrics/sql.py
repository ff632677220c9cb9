"""Running metric SQL: named parameters bound, never formatted into the text.

DuckDB refuses a parameter dict with names the query does not use, so `run`
passes exactly the `$name` parameters that appear in the SQL. The SQL is
written once, in DuckDB's dialect and in a form Spark SQL can take too; `con`
is a DuckDB connection or cursor, or a `metrics.spark.SparkCursor`, which
translates the same text (docs/spark.md).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from data.facts import FACTS_SQL, facts_relation
from data.rows import one
from metrics.spark import SparkCursor

SQL_DIR = Path(__file__).with_name("sql")
# A DuckDB connection or cursor, or the Spark cursor that takes the same calls.
Cursor = duckdb.DuckDBPyConnection | SparkCursor
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def load_sql(name: str) -> str:
    """The text of metrics/sql/<name>.sql (read once per process)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: Cursor, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Execute `sql` with the `$name` parameters it uses taken from `params`; a DataFrame back."""
    names = set(_PARAM.findall(sql))
    missing = names - set(params or {})
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    bound = {k: v for k, v in (params or {}).items() if k in names}
    return con.execute(sql, bound).df()


def metric_sql(name: str, facts: str = FACTS_SQL, revenue: str = "revenue_window") -> str:
    """metrics/sql/<name>.sql behind the shared CTEs of base.sql, as one statement.

    `facts` is the SQL of the per-customer facts (data/facts.py chooses the
    precomputed table or the inline computation); `revenue` names the SQL of
    the accounts' window revenue (see `revenue_source`).
    """
    body = load_sql("base").replace("/*FACTS*/", facts) + ",\n" + load_sql(name)
    return "WITH\n" + body.replace("/*REVENUE*/", load_sql(revenue))


def revenue_source(con: Cursor, filters) -> str:
    """'revenue_history' when the window holds every order (the facts' totals are
    the window revenue), else 'revenue_window' (a scan of the window's orders)."""
    first, last = one(con.execute("SELECT MIN(order_date), MAX(order_date) FROM orders"))
    whole = first is not None and filters.start <= first and filters.end >= last
    return "revenue_history" if whole else "revenue_window"


def query(con: Cursor, name: str, filters, params, **extra) -> pd.DataFrame:
    """Run metric query `name` with the filters, the parameters and any extra bound values.

    On Spark the facts are always computed inline: a lake has no facts table
    kept in step with its loads.
    """
    bound = {**filters.bind(), **params.as_dict(), **extra}
    revenue = revenue_source(con, filters) if "/*REVENUE*/" in load_sql(name) else "revenue_window"
    facts = FACTS_SQL if isinstance(con, SparkCursor) else facts_relation(con)
    sql = metric_sql(name, facts, revenue)
    return run(con, sql, bound)
