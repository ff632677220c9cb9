"""The benchmark's browser measurements work (bench/browser.py, bench/sessions.py), on a tiny demo.

They start the server `make run` starts (serve.py) on a small demo warehouse and drive
headless Chromium. Checked: a number for every page of the registry, each filter change
really changed what the page shows (its text or its charts' data), the first render's
parts add up, and concurrent sessions each report their waits. Nothing here asserts how
fast anything is: speed lives in `make bench`.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import E2E_CUSTOMERS

from bench import browser, sessions
from data import demo
from ui import warm
from ui.pages import VIEWS


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bench-browser") / "demo.duckdb"
    demo.build(db, customers=E2E_CUSTOMERS)
    return db


def positive(x: float) -> bool:
    return math.isfinite(x) and x > 0


def test_a_filter_change_is_timed_on_every_page_and_changes_its_numbers(small_demo: Path, chromium: str,
                                                                          tmp_path: Path) -> None:
    changes = browser.filter_changes(small_demo, chromium, 1, tmp_path / "server.log")
    assert [c.page for c in changes] == [p.key for p in VIEWS]
    for c in changes:
        assert positive(c.change_s) and positive(c.load_s), c
        assert c.changed, f"picking region {c.region} left page {c.page} as it was"
    # every change asked for a filter set no earlier change asked for (no cache hit across pages)
    assert len({(c.segment, c.region) for c in changes}) == len(changes)


def test_the_first_render_counts_from_the_process_start(small_demo: Path, chromium: str, tmp_path: Path) -> None:
    r = browser.first_render(small_demo, chromium, tmp_path / "server.log")
    assert all(positive(r[k]) for k in ("process_s", "navigation_s", "healthy_s", "peak_rss_mb")), r
    # the navigation starts after the health check, which comes after the process start
    assert r["process_s"] > r["healthy_s"] + r["navigation_s"] - 0.05, r
    assert f"{warm.DONE}: the landing page's default view" in (tmp_path / "server.log").read_text()


def test_concurrent_sessions_each_report_their_waits(small_demo: Path, chromium: str, tmp_path: Path) -> None:
    result = sessions.concurrent(small_demo, chromium, 3, tmp_path / "server.log")
    assert [s["page"] for s in result["sessions"]] == [p.key for p in VIEWS[:3]]
    assert all(s["changed"] and positive(s["load_s"]) and positive(s["change_s"]) for s in result["sessions"])
    summary = sessions.summary(result)
    for what in ("load_s", "change_s"):
        assert summary[what]["p50"] <= summary[what]["p95"] <= summary[what]["max"]
    assert result["client_cpu_s"] > 0 and result["server_cpu_s"] > 0  # both sides are found in /proc
    assert summary["unchanged"] == 0


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert sessions.percentile(values, 50) == 10.0
    assert sessions.percentile(values, 95) == 19.0
    assert sessions.percentile(values, 100) == 20.0
    assert sessions.percentile([3.0], 95) == 3.0
