"""Which metric calls each page makes, recorded from the pages themselves.

`record_page_calls(db)` renders every view with Streamlit's AppTest on a small
warehouse while `ui.cache.metric` is wrapped to note each call (metric name,
parameters, options). The benchmark then replays exactly those calls, without
the Streamlit cache, on the large warehouses.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from metrics.params import Params
from ui.pages import VIEWS as PAGE_REGISTRY

ROOT = Path(__file__).resolve().parents[1]

VIEWS = {p.key: p.script for p in PAGE_REGISTRY}


@dataclass(frozen=True)
class Call:
    metric: str
    params: Params
    kwargs: tuple


def record_page_calls(db: str) -> dict[str, list[Call]]:
    """{view: [Call, ...]} in the order the view makes them (duplicates kept once)."""
    from streamlit.testing.v1 import AppTest

    import ui.cache
    from data import warehouse

    os.environ["WAREHOUSE_PATH"] = db
    seen: list[Call] = []
    original = ui.cache.metric

    def recording(name, filters, params=Params(), **kwargs):
        seen.append(Call(name, params, tuple(sorted(kwargs.items()))))
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
