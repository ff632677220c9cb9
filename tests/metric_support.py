"""Metric functions called as the report calls them, on the hand-made sample warehouse.

Shared by the oracle tests (the warehouse itself is the `hand_sample` fixture of tests/conftest.py):
`run_metric` resolves the filters with the report's whole-history defaults, then calls metrics.<name>.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

import metrics
from data.warehouse import cursor
from metrics.params import Filters, Params, resolve_filters


def run_metric(path: Path, name: str, filters: Filters = Filters(), **kwargs) -> pd.DataFrame:
    """metrics.<name> on the warehouse at `path`, its filters resolved as the report resolves them."""
    con = cursor(path)
    try:
        return getattr(metrics, name)(con, resolve_filters(con, filters), Params(), **kwargs)
    finally:
        con.close()
