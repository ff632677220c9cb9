"""The per-customer facts table: customers with their order facts, once per data version.

Every metric needs each customer's first and last order and annual revenue
beside the customer's own columns; computing them from tens of millions of
orders, and joining them to a million customers, on every query is the main
cost at scale. `refresh()` rebuilds `customer_facts` inside the load's
transaction, after the load's rows are written (warehouse.bump_data_version calls
it), and records the data version and orders fingerprint it describes. `facts_relation()` tells a
metric query whether it may read the table or must compute the same facts
inline (a warehouse written by other tools, or changed without a load; an
edit that keeps the row counts and the orders' date and amount ranges is not noticed: run
`python -m data refresh --db PATH` after editing orders by hand).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from data.rows import one

FACTS_SQL = Path(__file__).with_name("facts.sql").read_text(encoding="utf-8")
TABLE_SELECT = ("SELECT customer_id, customer_name, region, segment, signup_date, churn_date, churn_reason, "
                "first_order, last_order, orders, annual_revenue, total_revenue, total_margin FROM customer_facts")


# A cheap fingerprint of customers and orders, read from DuckDB's statistics in
# about a millisecond at 20 M rows: row counts, the ranges of order dates and
# amounts. Rows added or removed without a load (so without a new data version) move it.
FINGERPRINT_SQL = """
SELECT concat_ws('|', (SELECT COUNT(*) FROM customers),
                 COUNT(*), MIN(order_date), MAX(order_date), MIN(amount), MAX(amount))
FROM orders
"""


def _stamp(cur: duckdb.DuckDBPyConnection, version: int | str | None) -> str:
    return f"{version}#{one(cur.execute(FINGERPRINT_SQL))[0]}"


def refresh(cur: duckdb.DuckDBPyConnection, version: int) -> None:
    """Rebuild customer_facts from customers and orders and mark it as describing `version`."""
    cur.execute("CREATE OR REPLACE TABLE customer_facts AS " + FACTS_SQL)
    restamp(cur, version)


def restamp(cur: duckdb.DuckDBPyConnection, version: int) -> None:
    """Mark customer_facts as describing `version` (rows unchanged since it was built)."""
    cur.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('facts_version', ?)", [_stamp(cur, version)])


def is_fresh(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when customer_facts exists and describes the current data version and orders."""
    try:
        rows = dict(cur.execute(
            "SELECT key, value FROM warehouse_meta WHERE key IN ('data_version', 'facts_version')").fetchall())
    except duckdb.CatalogException:
        return False
    return "facts_version" in rows and rows["facts_version"] == _stamp(cur, rows.get("data_version"))


def facts_relation(cur: duckdb.DuckDBPyConnection) -> str:
    """SQL for the order facts: the table when fresh, else the inline computation."""
    return TABLE_SELECT if is_fresh(cur) else FACTS_SQL
