"""Independent checks of the leaky-bucket details: the monthly trend, lost customers, churn reasons.

Every expected value is worked out by hand in the comments from the rows of
tests/sample_warehouse.py (its docstring holds the lifecycle table at the
default as_of 2024-12-31), or computed by a plain loop over that hand-worked
lifecycle, never by the SQL under test.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from metrics.params import Filters
from tests.metric_support import run_metric as run
from tests.sample_warehouse import COMPLAINTS

D = date
# customer: (first_active, lost_on) at as_of 2024-12-31, from the sample's docstring (C05 has no start).
LIFECYCLE = {
    "C01": (D(2023, 1, 1), None), "C02": (D(2023, 1, 10), D(2024, 3, 15)),
    "C03": (D(2023, 7, 6), D(2024, 12, 31)), "C04": (D(2023, 3, 1), D(2023, 8, 28)),
    "C06": (D(2023, 5, 1), None), "C07": (D(2023, 2, 15), D(2024, 10, 28)),
    "C08": (D(2023, 4, 1), D(2023, 12, 26)), "C09": (D(2023, 1, 5), D(2024, 7, 30)),
    "C10": (D(2023, 6, 1), D(2023, 11, 28)), "C11": (D(2024, 12, 1), None),
}


# ---------------------------------------------------------------- the monthly trend

def test_monthly_by_hand_on_a_window_cut_inside_months(hand_sample: Path) -> None:
    # Window 2023-05-05 .. 2023-07-10 (as_of stays 2024-12-31): May is cut to 05-05..05-31,
    # July to 07-01..07-10.
    # May: C06 started 05-01, before the cut, so it is active but not new; started by 05-31:
    #      C01 C09 C02 C07 C04 C08 C06 = 7, none lost -> active 7, active_end 7.
    #      Complaints: K06a (escalated) and K06b (frontline), 05-10 -> 2, 1 escalated; 2000/7 per 1,000.
    # June: C10 starts 06-01 -> new 1; active 8. K03 (escalated, 06-01), K08 (06-15) -> 2, 1; 2000/8 = 250.
    # July: C03 starts 07-06 -> new 1; active 9; no complaint -> 0 per 1,000.
    got = run(hand_sample, "funnel_monthly", Filters(start=D(2023, 5, 5), end=D(2023, 7, 10)))
    assert got["month"].map(pd.Timestamp).tolist() == [pd.Timestamp(2023, m, 1) for m in (5, 6, 7)]
    assert got[["new", "lost", "active", "active_end", "complaints", "escalated"]].values.tolist() == [
        [0, 0, 7, 7, 2, 1], [1, 0, 8, 8, 2, 1], [1, 0, 9, 9, 0, 0]]
    assert got["complaints_per_1000"].tolist() == pytest.approx([2000 / 7, 250.0, 0.0], rel=1e-12)


def test_monthly_losses_and_a_complaint_before_the_cut(hand_sample: Path) -> None:
    # Window 2023-11-28 .. 2024-01-31. K07 opened 2023-11-01, before the window: not counted.
    # Nov (11-28..11-30): started by 11-30: the nine customers but C11. Lost by the first day 11-28:
    #      C04 (08-28) and C10 (lost on 11-28 itself, so not active that day) -> active 7;
    #      C10's loss falls in the span -> lost 1; active_end 7.
    # Dec: lost by 12-01: C04, C10 -> active 7; C08 lost 12-26 -> lost 1, active_end 6.
    # Jan: active 6, active_end 6; K10 opened 2024-01-01 23:30 (frontline) -> 1 complaint, 1000/6.
    got = run(hand_sample, "funnel_monthly", Filters(start=D(2023, 11, 28), end=D(2024, 1, 31)))
    assert got[["new", "lost", "active", "active_end", "complaints", "escalated"]].values.tolist() == [
        [0, 1, 7, 7, 0, 0], [0, 1, 7, 6, 0, 0], [0, 0, 6, 6, 1, 0]]
    assert got["complaints_per_1000"].tolist() == pytest.approx([0.0, 0.0, 1000 / 6], rel=1e-12)


def _months(start: date, end: date) -> list[tuple[date, date, date]]:
    """(month, first day in the window, last day in the window) for every month touching it."""
    out, month = [], date(start.year, start.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        out.append((month, max(month, start), min(date.fromordinal(following.toordinal() - 1), end)))
        month = following
    return out


def test_monthly_equals_a_plain_loop_over_the_whole_history(hand_sample: Path) -> None:
    """Every month of the default window (2023-01 .. 2024-12) from the hand-worked lifecycle."""
    counted = [k for k in COMPLAINTS if k[1] in LIFECYCLE]   # K05 belongs to C05, who has no start
    rows = []
    for month, lo, hi in _months(D(2023, 1, 1), D(2024, 12, 31)):
        life = LIFECYCLE.values()
        active = sum(1 for first, lost in life if first <= hi and (lost is None or lost > lo))
        opened = [k for k in counted if lo <= k[2].date() <= hi]
        rows.append({
            "month": pd.Timestamp(month),
            "new": sum(1 for first, _ in life if lo <= first <= hi),
            "lost": sum(1 for _, lost in life if lost is not None and lo <= lost <= hi),
            "active": active,
            "active_end": sum(1 for first, lost in life if first <= hi and (lost is None or lost > hi)),
            "complaints": len(opened),
            "escalated": sum(1 for k in opened if k[3] == "escalated"),
            "complaints_per_1000": len(opened) * 1000 / active if active else None,
        })
    expected = pd.DataFrame(rows)
    got = run(hand_sample, "funnel_monthly")
    got["month"] = got["month"].map(pd.Timestamp)
    assert len(got) == 24
    pd.testing.assert_frame_equal(got.drop(columns="complaints_per_1000"),
                                  expected.drop(columns="complaints_per_1000"), check_dtype=False)
    assert got["complaints_per_1000"].tolist() == pytest.approx(expected["complaints_per_1000"].tolist())
    # the monthly flows add up to the funnel's
    funnel = run(hand_sample, "funnel").iloc[0]
    assert (got["new"].sum(), got["lost"].sum()) == (funnel["new"], funnel["lost"])


def test_complaint_trend_is_the_monthly_series(hand_sample: Path) -> None:
    f = Filters(start=D(2023, 5, 5), end=D(2023, 7, 10))
    trend = run(hand_sample, "complaint_trend", f)
    assert list(trend.columns) == ["month", "complaints", "escalated", "active", "complaints_per_1000"]
    assert trend[["complaints", "escalated", "active"]].values.tolist() == [[2, 1, 7], [2, 1, 8], [0, 0, 9]]


# ---------------------------------------------------------------- lost customers

def test_lost_customers_by_hand(hand_sample: Path) -> None:
    # Lost in 2023-01-01 .. 2024-12-31: C02 C03 C04 C07 C08 C09 C10 (C01, C06, C11 still customers).
    # Annual revenue (orders in [last_order - 364, last_order]): C08 600+400 = 1000; C03 200+300 = 500
    # (O03a is exactly 364 days back); C07 500 (O07a is older); C02 100+200 = 300; C09 200; C04, C10 0.
    # Order: revenue descending, ties by customer_id (C03 before C07, C04 before C10).
    # Complaints opened in [lost_on - 364, lost_on]:
    #   C08 K08 (2023-06-15, resolved 06-22)          -> after resolved
    #   C03 K04 (resolved on lost_on itself, 15:00)   -> after resolved (compared by the day)
    #   C07 K07 (2023-11-01 >= 2024-10-28 - 364 = 2023-10-30, resolved 12-11) -> after resolved
    #   C02 K03 (escalated, never resolved)           -> after unresolved
    #   C09 K09 (2023-03-01 < 2024-07-30 - 364 = 2023-08-01) -> silent
    #   C04 none; C10 K10 opened after lost_on        -> silent
    got = run(hand_sample, "lost_customers")
    resolved, unresolved = "after resolved complaint", "after unresolved complaint"
    assert got[["customer_id", "annual_revenue", "lost_class", "complaints", "escalated", "unresolved"]
               ].values.tolist() == [
        ["C08", 1000.0, resolved, 1, 0, 0], ["C03", 500.0, resolved, 1, 0, 0],
        ["C07", 500.0, resolved, 1, 0, 0], ["C02", 300.0, unresolved, 1, 1, 1],
        ["C09", 200.0, "silent", 0, 0, 0], ["C04", 0.0, "silent", 0, 0, 0], ["C10", 0.0, "silent", 0, 0, 0]]
    assert got["lost_on"].map(pd.Timestamp).tolist() == [pd.Timestamp(LIFECYCLE[c][1]) for c in got["customer_id"]]
    last = dict(zip(got["customer_id"], got["last_complaint_at"]))
    assert pd.Timestamp(last["C03"]) == pd.Timestamp(datetime(2024, 10, 1, 12))
    assert pd.Timestamp(last["C02"]) == pd.Timestamp(datetime(2023, 6, 1, 8))
    assert all(pd.isna(last[c]) for c in ("C09", "C04", "C10"))
    assert [None if pd.isna(x) else x for x in got["churn_reason"]] == [
        None, None, None, "price", None, None, None]


def test_lost_customers_agree_with_the_funnel_classes(hand_sample: Path) -> None:
    lost = run(hand_sample, "lost_customers")
    funnel = run(hand_sample, "funnel").iloc[0]
    counts = lost["lost_class"].value_counts()
    assert (counts["silent"], counts["after unresolved complaint"], counts["after resolved complaint"]) == (
        funnel["lost_silent"], funnel["lost_after_unresolved"], funnel["lost_after_resolved"])
    assert lost["annual_revenue"].sum() == funnel["annual_revenue_lost"] == 2500.0


# ---------------------------------------------------------------- churn reasons

def test_churn_reasons_by_hand(hand_sample: Path) -> None:
    # Of the 7 lost, only C02 recorded a reason ("price", annual revenue 300); the other six
    # are "not recorded": 1000 + 500 + 500 + 200 + 0 + 0 = 2200.
    got = run(hand_sample, "churn_reasons")
    assert got.values.tolist() == [["not recorded", 6, 2200.0], ["price", 1, 300.0]]


def test_churn_reasons_in_a_region_and_a_window(hand_sample: Path) -> None:
    # North: C01, C02, C05, C08. Lost in the default window: C02 (price, 300), C08 (1000).
    # Equal counts, so the reasons come in name order.
    assert run(hand_sample, "churn_reasons", Filters(region="North")).values.tolist() == [
        ["not recorded", 1, 1000.0], ["price", 1, 300.0]]
    # 2024 only: C02 (2024-03-15, price), C09 (07-30), C07 (10-28), C03 (12-31).
    assert run(hand_sample, "churn_reasons", Filters(start=D(2024, 1, 1))).values.tolist() == [
        ["not recorded", 3, 1200.0], ["price", 1, 300.0]]
