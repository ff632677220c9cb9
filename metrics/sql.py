"""Running metric SQL: every metric query goes through `execute`.

`execute` binds named parameters (never formatted into the text), passing
exactly the `$name` parameters the statement uses, as DuckDB's own parser
finds them (DuckDB refuses names a query does not use; a `$name` in a comment
is no parameter); it runs one statement only and logs its time at DEBUG on
the logger "metrics.sql" (name, milliseconds, rows). The SQL is
written once, in DuckDB's dialect and in a form Spark SQL can take too; `con`
is a DuckDB connection or cursor, or a `metrics.spark.SparkCursor`, which
translates the same text (docs/spark.md).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar
from pathlib import Path

import duckdb
import pandas as pd

from data.facts import INLINE, STORED_RANKS, STORED_WINDOW_RANKS, TABLES, facts_ctes, ranks_window
from metrics.spark import SparkCursor

SQL_DIR = Path(__file__).with_name("sql")  # the metric queries, <name>.sql
CTE_DIR = SQL_DIR / "cte"  # the shared CTEs, <name>.sql: the body of the CTE <name>

# Every shared CTE, in dependency order, with the shared CTEs it reads. `facts` is the
# per-customer facts, `cmp_facts`, `srv_facts` and `cnt_facts` the complaint, survey and
# contact facts (data/facts.py: tables, or inline over `facts`), `revenue` the accounts' window revenue, written
# two ways (cte/revenue_window.sql, cte/revenue_history.sql; see `revenue_source`), `ranked` the accounts
# ranked by it (data/facts_ranks.sql; stored per data version for the default view, see `query`).
CTES: dict[str, tuple[str, ...]] = {
    "facts": (),
    "cmp_facts": ("facts",),
    "srv_facts": ("facts",),
    "cnt_facts": ("facts",),
    "cust": ("facts",),
    "lifecycle": ("cust",),
    "timed": ("cmp_facts",),
    "cmp": ("timed",),
    "srv": ("srv_facts",),
    "cnt": ("cnt_facts",),
    "revenue": ("lifecycle",),
    "ranked": ("revenue",),
    "lost_history": ("lifecycle", "cmp"),
    "first_complaint": ("cmp",),
}

# Every metric query (metrics/sql/<name>.sql: its own CTEs, then its SELECT) with the
# shared CTEs it reads by name.
QUERIES: dict[str, tuple[str, ...]] = {
    "accounts": ("ranked", "lifecycle", "cmp"),
    "churn_reasons": ("lifecycle",),
    "complaint_mix": ("cmp",),
    "complaint_stats": ("cmp",),
    "effort": ("cnt", "cmp"),
    "effort_distribution": ("srv",),
    "effort_scores": ("srv", "lifecycle"),
    "first_complaint_days": ("cmp",),
    "first_score_days": ("srv",),
    "funnel": ("lifecycle", "lost_history"),
    "iceberg": ("cmp", "srv"),
    "lost_customers": ("lost_history",),
    "monthly": ("lifecycle", "cmp"),
    "pareto": ("ranked",),
    "resolution_cohort": ("first_complaint", "lifecycle"),
    "silent_cohort": ("srv", "lifecycle"),
    "survival": ("first_complaint", "lifecycle"),
}
# A DuckDB connection or cursor, or the Spark cursor that takes the same calls.
Cursor = duckdb.DuckDBPyConnection | SparkCursor
log = logging.getLogger("metrics.sql")
T = TypeVar("T", pd.DataFrame, list)


@cache
def load_sql(name: str, folder: Path = SQL_DIR) -> str:
    """The text of <folder>/<name>.sql (read once per process), without its final newline."""
    return (folder / f"{name}.sql").read_text(encoding="utf-8").rstrip()


def needed_ctes(name: str) -> list[str]:
    """The shared CTEs query `name` reads, directly or through another, in dependency order."""
    found: set[str] = set()
    todo = list(QUERIES[name])
    while todo:
        cte = todo.pop()
        if cte not in found:
            found.add(cte)
            todo.extend(CTES[cte])
    return [cte for cte in CTES if cte in found]


@cache
def parameter_names(sql: str) -> frozenset[str]:
    """The `$name` parameters of `sql`, one statement, by DuckDB's parser (comments are no parameters)."""
    statements = duckdb.extract_statements(sql)
    if len(statements) != 1:
        raise ValueError(f"one SQL statement expected, got {len(statements)}")
    return frozenset(statements[0].named_parameters)


def _execute(con: Cursor, name: str, sql: str, params: dict | None, fetch: Callable[[Any], T]) -> T:
    """The one path every metric query takes: run `sql` (named `name` in the log) with the
    `$name` parameters it uses taken from `params`, fetch the result, log time and rows."""
    names = parameter_names(sql)
    missing = names - set(params or {})
    if missing:
        raise KeyError(f"{name} needs parameters {sorted(missing)}")
    bound = {k: v for k, v in (params or {}).items() if k in names}
    began = time.perf_counter()
    result = fetch(con.execute(sql, bound))
    log.debug("%s %.1f ms %d rows", name, (time.perf_counter() - began) * 1000, len(result))
    return result


def execute(con: Cursor, name: str, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Metric query `name` as a DataFrame (see `_execute`)."""
    return _execute(con, name, sql, params, lambda cur: cur.df())


def execute_rows(con: Cursor, name: str, sql: str, params: dict | None = None) -> list[tuple]:
    """Metric query `name` as python rows, its values as the engine gives them (see `_execute`)."""
    return _execute(con, name, sql, params, lambda cur: cur.fetchall())


def metric_sql(name: str, facts: dict[str, str] = INLINE, revenue: str = "revenue_window") -> str:
    """metrics/sql/<name>.sql behind the shared CTEs it needs, as one statement.

    `facts` is the SQL of each facts CTE (data/facts.py chooses the precomputed
    tables or the inline computation); `revenue` names the file of the
    accounts' window revenue (see `revenue_source`).
    """
    bodies = {**facts, "revenue": load_sql(revenue, CTE_DIR)}
    ctes = [f"{cte} AS (\n{bodies.get(cte) or load_sql(cte, CTE_DIR)}\n)" for cte in needed_ctes(name)]
    return "WITH\n" + ",\n".join([*ctes, load_sql(name)])


def revenue_source(con: Cursor, filters) -> str:
    """'revenue_history' when the window holds every order (the facts' totals are
    the window revenue), else 'revenue_window' (a scan of the window's orders)."""
    [(first, last)] = execute_rows(con, "order_span", "SELECT MIN(order_date), MAX(order_date) FROM orders")
    whole = first is not None and filters.start <= first and filters.end >= last
    return "revenue_history" if whole else "revenue_window"


def query(con: Cursor, name: str, filters, params, **extra) -> pd.DataFrame:
    """Run metric query `name` with the filters, the parameters and any extra bound values.

    On Spark the facts are always computed inline: a lake has no facts table
    kept in step with its loads. The accounts' ranking is read from the facts (no sort) when
    they are fresh, no region or segment is chosen and the window holds every order (the
    report's default) or is the one the facts ranked (the pages' default, data/periods.py).
    """
    bound = {**filters.bind(), **params.as_dict(), **extra}
    revenue = revenue_source(con, filters) if "revenue" in needed_ctes(name) else "revenue_window"
    facts = facts_ctes(None if isinstance(con, SparkCursor) else con)
    if facts is TABLES and "ranked" in needed_ctes(name) and filters.region is None and filters.segment is None:
        if revenue == "revenue_history":
            facts = {**facts, "ranked": STORED_RANKS}
        elif not isinstance(con, SparkCursor) and ranks_window(con) == (filters.start, filters.end):
            facts = {**facts, "ranked": STORED_WINDOW_RANKS}
    sql = metric_sql(name, facts, revenue)
    return execute(con, name, sql, bound)
