"""ui.warm computes, at server start, exactly what the landing page needs from ui.cache.

The landing page (dashboard.py on "/") is run under AppTest with every metric function
counted: after a cleared cache it computes some; after `ui.warm.landing()` it computes
none, because the warm-up filled the same cache keys the page asks for. On an empty
warehouse the warm-up only imports and says so.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from apptest_support import run_app, serve_warehouse, small_demo

import metrics
from ui import warm


def count_metric_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap every public metric function so that each computation is noted (ui.cache calls them by name)."""
    computed: list[str] = []
    for name in dir(metrics):
        fn = getattr(metrics, name)
        if callable(fn) and not name.startswith("_") and getattr(fn, "__module__", "").startswith("metrics"):
            def counted(*args, _fn=fn, _name=name, **kwargs):
                computed.append(_name)
                return _fn(*args, **kwargs)
            monkeypatch.setattr(metrics, name, counted)
    return computed


def test_after_warming_the_landing_page_computes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with serve_warehouse(tmp_path / "demo.duckdb", small_demo()):
        computed = count_metric_calls(monkeypatch)
        st.cache_data.clear()
        at = run_app()
        assert not at.exception and computed, "without warming, the landing page computes its numbers"
        st.cache_data.clear()
        assert warm.landing().startswith("the landing page's default view")
        warmed = len(computed)
        at = run_app()
        assert not at.exception
        assert computed[warmed:] == []  # every number the page shows came from the warmed cache
        st.cache_data.clear()


def test_warming_an_empty_warehouse_only_imports(tmp_path: Path) -> None:
    with serve_warehouse(tmp_path / "empty.duckdb"):
        st.cache_data.clear()
        assert warm.landing() == "imports only (no dated rows)"


def test_dashboard_warm_0_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(warm.ENV, "0")
    assert warm.start() is None
