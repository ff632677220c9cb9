"""The facts tables: what every view needs from the raw tables, computed once per data version.

Every metric needs each customer's first and last order and annual revenue
beside the customer's own columns; computing them from tens of millions of
orders, and joining them to a million customers, on every query is the main
cost at scale. Beside `customer_facts` (data/facts.sql) three side tables carry
each complaint, survey answer and contact of a customer with a start together
with that customer's region and segment (so the region/segment filter is a
column predicate, not a join to every customer), and each contact its
customer's next contact (data/facts_*.sql); `account_ranks` ranks every account by
all-time revenue (data/facts_ranks.sql, the report's default view), and
`account_ranks_window` by its revenue in the pages' default window (the last 365
days ending at as_of, data/periods.py), which warehouse_meta's `ranks_window` records.

`refresh()` rebuilds them all inside the load's transaction, after the load's rows
are written (warehouse.bump_data_version calls it), and records the data version and
fingerprint they describe. `facts_ctes()` gives a metric query the SQL of each: the
tables when fresh, else the same facts computed inline from the raw tables (a
warehouse written by other tools, or changed without a load; an edit that keeps the
row counts and the orders' date and amount ranges is not noticed: run `python -m data
refresh --db PATH` after editing rows by hand). On Spark the facts are always inline.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from data.periods import BOUNDS_SQL, default_start
from data.rows import one
from data.snapshots import is_snapshot

T = TypeVar("T")
_HERE = Path(__file__).parent
FACTS_SQL = (_HERE / "facts.sql").read_text(encoding="utf-8")
TABLE_SELECT = ("SELECT customer_id, customer_name, region, segment, signup_date, churn_date, churn_reason, "
                "first_order, last_order, orders, annual_revenue, total_revenue, total_margin FROM customer_facts")

# The side facts: CTE name in the metric SQL -> (table, inline SQL reading the CTE `facts`).
SIDE_FACTS: dict[str, tuple[str, str]] = {
    name: (table, (_HERE / f"facts_{raw}.sql").read_text(encoding="utf-8").rstrip())
    for name, table, raw in [("cmp_facts", "complaint_facts", "complaints"),
                             ("srv_facts", "survey_facts", "surveys"),
                             ("cnt_facts", "contact_facts", "contacts")]
}
# The accounts ranked by revenue over a CTE `revenue` (the CTE `ranked` of the accounts queries),
# and the same ranking stored for the default view: all history, every customer (the revenue of
# metrics/sql/cte/revenue_history.sql without a filter: every account with all-time revenue > 0).
RANKS_SQL = (_HERE / "facts_ranks.sql").read_text(encoding="utf-8").rstrip()
RANKS_TABLE_SQL = ("WITH revenue AS (SELECT customer_id, total_revenue AS revenue, total_margin AS margin "
                   "FROM customer_facts WHERE total_revenue > 0)\n" + RANKS_SQL)
STORED_RANKS = "SELECT * FROM account_ranks"
# The same ranking over one window's revenue, stored for the pages' default window: the accounts' window
# revenue exactly as the metric queries compute it (metrics/sql/cte/revenue_window.sql, one declaration)
# for every customer with a start (the `lifecycle` rule of metrics/sql/cte/lifecycle.sql without a filter).
_REVENUE_WINDOW = (_HERE.parent / "metrics" / "sql" / "cte" / "revenue_window.sql").read_text(encoding="utf-8").rstrip()
RANKS_WINDOW_TABLE_SQL = (
    "WITH lifecycle AS (SELECT customer_id FROM customer_facts WHERE signup_date IS NOT NULL OR first_order IS NOT NULL),\n"
    f"revenue AS (\n{_REVENUE_WINDOW}\n)\n{RANKS_SQL}")
STORED_WINDOW_RANKS = "SELECT * FROM account_ranks_window"
INLINE: dict[str, str] = {"facts": FACTS_SQL, **{name: sql for name, (_, sql) in SIDE_FACTS.items()},
                          "ranked": RANKS_SQL}
TABLES: dict[str, str] = {"facts": TABLE_SELECT, **{name: f"SELECT * FROM {table}"
                                                     for name, (table, _) in SIDE_FACTS.items()},
                          "ranked": RANKS_SQL}


# A cheap fingerprint of the raw tables, read from DuckDB's statistics in about a
# millisecond at 20 M rows: row counts, the ranges of order dates and amounts. Rows
# added or removed without a load (so without a new data version) move it.
FINGERPRINT_SQL = """
SELECT concat_ws('|', (SELECT COUNT(*) FROM customers),
                 COUNT(*), MIN(order_date), MAX(order_date), MIN(amount), MAX(amount),
                 (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM surveys),
                 (SELECT COUNT(*) FROM contacts))
FROM orders
"""


def _stamp(cur: duckdb.DuckDBPyConnection, version: int | str | None) -> str:
    return f"{version}#{one(cur.execute(FINGERPRINT_SQL))[0]}"


def refresh(cur: duckdb.DuckDBPyConnection, version: int) -> None:
    """Rebuild customer_facts, the side facts and the account ranking from the raw tables and mark them as describing `version`."""
    cur.execute("CREATE OR REPLACE TABLE customer_facts AS " + FACTS_SQL)
    for table, sql in SIDE_FACTS.values():
        cur.execute(f"CREATE OR REPLACE TABLE {table} AS WITH facts AS ({TABLE_SELECT})\n{sql}")
    cur.execute("CREATE OR REPLACE TABLE account_ranks AS " + RANKS_TABLE_SQL)
    as_of, start = one(cur.execute(BOUNDS_SQL))
    first, last = (default_start(start, as_of), as_of) if as_of else (None, None)
    cur.execute("CREATE OR REPLACE TABLE account_ranks_window AS " + RANKS_WINDOW_TABLE_SQL,
                {"start": first, "end": last})
    cur.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('ranks_window', ?)",
                [f"{first}/{last}" if first else ""])
    restamp(cur, version)


def restamp(cur: duckdb.DuckDBPyConnection, version: int) -> None:
    """Mark the facts as describing `version` (rows unchanged since they were built)."""
    cur.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('facts_version', ?)", [_stamp(cur, version)])


def is_fresh(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when the facts exist and describe the current data version and raw tables."""
    try:
        rows = dict(cur.execute(
            "SELECT key, value FROM warehouse_meta WHERE key IN ('data_version', 'facts_version')").fetchall())
    except duckdb.CatalogException:
        return False
    return "facts_version" in rows and rows["facts_version"] == _stamp(cur, rows.get("data_version"))


def stored_window(cur: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """The window account_ranks_window ranks, as warehouse_meta records it (None: none stored)."""
    try:
        row = cur.execute("SELECT value FROM warehouse_meta WHERE key = 'ranks_window'").fetchone()
    except duckdb.CatalogException:
        return None
    if not row or not row[0]:
        return None
    first, last = row[0].split("/")
    return date.fromisoformat(first), date.fromisoformat(last)


# What each snapshot file read so far in this process says (freshness, the stored window): a
# snapshot opened read-only never changes (data/warehouse.py), so its path is the key; anything
# else is asked every time.
_PER_SNAPSHOT: dict[tuple[str, str], Any] = {}
_DATABASE_SQL = "SELECT path, readonly FROM duckdb_databases() WHERE database_name = current_database()"


def _once_per_snapshot(cur: duckdb.DuckDBPyConnection, ask: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    path, read_only = one(cur.execute(_DATABASE_SQL))
    if not (read_only and path and is_snapshot(Path(path))):
        return ask(cur)
    key = (path, ask.__name__)
    if key not in _PER_SNAPSHOT:
        _PER_SNAPSHOT[key] = ask(cur)
    return _PER_SNAPSHOT[key]


def fresh(cur: duckdb.DuckDBPyConnection) -> bool:
    """`is_fresh`, asked once per read-only snapshot file in this process (one catalog lookup after)."""
    return _once_per_snapshot(cur, is_fresh)


def ranks_window(cur: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """`stored_window`, asked once per read-only snapshot file in this process."""
    return _once_per_snapshot(cur, stored_window)


def facts_ctes(cur: duckdb.DuckDBPyConnection | None) -> dict[str, str]:
    """The SQL of each facts CTE (facts, cmp_facts, srv_facts, cnt_facts, ranked): the tables when
    fresh, else the inline computation (always inline without a DuckDB cursor: Spark)."""
    return TABLES if cur is not None and fresh(cur) else INLINE


def facts_relation(cur: duckdb.DuckDBPyConnection) -> str:
    """SQL for the customer facts: the table when fresh, else the inline computation."""
    return facts_ctes(cur)["facts"]
