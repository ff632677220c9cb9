"""The one caching adapter between pages and metrics.

Results are cached per (snapshot file, data version, metric, filters,
parameters). Every change to the warehouse, from this app or from the CLI in
another process, makes a new snapshot current (data/warehouse.py); each script
run reads which one once (a readlink) and every query of the run reads that
snapshot, so a page never mixes two states and every session shows a load on
its next run without clearing anything. Metric functions stay pure and uncached.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import metrics
from data import warehouse
from metrics import spark
from metrics.params import DEFAULT_PARAMS, Params, data_bounds

RUN_KEY = "_warehouse_snapshot"


def _version() -> tuple[str, int | str]:
    """(snapshot file, data version) for this script run: read at its first call, then reused."""
    if spark.enabled():  # WAREHOUSE_ENGINE=spark: the source and its files' fingerprint (docs/spark.md)
        source = spark.SparkSource.from_env()
        return source.describe(), spark.current_version(source)
    ctx = get_script_run_ctx(suppress_warning=True)  # None in ui.warm's thread at server start
    run = ctx.cursors if ctx is not None else None  # a new dict for every script run
    pinned = st.session_state.get(RUN_KEY) if run is not None else None
    if pinned is not None and pinned[0] is run:
        return pinned[1]
    try:
        warehouse.ready()  # one readlink; a single file is adopted, a missing path created empty
    except warehouse.Busy as e:
        st.info(f"{e}. The pages show the data as soon as it is free: reload in a moment.")
        st.stop()
    key = warehouse.version_key()
    if run is not None:
        st.session_state[RUN_KEY] = (run, key)
    return key


def _cursor(key: tuple[str, int | str]):
    """A cursor on the warehouse `key` names: DuckDB's, or Spark's with WAREHOUSE_ENGINE=spark."""
    return spark.connect(spark.SparkSource.from_env()) if spark.enabled() else warehouse.cursor(key[0])


@st.cache_data(max_entries=512, show_spinner=False)
def _call(key: tuple[str, int | str], name: str, filters, params: Params, kwargs: tuple) -> Any:
    cur = _cursor(key)
    try:
        return getattr(metrics, name)(cur, filters, params, **dict(kwargs))
    finally:
        cur.close()


def metric(name: str, filters, params: Params = DEFAULT_PARAMS, **kwargs: Any) -> Any:
    """Call metrics.<name>(cursor, filters, params, **kwargs), cached per data version."""
    return _call(_version(), name, filters, params, tuple(sorted(kwargs.items())))


@st.cache_data(max_entries=64, show_spinner=False)
def _bounds(key: tuple[str, int | str]) -> tuple[date | None, date | None]:
    cur = _cursor(key)
    try:
        return data_bounds(cur)
    finally:
        cur.close()


def bounds() -> tuple[date | None, date | None]:
    """(default start, default as_of) of the whole warehouse."""
    return _bounds(_version())


@st.cache_data(max_entries=64, show_spinner=False)
def _dimension_values(key: tuple[str, int | str], column: str) -> list[str]:
    cur = _cursor(key)
    try:
        return metrics.dimension_values(cur, column)
    finally:
        cur.close()


def dimension_values(column: str) -> list[str]:
    """The distinct non-NULL values of customers.region or customers.segment."""
    return _dimension_values(_version(), column)


def table_counts() -> dict[str, int]:
    """Rows per canonical table (pages use it to say which upload enables what)."""
    return metric("table_counts", None)
