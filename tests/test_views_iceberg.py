"""The iceberg page on the hand-made sample warehouse: chart data equal the metrics for the same filters.

The iceberg's three layers, the monthly trend and the channel / category
bars are read back from the page's Plotly specs and compared with
metrics.iceberg, complaint_trend and complaint_mix; the Region filter changes
them; with too few survey answers (the sample) or none at all the note names
the surveys upload.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import apptest_support
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
    trace,
)

from charts.iceberg import LAYER_LABELS, iceberg_title

PAGE = "views/iceberg.py"

# These checks read the sample's whole history (2023-01-01 .. 2024-12-31), not the default last 365 days.
WHOLE_HISTORY = {"start": "2023-01-01"}
resolved = partial(resolved, start=date(2023, 1, 1))


def run_app(page: str, query: dict[str, str] | None = None):
    return apptest_support.run_app(page, {**WHOLE_HISTORY, **(query or {})})


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("iceberg") / "sample.duckdb", build_sample) as path:
        yield path


def assert_page_matches_metrics(at, path: Path, **filters) -> None:
    f = resolved(path, **filters)
    shown = charts(at)
    ice = expected(path, "iceberg", f).iloc[0]
    spec = shown["complaint-iceberg"]
    assert title(spec) == iceberg_title(ice)
    for layer, label in LAYER_LABELS.items():
        count = int(ice[layer])
        if count:
            assert trace(spec, label)["x"] == [count]
    trend = expected(path, "complaint_trend", f)
    line = trace(shown["complaint-trend"], "Complaints per 1,000")
    assert line["y"] == pytest.approx([float(v) for v in trend["complaints_per_1000"]])
    for dimension in ("channel", "category"):
        mix = expected(path, "complaint_mix", f, dimension=dimension)
        bars = shown[f"complaints-by-{dimension}"]["data"][0]
        assert bars["y"] == list(mix["value"])[::-1]
        assert bars["x"] == list(mix["complaints"])[::-1]


def test_charts_equal_the_metrics(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    assert [t.value for t in at.title] == ["The complaint iceberg"]
    assert_page_matches_metrics(at, sample)
    # worked by hand: 8 complainers (C05 left out), 3 of them escalated, benchmark 69 %: 8 * .69 / .31 = 17.8 -> 18
    spec = charts(at)["complaint-iceberg"]
    assert trace(spec, "Escalated to management")["x"] == [3]
    assert trace(spec, "Never complained (estimated)")["x"] == [18]


def test_benchmark_and_goodman_are_drawn_with_their_source(sample: Path) -> None:
    at = run_app(PAGE)
    spec = charts(at)["complaint-iceberg"]
    assert trace(spec, "Pyramid benchmark (source articles)")["x"] == [0.08, 0.23, 0.69]
    goodman = trace(spec, "Goodman 2005 correction")
    assert goodman["base"][:2] == [0.01, 0.0] and goodman["x"][:2] == pytest.approx([0.04, 0.5])
    footnote = spec["layout"]["annotations"][-1]["text"]
    assert "no primary source" in footnote and "Goodman" in footnote and "region: all" in footnote


def test_too_few_survey_answers_name_the_surveys_upload(sample: Path) -> None:
    at = run_app(PAGE)
    assert "69 % pyramid benchmark" in infos(at)
    assert "Upload surveys with satisfaction and complained" in infos(at)


def test_region_filter_changes_the_charts(sample: Path) -> None:
    at = run_app(PAGE)
    before = charts(at)["complaint-iceberg"]
    sidebar_widget(at, "Region").select("North").run()
    assert_clean(at)
    assert charts(at)["complaint-iceberg"] != before
    assert_page_matches_metrics(at, sample, region="North")


def test_a_filter_selecting_no_complaint_says_so(sample: Path) -> None:
    at = run_app(PAGE, {"region": "East", "end": "2023-12-31"})
    assert_clean(at)
    assert not at.get("plotly_chart")
    assert "No complaints" in infos(at)


def test_renders_without_surveys_and_contacts(tmp_path: Path) -> None:
    with serve_warehouse(tmp_path / "bare.duckdb", build_without_optional) as path:
        at = run_app(PAGE)
        assert_clean(at)
        assert_page_matches_metrics(at, path)
        assert "No surveys are loaded" in infos(at)
