"""The overview page on the hand-made sample warehouse: KPI cards and findings equal the metrics.

Checks the six cards (values formatted from metrics.overview for the same
filters, "no earlier period" on the default whole-history window, signed
deltas on a shorter one), the four findings with their links, that the Region
filter changes the numbers, and that a warehouse without surveys and contacts
still renders.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from apptest_support import run_app, serve_warehouse, sidebar_widget
from sample_warehouse import build_sample
from view_checks import (
    assert_clean,
    build_without_optional,
    charts,
    expected,
    resolved,
    title,
)

from metrics.params import DEFAULT_PARAMS
from ui.content.overview import (
    NO_EARLIER,
    NO_VALUE_EARLIER,
    format_change,
    format_value,
)

PAGE = "views/overview.py"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("overview") / "sample.duckdb", build_sample) as path:
        yield path


def cards(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def expected_cards(path: Path, **filters) -> dict[str, tuple[str, str]]:
    rows = expected(path, "overview", resolved(path, **filters)).to_dict("records")
    earlier = any(r["previous"] is not None for r in rows)

    def delta(r: dict) -> str:
        if r["previous"] is None:
            return NO_VALUE_EARLIER if earlier else NO_EARLIER
        if r["n"] is not None and r["n"] == r["n"] and r["n"] < 30:  # a rate on fewer than 30: no comparison
            return f"change: not enough data yet (n = {int(r['n'])}; 30 needed)"
        return format_change(r["unit"], r["change"])
    return {r["label"]: (format_value(r["unit"], r["value"]), delta(r)) for r in rows}


def test_cards_equal_the_metrics_on_the_default_window(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    shown = cards(at)
    assert shown == expected_cards(sample)
    # default window 2024-01-02 .. 2024-12-31 (as_of - 364 days, 2024 is a leap year), compared with
    # 2023-01-02 .. 2024-01-01. Worked by hand from tests/sample_warehouse.py: C01, C06, C11 active
    # on 2024-12-31; C01, C02, C03, C06, C07, C09 active on 2024-01-01 -> 3 against 6.
    assert shown["Active customers"] == ("3", "-3")
    # the churn rate rests on 7 customers (the 6 above plus C11, new on 2024-12-01): no comparison stated
    assert shown["Churn rate"][1] == "change: not enough data yet (n = 7; 30 needed)"
    assert shown["Median resolution time"][0].endswith(" h")


def test_all_history_has_no_earlier_period(sample: Path) -> None:
    at = run_app(PAGE, {"start": "2023-01-01"})
    assert_clean(at)
    shown = cards(at)
    assert shown == expected_cards(sample, start=date(2023, 1, 1))
    assert shown["Active customers"] == ("3", NO_EARLIER)
    assert shown["Churn rate"][0] == "70.0 %"  # 7 of 10 customers lost over the whole history


def test_a_shorter_window_shows_signed_deltas(sample: Path) -> None:
    at = run_app(PAGE, {"start": "2024-01-01"})
    assert_clean(at)
    shown = cards(at)
    assert shown == expected_cards(sample, start=date(2024, 1, 1))
    assert all(delta[:1] in ("+", "-") or delta.startswith("change: not enough data yet")
               for _, delta in shown.values() if delta != "not comparable")


def test_findings_state_no_rate_from_groups_under_30(sample: Path) -> None:
    at = run_app(PAGE)
    f = resolved(sample)
    text = " ".join(m.value for m in at.markdown)
    funnel = expected(sample, "funnel", f).iloc[0]
    # C02, C03, C07, C09 leave between 2024-01-02 and 2024-12-31: 4 lost, too few for a share
    assert int(funnel["lost"]) == 4
    assert (f"4 customers left in this window, taking {funnel['annual_revenue_lost']:,.0f} of annual revenue with "
            "them; how many complained first: not enough data yet (n = 4; 30 needed).") in text
    # as_of 2024-12-31: no complaint opened in 2024 has a full 365-day follow-up; the finding uses the
    # follow-up the resolution page opens on (180 days: C01's K02 of 2024-06-10), with too few customers
    assert int(expected(sample, "retention_groups", f)["customers"].sum()) == 0
    groups = expected(sample, "retention_groups", f, replace(DEFAULT_PARAMS, horizon_days=180)).set_index("group")
    n_fast, n_unresolved = int(groups.at["fast", "customers"]), int(groups.at["unresolved", "customers"])
    assert (f"Retention after resolution within a day against unresolved: not enough data yet "
            f"(n = {n_fast} and {n_unresolved} customers; 30 needed).") in text
    assert "kept" not in text and "x longer" not in text and "x as often" not in text
    # 3 large and 2 small accounts: the neglect ratios are not stated
    assert "Small accounts vs large accounts: not enough data yet (n = 3 and 2 accounts; 30 needed)." in text
    ice = expected(sample, "iceberg", f).iloc[0]
    assert ice["silent_method"] == "benchmark"
    assert (f"{int(ice['complainers'])} customers complained, {int(ice['escalated'])} of them to management; "
            "the silent majority is not measured here (benchmark only)") in text
    links = {p.proto.label: p.proto.page for p in at.get("page_link")}
    assert {links[k] for k in ("The lost-customer funnel", "Retention by resolution speed",
                               "The complaint iceberg", "Small vs large accounts")} == {
        "funnel", "resolution", "iceberg", "accounts"}


def test_lost_chart_matches_the_funnel(sample: Path) -> None:
    at = run_app(PAGE)
    spec = charts(at)["customers-lost"]
    funnel = expected(sample, "funnel", resolved(sample)).iloc[0]
    assert spec["data"][0]["x"] == [int(funnel[k]) for k in ("lost_after_resolved", "lost_after_unresolved",
                                                             "lost_silent")]
    lost = int(funnel["lost"])  # 4: too few to state the share that left silently
    assert title(spec) == (f"{lost} customers lost in the window; what share complained first: "
                           f"not enough data yet (n = {lost}; 30 needed)")


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
        assert "(benchmark only)" in " ".join(m.value for m in at.markdown)
