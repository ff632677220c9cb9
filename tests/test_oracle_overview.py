"""Independent checks on the sample warehouse: the overview KPIs, the Pareto curve, the complaint mix.

Every expected value is worked out by hand in the comments from the rows of
tests/sample_warehouse.py (its docstring holds the lifecycle table at the
default as_of 2024-12-31).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from metrics.params import Filters
from tests.metric_support import run_metric as run

D = date


# ---------------------------------------------------------------- overview KPIs

# 2024 (as_of 2024-12-31): start_active C01 C02 C03 C06 C07 C09 = 6 (C04, C08, C10 were lost in 2023);
#   new C11 = 1; lost C02 C03 C07 C09 = 4; end_active 3; churn 4/7.
#   annual revenue lost: C02 300 + C03 500 + C07 500 + C09 200 = 1500.
#   complaints opened: K02, K04, K10 = 3 -> 3 * 1000 / 7; resolution hours 240, 2187, 1 -> median 240.
#   iceberg: complainers C01 C03 C10 = 3; one dissatisfied answer with `complained` set (S07) < 30
#   -> benchmark 0.69: round(3 * 0.69 / 0.31) = round(6.68) = 7.
# The window before (366 days, 2024 being a leap year): 2022-12-31 .. 2023-12-31, as of 2023-12-31.
#   Lifecycle at that as_of: only C04 (signup + 180 = 2023-08-28), C08 (2023-12-26) and C10
#   (2023-11-28) are lost; every other last order + 180 falls in 2024, and C02's churn_date
#   2024-03-15 is after the as_of.
#   start_active 0; new: the nine customers but C11 (2024-12-01) = 9; lost 3; end_active 6;
#   churn 3/9; annual revenue lost C08 1000 (C04, C10 have none).
#   complaints opened in 2023: K01 K03 K06a K06b K07 K08 K09 = 7 -> 7000 / 9;
#   resolved ones: 24, 72, 960, 168, 30 h -> median 72.
#   complainers C01 C02 C06 C07 C08 C09 = 6; four dissatisfied answers with `complained` set
#   (S02 S03 S06 S09) < 30 -> benchmark: round(6 * 0.69 / 0.31) = round(13.35) = 13.
KPIS_2024 = {
    "active_customers": (3, 6),
    "churn_rate": (4 / 7, 1 / 3),
    "annual_revenue_lost": (1500.0, 1000.0),
    "complaints_per_1000": (3000 / 7, 7000 / 9),
    "median_resolution_hours": (240.0, 72.0),
    "silent_estimated": (7, 13),
}


def test_overview_kpis_and_changes_by_hand(hand_sample: Path) -> None:
    got = run(hand_sample, "overview", Filters(start=D(2024, 1, 1))).set_index("kpi")
    assert list(got.index) == list(KPIS_2024)
    for kpi, (value, previous) in KPIS_2024.items():
        row = got.loc[kpi]
        assert row["value"] == pytest.approx(value, rel=1e-12), kpi
        assert row["previous"] == pytest.approx(previous, rel=1e-12), kpi
        assert row["change"] == pytest.approx(value - previous, rel=1e-12), kpi


def test_overview_on_the_whole_history_has_no_earlier_window(hand_sample: Path) -> None:
    # Default window 2023-01-01 .. 2024-12-31: nobody had started before 2023-01-01, so the
    # previous window has no customers and no KPI is compared.
    # active C01 C06 C11 = 3; lost 7 of the 10 customers with a start; revenue lost 2500.
    got = run(hand_sample, "overview").set_index("kpi")
    assert got.at["active_customers", "value"] == 3
    assert got.at["churn_rate", "value"] == pytest.approx(0.7, rel=1e-12)
    assert got.at["annual_revenue_lost", "value"] == 2500.0
    # ten complaints (K05 is C05's) per 10 customers; median of 24 30 72 168 240 960 1 2187 h = (72 + 168) / 2
    assert got.at["complaints_per_1000", "value"] == pytest.approx(1000.0, rel=1e-12)
    assert got.at["median_resolution_hours", "value"] == pytest.approx(120.0, rel=1e-12)
    assert got["previous"].isna().all() and got["change"].isna().all()


# ---------------------------------------------------------------- Pareto curve

def test_pareto_over_the_whole_history(hand_sample: Path) -> None:
    # Window revenue: C01 5000, C06 2000, C07 1000, C08 1000 (tie: by customer_id), C03 500,
    # C02 300, C09 200; C10's only order is 0, so it is not ranked. Total 10,000.
    got = run(hand_sample, "pareto_curve")
    assert got["rank"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert got["account_share"].tolist() == pytest.approx([k / 7 for k in range(1, 8)], rel=1e-12)
    assert got["revenue_share"].tolist() == pytest.approx([0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0], rel=1e-12)


def test_pareto_on_a_window_that_cuts_the_orders(hand_sample: Path) -> None:
    # 2024 only: C01 1000 + 1500 = 2500, C06 1000, C07 500, C03 300, C09 200; total 4500.
    got = run(hand_sample, "pareto_curve", Filters(start=D(2024, 1, 1)))
    assert got["revenue_share"].tolist() == pytest.approx([2500 / 4500, 3500 / 4500, 4000 / 4500,
                                                           4300 / 4500, 1.0], rel=1e-12)
    assert got["account_share"].tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0], rel=1e-12)


def test_pareto_thinning_keeps_the_first_and_last_account(hand_sample: Path) -> None:
    # 7 accounts, about 3 points: every floor(7 / 3) = 2nd rank, plus ranks 1 and 7.
    got = run(hand_sample, "pareto_curve", points=3)
    assert got["rank"].tolist() == [1, 2, 4, 6, 7]
    assert got["revenue_share"].tolist() == pytest.approx([0.5, 0.7, 0.9, 0.98, 1.0], rel=1e-12)


# ---------------------------------------------------------------- complaint mix

@pytest.mark.parametrize(("dimension", "expected"), [
    # The ten complaints of customers with a start (K05 is C05's), whole history:
    #   phone K01 K07 K09 (frontline, all resolved); email K02 (escalated, resolved) K03 (escalated, open);
    #   store K06a (escalated, resolved) K06b (open); web K04 K08 (resolved); social K10 (resolved).
    ("channel", [["phone", 3, 0, 3], ["email", 2, 2, 1], ["store", 2, 1, 1], ["web", 2, 0, 2],
                 ["social", 1, 0, 1]]),
    #   billing K01 K03 K08 K09; quality K04 K06a K06b; delivery K02 K07; other K10.
    ("category", [["billing", 4, 1, 3], ["quality", 3, 1, 2], ["delivery", 2, 1, 2], ["other", 1, 0, 1]]),
])
def test_complaint_mix_by_hand(hand_sample: Path, dimension: str, expected: list) -> None:
    got = run(hand_sample, "complaint_mix", dimension=dimension)
    assert got[["value", "complaints", "escalated", "resolved"]].values.tolist() == expected
    assert got["share"].tolist() == pytest.approx([row[1] / 10 for row in expected], rel=1e-12)
