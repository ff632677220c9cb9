"""Unit tests of the overview, iceberg and resolution chart builders and the overview's sentences.

Pure inputs (small DataFrames written here), so each finding in a title can be
checked by eye: titles state the finding, groups with n < 30 are grey and say
so, benchmark traces carry their source, the trend rule and label spreading
behave at their edges, and sentences degrade when a number is missing.
"""
from __future__ import annotations

import pandas as pd
import pytest

from charts.common import pct
from charts.iceberg import (
    LAYER_LABELS,
    Trend,
    iceberg_chart,
    iceberg_title,
    mix_chart,
    mix_title,
    trend_chart,
    trend_direction,
)
from charts.overview import lost_chart, lost_title
from charts.resolution import (
    GREY,
    GROUP_COLOURS,
    buckets_chart,
    buckets_title,
    curves_chart,
    groups_chart,
    groups_title,
    spread,
    survival_at,
)
from charts.theme import finish, wrap
from metrics.benchmarks import REPURCHASE
from ui.content.overview import format_change, format_value, funnel_sentence


def one_line(fig) -> str:
    """A figure's title as one line (long titles are wrapped with <br>)."""
    return (fig.layout.title.text or "").replace("<br>", " ")

NOTE = "2024-01-01 to 2024-12-31 · as of 2024-12-31 · region: all · segment: all"


def rates(rows: dict[str, tuple[int, int]], key: str = "group") -> pd.DataFrame:
    """customers, retained -> a retention frame with rough intervals (rate +- 0.05)."""
    out = []
    for name, (n, kept) in rows.items():
        rate = kept / n if n else None
        out.append({key: name, "customers": n, "retained": kept, "rate": rate,
                    "ci_low": None if rate is None else max(rate - 0.05, 0),
                    "ci_high": None if rate is None else min(rate + 0.05, 1)})
    return pd.DataFrame(out).astype({"rate": object, "ci_low": object, "ci_high": object})


GROUPS = rates({"silent": (200, 40), "unresolved": (100, 28), "resolved": (300, 204), "fast": (20, 17)})


def test_group_title_states_the_finding_only_from_groups_of_30() -> None:
    # 20 resolved within a day (< 30): the rates stay on the chart, the sentence does not state them
    assert groups_title(GROUPS, 24) == ("Retention after resolution within a day against unresolved: "
                                        "not enough data yet (n = 20 and 100 customers; 30 needed)")
    big = rates({"silent": (200, 40), "unresolved": (100, 28), "resolved": (300, 204), "fast": (200, 170)})
    assert groups_title(big, 8) == "Complaints resolved within 8 h kept 85 % of customers; unresolved ones only 28 %"
    empty = rates({g: (0, 0) for g in ("silent", "unresolved", "resolved", "fast")})
    assert "not enough data yet (n = 0 and 0 customers" in groups_title(empty, 24)


def test_group_chart_greys_small_groups_and_draws_the_benchmark() -> None:
    fig = groups_chart(GROUPS, 24, 365, NOTE, REPURCHASE["large"], "Benchmark: TARP")
    bars = fig.data[0]
    assert list(bars.marker.color) == [GROUP_COLOURS["silent"], GROUP_COLOURS["unresolved"],
                                       GROUP_COLOURS["resolved"], GREY]
    assert "n < 30" in " ".join(fig.data[1].text)  # the grey bar's value is printed above it
    assert list(bars.error_y.array) == pytest.approx([0.05] * 4)
    bench = next(t for t in fig.data if t.name == "Benchmark: TARP")
    assert list(bench.y) == [0.09, 0.19, 0.54, 0.82]
    assert all("TARP" in row[1] for row in bench.customdata)  # source on hover
    assert fig.layout.annotations[-1].text.startswith(NOTE)  # footnote
    assert "Resolved within 24 h<br>n = 20" in fig.layout.xaxis.ticktext


def test_bucket_chart_title_uses_measured_buckets_only() -> None:
    buckets = rates({"<=1d": (100, 85), "1-3d": (50, 40), "3-7d": (10, 5), "7-30d": (0, 0), ">30d": (3, 1),
                     "unresolved": (60, 15)}, key="bucket")
    assert buckets_title(buckets) == "Resolved within 1 day: 85 % stay; unresolved: 25 %"
    fig = buckets_chart(buckets, 365, NOTE)
    assert fig.data[0].marker.color[2] == GREY and fig.data[0].marker.color[0] != GREY
    assert "no data" in fig.data[1].text  # the empty bucket says so instead of a 0 % bar label
    assert all(t.name is None or not t.name.startswith("Benchmark") for t in fig.data)


def test_curves_title_reads_survival_at_the_horizon() -> None:
    rows = []
    for bucket, drop in (("<=1d", 0.1), ("unresolved", 0.7)):
        rows += [{"group": bucket, "day": 0, "at_risk": 100, "lost": 0, "censored": 0, "survival": 1.0,
                  "ci_low": 1.0, "ci_high": 1.0},
                 {"group": bucket, "day": 200, "at_risk": 100, "lost": int(drop * 100), "censored": 0,
                  "survival": 1 - drop, "ci_low": 0.8 - drop, "ci_high": 1.0},
                 {"group": bucket, "day": 500, "at_risk": 30, "lost": 0, "censored": 30, "survival": 1 - drop,
                  "ci_low": 0.8 - drop, "ci_high": 1.0}]
    curves = pd.DataFrame(rows)
    assert survival_at(curves, 365) == {"<=1d": 0.9, "unresolved": pytest.approx(0.3)}
    fig = curves_chart(curves, 365, NOTE)
    assert one_line(fig) == "After a year, 90 % of customers resolved within 1 day remain; 30 % of the unresolved"
    assert fig.layout.xaxis.title.text == "Days since the first complaint"
    assert any(t.fill == "toself" for t in fig.data)  # the bands


def test_spread_keeps_labels_apart() -> None:
    placed = spread({"a": 0.87, "b": 0.86, "c": 0.27})
    assert placed == {"a": pytest.approx(0.87), "b": pytest.approx(0.81), "c": pytest.approx(0.27)}


ICE = pd.Series({"complainers": 2167, "escalated": 725, "frontline_only": 1442, "silent_share": 0.69,
                 "silent_method": "survey", "silent_estimated": 4920, "total_dissatisfied_est": 7087,
                 "multiplier": 9.775, "survey_n": 677})


def test_iceberg_marks_the_estimate_and_states_the_multiplier() -> None:
    fig = iceberg_chart(ICE, NOTE, 30)
    assert one_line(fig) == "For every complaint that reached management, about 10 customers were dissatisfied"
    silent = next(t for t in fig.data if t.name == LAYER_LABELS["silent_estimated"])
    assert silent.marker.pattern.shape == "/" and "estimated" in silent.text[0]
    assert any(t.name == "Pyramid benchmark (source articles)" for t in fig.data)
    assert any(s.type == "line" and s.y0 == 1.5 for s in fig.layout.shapes)  # the water line
    no_escalation = ICE.copy()
    no_escalation["multiplier"] = None
    assert iceberg_title(no_escalation) == ("2,167 customers complained, 725 of them to management; about 4,920 "
                                            "more were dissatisfied and said nothing")
    # the silent layer from the benchmark: never shown as this company's share
    bench = ICE.copy()
    bench["silent_method"] = "benchmark"
    assert iceberg_title(bench) == ("2,167 customers complained, 725 of them to management; "
                                    "the silent majority is not measured here (benchmark only)")
    company = next(t for t in iceberg_chart(bench, NOTE, 30).data if t.name.startswith("This company"))
    assert "here" not in " ".join(company.text) and "benchmark only" in company.text


def months(values: list[float | None], partial_last: bool = False) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"month": pd.date_range("2025-01-01", periods=n, freq="MS"), "complaints": [10] * n,
                         "escalated": [1] * n, "active": [1000] * n, "complaints_per_1000": values,
                         "partial": [False] * (n - 1) + [partial_last]})


def test_trend_direction_compares_full_quarters() -> None:
    assert trend_direction(months([5, 5, 5, 7, 7, 7])) == Trend("rising", 7, 5)
    assert trend_direction(months([5, 5, 5, 4, 4, 4])).direction == "falling"
    assert trend_direction(months([5, 5, 5, 5.2, 5.2, 5.2])).direction == "stable"
    assert trend_direction(months([5, 5, 5, 5, 5])).direction == "unknown"
    # a cut last month is left out: the comparison shifts one month back
    assert trend_direction(months([5, 5, 5, 7, 7, 7, 1], partial_last=True)) == Trend("rising", 7, 5)
    fig = trend_chart(months([5, 5, 5, 7, 7, 7]), NOTE)
    assert one_line(fig).startswith("Complaints are rising: 7.0 per 1,000")


def test_mix_title_names_the_leader_or_says_even() -> None:
    lead = pd.DataFrame({"value": ["phone", "email"], "complaints": [60, 40], "escalated": [6, 4],
                         "resolved": [50, 30], "share": [0.6, 0.4]})
    assert mix_title(lead, "channel") == "Phone brings 60 % of complaints, the most of any channel"
    even = lead.assign(share=[0.505, 0.495])
    assert mix_title(even, "category") == "Complaints are spread evenly across categories (50 % to 50 % each)"
    fig = mix_chart(lead, "channel", NOTE)
    assert list(fig.data[0].text) == ["40 (40 %)", "60 (60 %)"]  # largest on top, values printed


def test_lost_chart_prints_counts_and_shares() -> None:
    funnel = pd.Series({"lost": 100, "lost_silent": 87, "lost_after_unresolved": 5, "lost_after_resolved": 8,
                        "annual_revenue_lost": 1234.5})
    fig = lost_chart(funnel, NOTE, "1,235")
    assert lost_title(funnel) == "87 % of the 100 customers lost left without a complaint on record"
    assert list(fig.data[0].text) == ["8 (8 %)", "5 (5 %)", "87 (87 %)"]
    assert lost_title(funnel.replace(100, 0)) == "No customers were lost in this window"


def test_footnote_is_wrapped_below_the_axis() -> None:
    assert all(len(line) <= 105 for line in wrap("word " * 80).split("<br>"))
    fig = finish(lost_chart(pd.Series({"lost": 1, "lost_silent": 1, "lost_after_unresolved": 0,
                                           "lost_after_resolved": 0}), NOTE, "0"), "T", NOTE + "<br>n = 1")
    assert fig.layout.annotations[-1].yshift < 0 and fig.layout.margin.b > 100


def test_formats_and_sentences_degrade_gracefully() -> None:
    assert [format_value(u, v) for u, v in (("customers", 16094.0), ("share", 0.1953), ("money", 3671989.36),
                                            ("rate", 126.3), ("hours", 41.2), ("hours", None))] == \
        ["16,094", "19.5 %", "3,671,989", "126.3", "41 h", "n/a"]
    assert format_change("share", -0.012) == "-1.2 pp" and format_change("customers", 1234) == "+1,234"
    assert funnel_sentence(pd.Series({"lost": 0})) == "No customers were lost in this window."
    one = pd.Series({"lost": 1, "lost_silent": 1, "annual_revenue_lost": 1200.0})
    assert funnel_sentence(one) == ("1 customer left in this window, taking 1,200 of annual revenue with it; "
                                    "how many complained first: not enough data yet (n = 1; 30 needed).")
    many = pd.Series({"lost": 40, "lost_silent": 30, "annual_revenue_lost": 5000.0})
    assert funnel_sentence(many) == ("40 customers left in this window, taking 5,000 of annual revenue with "
                                     "them; 75 % of them left without a complaint on record.")
    assert pct(None) == "-" and pct(0.855) == "86 %"
