"""Shared set-up for the AppTest tests: a small demo warehouse and the app on it.

`serve_warehouse` points WAREHOUSE_PATH at a warehouse for the duration of a
fixture and closes the process's connection afterwards (data.warehouse keeps
one per path). `run_app` starts dashboard.py under AppTest, optionally on a
page and with a query string, as a deep link would.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import demo, warehouse

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
TIMEOUT_S = 30  # the first run imports plotly, pandas and the metrics

# Page file -> the headline its page shows (the question it answers, issue 4).
PAGES = {
    "views/overview.py": "How many customers are we losing, and why?",
    "views/iceberg.py": "The complaint iceberg",
    "views/resolution.py": "Retention by resolution speed",
    "views/funnel.py": "The lost-customer funnel",
    "views/accounts.py": "Small vs large accounts",
    "views/effort.py": "Customer effort",
    "views/upload.py": "Upload extracts",
}


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
