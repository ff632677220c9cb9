"""The /funnel page on the hand-made sample warehouse: what it shows equals what the metrics return.

Every number is checked against metrics.* computed on the same warehouse with
the same filters; changing the sidebar Region changes them; without surveys and
contacts the page still renders (the journey falls back to the benchmark estimate).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import apptest_support
import pytest
from apptest_support import (
    assert_clean,
    compute,
    figure,
    metric_values,
    resolved,
    serve_warehouse,
    sidebar_widget,
    without_optional_tables,
)
from sample_warehouse import build_sample

from charts.common import pct
from charts.funnel import money
from metrics import whatif

PAGE = "views/funnel.py"

# These checks read the sample's whole history (2023-01-01 .. 2024-12-31), not the default last 365 days.
WHOLE_HISTORY = {"start": "2023-01-01"}
resolved = partial(resolved, start=date(2023, 1, 1))


def run_app(page: str, query: dict[str, str] | None = None):
    return apptest_support.run_app(page, {**WHOLE_HISTORY, **(query or {})})


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("funnel") / "sample.duckdb", build_sample) as path:
        yield path


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("funnel-bare") / "bare.duckdb",
                         without_optional_tables(build_sample)) as path:
        yield path



def expected(path: Path, region: str | None = None) -> dict:
    f = resolved(path, region)
    return {"funnel": compute(path, "funnel", f).iloc[0], "lost": compute(path, "lost_customers", f),
            "iceberg": compute(path, "iceberg", f).iloc[0], "groups": compute(path, "retention_groups", f),
            "reasons": compute(path, "churn_reasons", f), "monthly": compute(path, "funnel_monthly", f)}


def check_page(at, want: dict) -> None:
    """The KPI cards, the waterfall, the table and the what-if equal the metrics."""
    row = want["funnel"]
    lost = int(row["lost"])
    cards = metric_values(at)
    assert cards["Customers lost"] == f"{lost:,}"
    assert cards["Churn rate"] == pct(row["churn_rate"], 1)
    assert cards["Annual revenue lost"] == money(row["annual_revenue_lost"])
    assert cards["Lost without ever complaining"] == (pct(row["lost_silent"] / lost) if lost else "-")

    fig = figure(at, "leaky-bucket")
    assert list(fig.data[0].y) == [row["start_active"], row["new"], -row["lost_silent"],
                                   -row["lost_after_unresolved"], -row["lost_after_resolved"], row["end_active"]]
    assert list(fig.data[0].measure) == ["absolute", "relative", "relative", "relative", "relative", "total"]

    table = at.dataframe[0].value
    assert list(table["customer_id"]) == list(want["lost"]["customer_id"])
    assert list(table["annual_revenue"]) == pytest.approx(list(want["lost"]["annual_revenue"]))
    assert list(table["lost_class"]) == list(want["lost"]["lost_class"])

    monthly = figure(at, "new-vs-lost-by-month")
    assert list(monthly.data[1].y) == [-v for v in want["monthly"]["lost"]]

    journey = next(f for f in apptest_support.figures(at) if f.data[0].type == "funnel")
    stages = whatif.journey_stages(want["iceberg"], want["groups"])
    assert [int(v) for v in journey.data[0].x] == [int(v) for v in stages["customers"]]

    base = whatif.baseline(want["iceberg"], want["groups"], row)
    assert base is not None
    p, q = max(base.complain_share, 0.5), max(base.fast_share, 0.8)
    scenario = whatif.scenario(base, p, q).iloc[1]
    assert cards["Customers kept against today"] == f"{scenario['extra_customers']:+,.0f}"
    assert cards["Annual revenue kept against today"] == money(scenario["extra_revenue"])
    sliders = {s.label: s.value for s in at.slider}
    assert sliders["Share of dissatisfied customers who complain"] == round(p * 100)


def test_funnel_page_shows_the_metrics(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    assert at.title[0].value == "The lost-customer funnel"
    want = expected(sample)
    check_page(at, want)
    # sample: C02 left with the recorded reason 'price'; the others have none
    reasons = figure(at, "churn-reasons")
    assert list(reasons.data[0].y) == ["price"] and list(reasons.data[0].x) == [1]
    assert "6 of 7 lost customers" in reasons.layout.title.subtitle.text
    # too few customers in every group: the what-if says it uses the benchmark
    assert any("TARP benchmark" in c.value for c in at.caption)


def test_region_filter_changes_the_numbers(sample: Path) -> None:
    at = run_app(PAGE)
    before = metric_values(at)["Customers lost"]
    sidebar_widget(at, "Region").set_value("North").run()
    assert_clean(at)
    want = expected(sample, "North")
    check_page(at, want)
    assert metric_values(at)["Customers lost"] != before


def test_what_if_sliders_move_the_answer(sample: Path) -> None:
    at = run_app(PAGE)
    want = expected(sample)
    base = whatif.baseline(want["iceberg"], want["groups"], want["funnel"])
    assert base is not None
    complain = next(s for s in at.slider if s.label.startswith("Share of dissatisfied"))
    fast = next(s for s in at.slider if s.label.startswith("Share of complaints"))
    complain.set_value(90)
    fast.set_value(100)
    at.run()
    assert_clean(at)
    extra = whatif.scenario(base, 0.9, 1.0).iloc[1]["extra_customers"]
    assert metric_values(at)["Customers kept against today"] == f"{extra:+,.0f}"
    assert figure(at, "what-if").data[0].y[1] == pytest.approx(whatif.kept(base, 0.9, 1.0))


def test_without_surveys_and_contacts_the_estimate_says_benchmark(bare: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    want = expected(bare)
    assert want["iceberg"]["silent_method"] == "benchmark"
    check_page(at, want)
    journey = next(f for f in apptest_support.figures(at) if f.data[0].type == "funnel")
    assert "Upload surveys" in journey.layout.annotations[-1].text.replace("<br>", " ")
