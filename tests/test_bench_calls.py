"""The benchmark replays each page's metric calls in the windows the page uses (bench/calls.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

import metrics
from bench.calls import Call, record_page_calls, replay, window_of
from data import warehouse
from metrics.params import DEFAULT_PARAMS, Filters, resolve_dashboard_filters


def test_the_overview_is_recorded_with_its_window_and_the_one_before(hand_sample: Path) -> None:
    calls = record_page_calls(str(hand_sample))
    assert {c.window for c in calls["overview"]} == {"page", "previous"}
    assert {c.metric for c in calls["overview"] if c.window == "previous"} >= {"funnel", "iceberg"}
    assert all(c.window == "page" for c in calls["accounts"])
    assert all(calls[view] for view in calls)  # every page makes calls (a failed recording would make none)
    assert ("table_counts", "none") in {(c.metric, c.window) for c in calls["effort"]}


def test_replay_uses_the_default_view_and_the_window_before(hand_sample: Path) -> None:
    cur = warehouse.cursor(str(hand_sample))
    try:
        page = resolve_dashboard_filters(cur)
        seen: list[Filters] = []
        original = metrics.funnel

        def funnel(con, filters, params, **kwargs):
            seen.append(filters)
            return original(con, filters, params, **kwargs)

        metrics.funnel = funnel
        try:
            replay(cur, [Call("funnel", DEFAULT_PARAMS, ()), Call("funnel", DEFAULT_PARAMS, (), "previous")])
        finally:
            metrics.funnel = original
        assert seen == [page, page.previous()]
    finally:
        cur.close()
        warehouse.close(str(hand_sample))


def test_a_call_in_another_window_is_refused() -> None:
    from datetime import date
    page = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=date(2025, 12, 31))
    assert window_of(page, page) == "page" and window_of(page.previous(), page) == "previous"
    with pytest.raises(ValueError, match="neither the default view"):
        window_of(Filters(start=page.start, end=page.end, as_of=page.as_of, region="North"), page)
