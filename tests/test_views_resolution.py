"""The resolution page on the hand-made sample warehouse: bars, intervals, benchmarks and curves equal the metrics.

Reads the group and bucket bars (rates, Wilson error bars), the benchmark
markers (large- and small-problem sets via the radio), the Kaplan-Meier
curves, and checks the fast_hours / horizon_days controls and the Region
filter feed the metrics; without surveys the silent group's note names the upload.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import apptest_support
import pandas as pd
import pytest
from apptest_support import serve_warehouse, sidebar_widget
from sample_warehouse import build_sample
from view_checks import (
    assert_clean,
    build_without_optional,
    charts,
    expected,
    infos,
    resolved,
    title,
)

from charts.resolution import BUCKETS, GREY, GROUPS, curve_sizes
from metrics.params import DEFAULT_PARAMS, Params

PAGE = "views/resolution.py"

# These checks read the sample's whole history (2023-01-01 .. 2024-12-31), not the default last 365 days.
WHOLE_HISTORY = {"start": "2023-01-01"}
resolved = partial(resolved, start=date(2023, 1, 1))


def run_app(page: str, query: dict[str, str] | None = None):
    return apptest_support.run_app(page, {**WHOLE_HISTORY, **(query or {})})
LARGE, SMALL = [0.09, 0.19, 0.54, 0.82], [0.37, 0.46, 0.70, 0.95]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("resolution") / "sample.duckdb", build_sample) as path:
        yield path


def rates(df: pd.DataFrame) -> list[float]:
    return [0.0 if r is None or pd.isna(r) else float(r) for r in df["rate"]]


def assert_bars_match(spec: dict, df: pd.DataFrame, key: str, order: list[str]) -> None:
    """The bars, left to right in `order`, show each row's rate, Wilson interval and n."""
    df = df.set_index(key).reindex(order).reset_index()
    bars = spec["data"][0]
    assert bars["y"] == pytest.approx(rates(df))
    for shown, (_, row) in zip(bars["error_y"]["array"], df.iterrows()):
        if row["rate"] is not None and not pd.isna(row["rate"]):
            assert shown == pytest.approx(row["ci_high"] - row["rate"])
    assert all(f"n = {n:,}" in tick for n, tick in zip(df["customers"], spec["layout"]["xaxis"]["ticktext"]))


def assert_page_matches_metrics(at, path: Path, params: Params = DEFAULT_PARAMS, **filters) -> None:
    f = resolved(path, **filters)
    shown = charts(at)
    assert_bars_match(shown["retention-by-outcome"], expected(path, "retention_groups", f, params), "group", GROUPS)
    assert_bars_match(shown["retention-by-speed"], expected(path, "retention_buckets", f, params), "bucket", BUCKETS)
    curves = expected(path, "retention_curves", f, params)
    lines = [t for t in shown["retention-curves"]["data"] if t.get("mode") == "lines" and t.get("name")]
    assert [t["y"] for t in lines] == [pytest.approx(list(c["survival"])) for _, c in curves.groupby("group", sort=False)]


def test_charts_equal_the_metrics(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    assert [t.value for t in at.title] == ["Retention by resolution speed"]
    assert_page_matches_metrics(at, sample)


def test_small_groups_are_grey_and_say_so(sample: Path) -> None:
    at = run_app(PAGE)
    spec = charts(at)["retention-by-outcome"]
    groups = expected(sample, "retention_groups", resolved(sample))
    assert (groups["customers"] < 30).all()  # the sample is tiny
    assert set(spec["data"][0]["marker"]["color"]) == {GREY}
    n = groups.set_index("group")["customers"]
    assert title(spec).endswith(f"not enough data yet (n = {n['fast']} and {n['unresolved']} customers; 30 needed)")


def test_benchmark_markers_switch_to_small_problems(sample: Path) -> None:
    at = run_app(PAGE)
    marks = [t for t in charts(at)["retention-by-outcome"]["data"] if str(t.get("name", "")).startswith("Benchmark")]
    assert marks and marks[0]["y"] == LARGE
    assert "TARP" in charts(at)["retention-by-outcome"]["layout"]["annotations"][-1]["text"]
    at.radio(key="benchmark_problem").set_value("small").run()
    assert_clean(at)
    marks = [t for t in charts(at)["retention-by-outcome"]["data"] if str(t.get("name", "")).startswith("Benchmark")]
    assert marks[0]["y"] == SMALL and "under $5" in marks[0]["name"]


def test_controls_feed_the_metrics(sample: Path) -> None:
    at = run_app(PAGE)
    at.selectbox(key="fast_hours").select(72).run()
    at.selectbox(key="horizon_days").select(180).run()
    assert_clean(at)
    params = replace(DEFAULT_PARAMS, fast_hours=72, horizon_days=180)
    assert_page_matches_metrics(at, sample, params)
    ticks = charts(at)["retention-by-outcome"]["layout"]["xaxis"]["ticktext"]
    assert any("Resolved within 72 h" in t for t in ticks)
    assert "180 days later" in charts(at)["retention-by-outcome"]["layout"]["yaxis"]["title"]["text"]


def test_region_filter_changes_the_charts(sample: Path) -> None:
    at = run_app(PAGE)
    before = charts(at)["retention-by-speed"]["data"][0]["y"]
    sidebar_widget(at, "Region").select("South").run()
    assert_clean(at)
    assert charts(at)["retention-by-speed"]["data"][0]["y"] != before
    assert_page_matches_metrics(at, sample, region="South")


def test_a_window_without_a_full_year_of_follow_up_opens_on_a_shorter_one(sample: Path) -> None:
    at = run_app(PAGE, {"start": "2024-06-01"})
    assert_clean(at)
    # C01's complaint K02 (2024-06-10) + 180 days = 2024-12-07 <= as_of 2024-12-31; nothing has 365 days
    horizon = next(s for s in at.selectbox if s.label == "Retention judged after (days)")
    assert horizon.value == 180
    assert "so retention is judged after 180 days" in " ".join(c.value for c in at.caption)
    horizon.select(365).run()
    assert "full 365-day follow-up" in infos(at)
    assert "retention-by-speed" not in charts(at)


def test_renders_without_surveys_and_contacts(tmp_path: Path) -> None:
    with serve_warehouse(tmp_path / "bare.duckdb", build_without_optional) as path:
        at = run_app(PAGE)
        assert_clean(at)
        assert_page_matches_metrics(at, path)
        assert "upload surveys with satisfaction and complained" in infos(at)


def test_curve_sizes_are_the_first_row_per_bucket(sample: Path) -> None:
    curves = expected(sample, "retention_curves", resolved(sample))
    sizes = curve_sizes(curves)
    cohort_customers = {g: int(c["lost"].sum() + c["censored"].sum()) for g, c in curves.groupby("group")}
    assert sizes == cohort_customers
