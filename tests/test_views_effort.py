"""The /effort page on the hand-made sample warehouse: KPI cards and charts equal the metrics.

Without contacts the KPI cards give way to a note naming the contacts upload;
without surveys the distribution and retention charts give way to a note naming
the surveys upload (with an effort_score column).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import apptest_support
import pandas as pd
import pytest
from apptest_support import (
    assert_clean,
    compute,
    figure,
    figures,
    metric_values,
    resolved,
    serve_warehouse,
    sidebar_widget,
    without_optional_tables,
)
from sample_warehouse import build_sample

from charts.common import pct
from ui.content.effort import CONTACTS_NOTE, SURVEYS_NOTE

PAGE = "views/effort.py"

# These checks read the sample's whole history (2023-01-01 .. 2024-12-31), not the default last 365 days.
WHOLE_HISTORY = {"start": "2023-01-01"}
resolved = partial(resolved, start=date(2023, 1, 1))


def run_app(page: str, query: dict[str, str] | None = None):
    return apptest_support.run_app(page, {**WHOLE_HISTORY, **(query or {})})


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("effort") / "sample.duckdb", build_sample) as path:
        yield path



def check_page(at, path: Path, region: str | None = None) -> None:
    f = resolved(path, region)
    row = compute(path, "effort_summary", f).iloc[0]
    cards = metric_values(at)
    assert cards["Repeat-contact rate"] == pct(row["repeat_contact_rate"], 1)
    assert cards["Channel switching"] == pct(row["channel_switch_rate"], 1)
    per = row["contacts_per_complaint"]
    assert cards["Contacts per complaint"] == ("-" if per is None else f"{per:.1f}")
    drivers = figure(at, "effort-drivers")
    assert list(drivers.data[0].y) == pytest.approx([row["repeat_contact_rate"] or 0, row["channel_switch_rate"] or 0])
    assert [round(v, 2) for v in drivers.data[1].y] == [0.62, 0.57]  # HBR 2010 markers
    dist = compute(path, "effort_distribution", f)
    _, distribution, retention = figures(at)  # page order: drivers, distribution, retention
    assert list(distribution.data[0].y) == pytest.approx(list(dist["share"]))
    bands = compute(path, "retention_by_effort", f)
    assert list(retention.data[0].y) == pytest.approx([0 if pd.isna(r) else r for r in bands["rate"]])


def test_effort_page_shows_the_metrics(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    assert at.title[0].value == "Customer effort"
    check_page(at, sample)
    assert not at.info


def test_region_filter_changes_the_numbers(sample: Path) -> None:
    at = run_app(PAGE)
    before = metric_values(at)
    sidebar_widget(at, "Region").set_value("North").run()
    assert_clean(at)
    check_page(at, sample, "North")
    assert metric_values(at) != before


def test_without_surveys_and_contacts_the_page_names_the_uploads(tmp_path: Path) -> None:
    with serve_warehouse(tmp_path / "bare.duckdb", without_optional_tables(build_sample)):
        at = run_app(PAGE)
        assert_clean(at)
        assert [i.value for i in at.info] == [CONTACTS_NOTE, SURVEYS_NOTE]
        assert not at.metric and not at.get("plotly_chart")
