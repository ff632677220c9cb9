"""Shared set-up for the AppTest tests: a small demo warehouse and the app on it.

`serve_warehouse` points WAREHOUSE_PATH at a warehouse for the duration of a
fixture and closes the process's connection afterwards (data.warehouse keeps
one per path). `run_app` starts dashboard.py under AppTest, optionally on a
page and with a query string, as a deep link would.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

import metrics
from data import demo, warehouse
from metrics.params import DEFAULT_PARAMS, Filters, Params, resolve_dashboard_filters
from ui.pages import PAGES as ALL_PAGES

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
TIMEOUT_S = 30  # the first run imports plotly, pandas and the metrics

# Page file -> the headline its page shows (the question it answers), from the page registry.
PAGES = {p.script: p.heading for p in ALL_PAGES}


@contextmanager
def serve_warehouse(path: Path, build: Callable[[Path], object] | None = None) -> Iterator[Path]:
    """Build the warehouse at `path` (if `build`), point WAREHOUSE_PATH at it, clean up after."""
    if build is not None:
        build(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_PATH", str(path))
        try:
            yield path
        finally:
            warehouse.close(path)


def small_demo(customers: int = 2_000) -> Callable[[Path], object]:
    """A builder for a small demo warehouse (about half a second)."""
    return lambda path: demo.build(path, customers=customers)


def run_app(page: str | None = None, query: Mapping[str, str] | None = None) -> AppTest:
    """Run dashboard.py with `query` in the URL, then switch to `page` if given."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.query_params.update(query or {})
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def _sidebar_widgets(at: AppTest) -> list:
    return [*at.sidebar.selectbox, *at.sidebar.date_input]


def sidebar_values(at: AppTest) -> dict[str, object]:
    """{label: value} of the sidebar's filter widgets."""
    return {w.label: w.value for w in _sidebar_widgets(at)}


def sidebar_widget(at: AppTest, label: str):
    """The sidebar filter widget labelled `label` (selectbox or date input)."""
    return next(w for w in _sidebar_widgets(at) if w.label == label)


def decode_spec(value):
    """A spec value with Plotly's typed arrays ({"dtype", "bdata"[, "shape"]}) turned into lists."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {k: decode_spec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_spec(v) for v in value]
    return value


def figures(at: AppTest) -> list[go.Figure]:
    """The page's Plotly figures, rebuilt from each plotly_chart element's spec JSON (page order)."""
    return [go.Figure(decode_spec(json.loads(chart.proto.spec)), skip_invalid=True) for chart in at.get("plotly_chart")]


def figure(at: AppTest, name: str) -> go.Figure:
    """The page's chart called `name` (ui.slides.show keys each element `chart-<name>`)."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-chart-{name}"))
    return go.Figure(decode_spec(json.loads(chart.proto.spec)), skip_invalid=True)


def assert_clean(at: AppTest) -> None:
    """No exception and no error box anywhere on the page."""
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric_values(at: AppTest) -> dict[str, str]:
    """{label: shown value} of the page's st.metric cards."""
    return {m.label: m.value for m in at.metric}


def resolved(path: Path, region: str | None = None, segment: str | None = None, **dates) -> Filters:
    """The filters a page resolves for `region` / `segment` (and any start / end / as_of)
    on the warehouse at `path`: by default the last 365 days ending at as_of."""
    cur = warehouse.cursor(path)
    try:
        return resolve_dashboard_filters(cur, Filters(region=region, segment=segment, **dates))
    finally:
        cur.close()


def compute(path: Path, name: str, filters: Filters, params: Params = DEFAULT_PARAMS, **kwargs):
    """metrics.<name> on the warehouse at `path`, uncached: what a page must show."""
    cur = warehouse.cursor(path)
    try:
        return getattr(metrics, name)(cur, filters, params, **kwargs)
    finally:
        cur.close()


def without_optional_tables(build: Callable[[Path], object]) -> Callable[[Path], object]:
    """A builder of the same warehouse with every survey and contact deleted."""
    def _build(path: Path) -> None:
        build(path)
        cur = warehouse.cursor(path)
        try:
            with warehouse.transaction(cur):
                cur.execute("DELETE FROM surveys")
                cur.execute("DELETE FROM contacts")
                warehouse.bump_data_version(cur)
        finally:
            cur.close()
    return _build
