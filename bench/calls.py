"""Which metric calls each page makes, recorded from the pages themselves.

`record_page_calls(db)` renders every view with Streamlit's AppTest on a small
warehouse while `ui.cache.metric` is wrapped to note each call (metric name,
parameters, options, and its window: the page's default view, the last 365 days
ending at as_of, or the window just before it, which the overview compares with).
The benchmark then replays exactly those calls (`replay`), without the Streamlit
cache, on the large warehouses, with that warehouse's own default view.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import metrics
from metrics.params import Filters, Params, resolve_dashboard_filters
from ui.pages import VIEWS as PAGE_REGISTRY

ROOT = Path(__file__).resolve().parents[1]

VIEWS = {p.key: p.script for p in PAGE_REGISTRY}


@dataclass(frozen=True)
class Call:
    metric: str
    params: Params
    kwargs: tuple
    window: str = "page"  # "page": the page's default filters; "previous": the window just before them; "none"


def replay(cur, calls: list[Call], page: Filters | None = None) -> None:
    """Make `calls` on `cur` as the page makes them: in `page` (by default `cur`'s own default view,
    the last 365 days ending at as_of) and in the window just before it."""
    page = page or resolve_dashboard_filters(cur)
    windows = {"page": page, "previous": page.previous(), "none": None}
    for call in calls:
        getattr(metrics, call.metric)(cur, windows[call.window], call.params, **dict(call.kwargs))


def window_of(filters: Filters | None, page: Filters) -> str:
    """Which window a recorded call used ("none" for a call without filters, such as table_counts);
    anything else would be replayed wrong, so it is refused."""
    for name, f in (("page", page), ("previous", page.previous()), ("none", None)):
        if filters == f:
            return name
    raise ValueError(f"a page call with filters {filters} is neither the default view {page} nor the one before")


def record_page_calls(db: str) -> dict[str, list[Call]]:
    """{view: [Call, ...]} in the order the view makes them (duplicates kept once)."""
    from streamlit.testing.v1 import AppTest

    import ui.cache
    from data import warehouse

    os.environ["WAREHOUSE_PATH"] = db
    cur = warehouse.cursor(db)
    page = resolve_dashboard_filters(cur)
    cur.close()
    seen: list[Call] = []
    original = ui.cache.metric

    def recording(name, filters, params=Params(), **kwargs):
        seen.append(Call(name, params, tuple(sorted(kwargs.items())), window_of(filters, page)))
        return original(name, filters, params, **kwargs)

    ui.cache.metric = recording
    try:
        calls = {}
        for view, path in VIEWS.items():
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            at.run()
            seen.clear()
            at.switch_page(path)
            at.run()
            if at.exception:
                raise RuntimeError(f"{view} failed to render: {at.exception[0].value}")
            calls[view] = list(dict.fromkeys(seen))
        return calls
    finally:
        ui.cache.metric = original
        warehouse.close(db)  # release the file for the benchmark's own processes
