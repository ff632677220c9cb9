"""Per-view chart assembly: each module's `build(filters, params) -> list[Chart]`.

Views lay these charts out; the all-pages deck builds them all. Modules call
metrics through ui.cache and figures through charts/, nothing else.
"""
from __future__ import annotations

from metrics.params import Filters


def footnote(filters: Filters, *lines: str) -> str:
    """A chart footnote: the filters and as-of date, then n and sources, one line each."""
    return "<br>".join([filters.describe(), *(line for line in lines if line)])
