"""Running metric SQL: named parameters bound, never formatted into the text.

DuckDB refuses a parameter dict with names the query does not use, so `run`
passes exactly the `$name` parameters that appear in the SQL.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from data.facts import FACTS_SQL, facts_relation

SQL_DIR = Path(__file__).with_name("sql")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def load_sql(name: str) -> str:
    """The text of metrics/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Execute `sql` with the `$name` parameters it uses taken from `params`; a DataFrame back."""
    names = set(_PARAM.findall(sql))
    missing = names - set(params or {})
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    bound = {k: v for k, v in (params or {}).items() if k in names}
    return con.execute(sql, bound).df()


def metric_sql(name: str, recursive: bool = False, facts: str = FACTS_SQL) -> str:
    """metrics/sql/<name>.sql behind the shared CTEs of base.sql, as one statement.

    `facts` is the SQL of the per-customer order facts (data/facts.py chooses
    the precomputed table or the inline computation).
    """
    head = "WITH RECURSIVE\n" if recursive else "WITH\n"
    return head + load_sql("base").replace("/*FACTS*/", facts) + ",\n" + load_sql(name)


def query(con: duckdb.DuckDBPyConnection, name: str, filters, params, *,
          recursive: bool = False, **extra) -> pd.DataFrame:
    """Run metric query `name` with the filters, the parameters and any extra bound values."""
    bound = {**filters.bind(), **params.as_dict(), **extra}
    return run(con, metric_sql(name, recursive, facts_relation(con)), bound)
