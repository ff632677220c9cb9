"""The overview page on the hand-made sample warehouse: KPI cards and findings equal the metrics.

Checks the six cards (values formatted from metrics.overview for the same
filters, "no earlier period" on the default whole-history window, signed
deltas on a shorter one), the four findings with their links, that the Region
filter changes the numbers, and that a warehouse without surveys and contacts
still renders.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from apptest_support import run_app, serve_warehouse, sidebar_widget
from metrics import neglect_ratios
from sample_warehouse import build_sample
from ui.content.overview import NO_EARLIER, format_change, format_value
from view_checks import assert_clean, build_without_optional, charts, expected, resolved, title

PAGE = "views/overview.py"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("overview") / "sample.duckdb", build_sample) as path:
        yield path


def cards(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def expected_cards(path: Path, **filters) -> dict[str, tuple[str, str]]:
    rows = expected(path, "overview", resolved(path, **filters)).to_dict("records")
    return {r["label"]: (format_value(r["unit"], r["value"]),
                         NO_EARLIER if r["previous"] is None else format_change(r["unit"], r["change"]))
            for r in rows}


def test_cards_equal_the_metrics_on_the_whole_history(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    shown = cards(at)
    assert shown == expected_cards(sample)
    # worked by hand from tests/sample_warehouse.py: C01, C06, C11 active on 2024-12-31; 7 of 10 lost
    assert shown["Active customers"] == ("3", NO_EARLIER)
    assert shown["Churn rate"][0] == "70.0 %"
    assert shown["Median resolution time"][0].endswith(" h")


def test_a_shorter_window_shows_signed_deltas(sample: Path) -> None:
    at = run_app(PAGE, {"start": "2024-01-01"})
    assert_clean(at)
    shown = cards(at)
    assert shown == expected_cards(sample, start=date(2024, 1, 1))
    assert all(delta[:1] in ("+", "-") for _, delta in shown.values() if delta != "not comparable")


def test_findings_are_sentences_from_the_data_with_links(sample: Path) -> None:
    at = run_app(PAGE)
    f = resolved(sample)
    text = " ".join(m.value for m in at.markdown)
    funnel = expected(sample, "funnel", f).iloc[0]
    assert f"{int(funnel['lost']):,} customers left in this window" in text
    groups = expected(sample, "retention_groups", f).set_index("group")
    assert f"kept {groups.at['fast', 'rate'] * 100:.0f} % of customers" in text
    ice = expected(sample, "iceberg", f).iloc[0]
    assert f"about {ice['multiplier']:.0f} customers were dissatisfied" in text
    ratios = neglect_ratios(expected(sample, "account_tiers", f))
    assert f"wait {ratios['neglect_ratio_resolution']:.1f}x longer" in text
    links = {p.proto.label: p.proto.page for p in at.get("page_link")}
    assert set(links.values()) == {"funnel", "resolution", "iceberg", "accounts"}


def test_lost_chart_matches_the_funnel(sample: Path) -> None:
    at = run_app(PAGE)
    spec = charts(at)["customers-lost"]
    funnel = expected(sample, "funnel", resolved(sample)).iloc[0]
    assert spec["data"][0]["x"] == [int(funnel[k]) for k in ("lost_after_resolved", "lost_after_unresolved",
                                                             "lost_silent")]
    assert title(spec).endswith(f"of the {int(funnel['lost']):,} customers lost left without a complaint on record")


def test_region_filter_changes_the_cards(sample: Path) -> None:
    at = run_app(PAGE)
    before = cards(at)
    sidebar_widget(at, "Region").select("South").run()
    assert_clean(at)
    after = cards(at)
    assert after != before
    assert after == expected_cards(sample, region="South")


def test_renders_without_surveys_and_contacts(tmp_path: Path) -> None:
    with serve_warehouse(tmp_path / "bare.duckdb", build_without_optional) as path:
        at = run_app(PAGE)
        assert_clean(at)
        assert cards(at) == expected_cards(path)
        assert "69 % benchmark" in " ".join(m.value for m in at.markdown)
