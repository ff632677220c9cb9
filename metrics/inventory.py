"""What the warehouse holds: rows per canonical table, so pages can say which upload enables what."""
from __future__ import annotations

import duckdb

from data.schema import TABLES
from metrics.sql import execute_rows


def table_counts(con: duckdb.DuckDBPyConnection, filters=None, params=None) -> dict[str, int]:
    """Rows in each canonical table, e.g. {"customers": 20000, ..., "surveys": 0}."""
    sql = " UNION ALL ".join(f"SELECT '{t}' AS t, COUNT(*) AS n FROM {t}" for t in TABLES)  # constant names
    return {t: int(n) for t, n in execute_rows(con, "table_counts", sql)}


_DIMENSIONS = {  # filter -> its distinct values, in order
    "region": "SELECT DISTINCT region FROM customers WHERE region IS NOT NULL ORDER BY 1",
    "segment": "SELECT DISTINCT segment FROM customers WHERE segment IS NOT NULL ORDER BY 1",
}


def dimension_values(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """The distinct non-NULL values of customers.region or customers.segment, sorted."""
    return [v for (v,) in execute_rows(con, f"dimension_values.{column}", _DIMENSIONS[column])]
