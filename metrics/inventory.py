"""What the warehouse holds: rows per canonical table, so pages can say which upload enables what."""
from __future__ import annotations

import duckdb

from data.schema import TABLES


def table_counts(con: duckdb.DuckDBPyConnection, filters=None, params=None) -> dict[str, int]:
    """Rows in each canonical table, e.g. {"customers": 20000, ..., "surveys": 0}."""
    sql = " UNION ALL ".join(f"SELECT '{t}' AS t, COUNT(*) AS n FROM {t}" for t in TABLES)  # constant names
    return {t: int(n) for t, n in con.execute(sql).fetchall()}
