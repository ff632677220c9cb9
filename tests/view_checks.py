"""Helpers for the per-page AppTest tests: read what a page shows, and what the metrics say it should.

`charts(at)` returns the page's Plotly figures as dicts (title -> spec),
with typed arrays ({"dtype", "bdata"}) decoded to lists; `expected(name,
filters, params)` runs a metric on the process's own connection to the warehouse
the app reads (data.warehouse keeps one per path, so no second connection).
"""
from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

import metrics
from data import warehouse
from metrics.params import DEFAULT_PARAMS, Filters, Params, resolve_filters
from sample_warehouse import build_sample


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = tuple(int(n) for n in str(value.get("shape", len(array))).split(","))
        return array.reshape(shape).tolist()
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def charts(at: AppTest) -> dict[str, dict]:
    """The page's figures by chart name (ui.slides.show keys each element `chart-<name>`)."""
    return {e.proto.id.split("-chart-", 1)[1]: _decode(json.loads(e.proto.spec)) for e in at.get("plotly_chart")}


def title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def trace(spec: dict, name: str) -> dict:
    """The trace called `name` in a figure spec."""
    return next(t for t in spec["data"] if t.get("name") == name)


def resolved(path: Path, **kw: Any) -> Filters:
    cur = warehouse.cursor(path)
    try:
        return resolve_filters(cur, Filters(**kw))
    finally:
        cur.close()


def expected(path: Path, name: str, filters: Filters, params: Params = DEFAULT_PARAMS, **kw: Any) -> Any:
    """metrics.<name> for these filters, on the process connection to `path`."""
    cur = warehouse.cursor(path)
    try:
        return getattr(metrics, name)(cur, filters, params, **kw)
    finally:
        cur.close()


def build_without_optional(path: Path) -> None:
    """The sample warehouse with no surveys and no contacts (the optional uploads)."""
    build_sample(path)
    cur = warehouse.cursor(path)
    cur.execute("DELETE FROM surveys")
    cur.execute("DELETE FROM contacts")
    cur.execute("UPDATE warehouse_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                "WHERE key = 'data_version'")
    cur.close()


def assert_clean(at: AppTest) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def infos(at: AppTest) -> str:
    """Every st.info text on the page, joined (for 'which upload enables it' notes)."""
    return " ".join(i.value for i in at.info)
