"""The one row of a query that always returns exactly one (an aggregate, a lookup by key).

`one(cur.execute(sql, params))` instead of `.fetchone()`, whose type admits None.
"""
from __future__ import annotations

from typing import Any, Protocol


class _Result(Protocol):
    def fetchone(self) -> tuple[Any, ...] | None: ...


def one(result: _Result) -> tuple[Any, ...]:
    """The first row of an executed query; LookupError if it returned none."""
    row = result.fetchone()
    if row is None:
        raise LookupError("the query returned no row")
    return row
