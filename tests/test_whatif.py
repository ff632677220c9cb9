"""The what-if model of metrics/whatif.py, checked against numbers worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from metrics import whatif


def groups(silent: int = 100, unresolved: int = 50, resolved: int = 150, fast: int = 100) -> pd.DataFrame:
    """Retention groups with rates 0.2 / 0.3 / 0.7 / 0.9."""
    rows = [("silent", silent, 0.2), ("unresolved", unresolved, 0.3), ("resolved", resolved, 0.7),
            ("fast", fast, 0.9)]
    return pd.DataFrame([{"group": g, "customers": n, "retained": round(n * r), "rate": r if n else None}
                         for g, n, r in rows])


ICEBERG = {"complainers": 310, "total_dissatisfied_est": 1000}
FUNNEL = {"lost": 200, "annual_revenue_lost": 400_000.0}


def test_baseline_from_measured_groups() -> None:
    b = whatif.baseline(ICEBERG, groups(), FUNNEL)
    assert b is not None
    assert b.dissatisfied == 1000
    assert b.complain_share == pytest.approx(0.31)
    assert b.fast_share == pytest.approx(100 / 300)          # fast / all complainers in the cohort
    assert b.r_rest == pytest.approx((0.7 * 150 + 0.3 * 50) / 200)  # 0.6
    assert b.revenue_per_lost == 2000
    assert b.benchmarked == []


def test_kept_today_and_what_if_by_hand() -> None:
    b = whatif.baseline(ICEBERG, groups(), FUNNEL)
    assert b is not None
    # today: 1000 * (0.69 * 0.2 + 0.31 * (1/3 * 0.9 + 2/3 * 0.6)) = 1000 * (0.138 + 0.217) = 355
    assert whatif.kept(b, b.complain_share, b.fast_share) == pytest.approx(355)
    # what-if: 1000 * (0.5 * 0.2 + 0.5 * (0.8 * 0.9 + 0.2 * 0.6)) = 1000 * (0.1 + 0.42) = 520
    assert whatif.kept(b, 0.5, 0.8) == pytest.approx(520)
    out = whatif.scenario(b, 0.5, 0.8).set_index("scenario")
    assert out.at["today", "extra_customers"] == pytest.approx(0)
    assert out.at["what-if", "kept"] == pytest.approx(520)
    assert out.at["what-if", "kept_share"] == pytest.approx(0.52)
    assert out.at["what-if", "extra_customers"] == pytest.approx(165)
    assert out.at["what-if", "extra_revenue"] == pytest.approx(165 * 2000)


def test_nobody_complaining_keeps_only_the_silent_rate() -> None:
    b = whatif.baseline(ICEBERG, groups(), FUNNEL)
    assert b is not None
    assert whatif.kept(b, 0.0, 1.0) == pytest.approx(1000 * 0.2)
    assert whatif.kept(b, 1.0, 1.0) == pytest.approx(1000 * 0.9)
    assert whatif.kept(b, 1.0, 0.0) == pytest.approx(1000 * 0.6)


def test_thin_groups_use_the_benchmark_and_say_so() -> None:
    b = whatif.baseline(ICEBERG, groups(silent=10, unresolved=29), FUNNEL)
    assert b is not None
    assert b.benchmarked == ["silent", "unresolved"]
    assert b.rates["silent"].rate == 0.09 and b.rates["unresolved"].rate == 0.19
    assert b.rates["resolved"].source == "measured"
    assert "TARP" in b.rates["silent"].benchmark_label and "9%" in b.rates["silent"].benchmark_label
    # r_rest mixes the benchmark 0.19 (29 customers) with the measured 0.7 (150 customers)
    assert b.r_rest == pytest.approx((0.19 * 29 + 0.7 * 150) / 179)
    frame = whatif.rates_frame(b)
    assert list(frame["source"]) == ["benchmark", "benchmark", "measured", "measured"]


def test_empty_cohort_falls_back_to_benchmarks_with_equal_weights() -> None:
    b = whatif.baseline(ICEBERG, groups(0, 0, 0, 0), {"lost": 0, "annual_revenue_lost": 0.0})
    assert b is not None
    assert b.fast_share == 0.0
    assert b.r_rest == pytest.approx((0.54 + 0.19) / 2)
    assert b.revenue_per_lost == 0.0
    assert whatif.kept(b, 0.0, 0.0) == pytest.approx(1000 * 0.09)


@pytest.mark.parametrize("total", [None, 0, float("nan")])
def test_no_baseline_without_an_estimate_of_the_dissatisfied(total) -> None:
    assert whatif.baseline({"complainers": 3, "total_dissatisfied_est": total}, groups(), FUNNEL) is None


def test_journey_stages_by_hand() -> None:
    stages = whatif.journey_stages(ICEBERG, groups()).set_index("key")
    assert list(stages.index) == ["dissatisfied", "complained", "resolved", "fast", "retained"]
    assert list(stages["customers"]) == [1000, 310, 250, 100, 10 * 0 + 15 + 105 + 90]
    assert stages.at["complained", "share"] == pytest.approx(0.31)
    assert stages.at["resolved", "share"] == pytest.approx(250 / 300)   # of the cohort of 300
    assert stages.at["retained", "share"] == pytest.approx(210 / 300)
    assert list(stages["estimate"]) == [True, False, False, False, False]
    assert stages.at["dissatisfied", "label"] == "~1,000 (estimated)"
    assert stages.at["resolved", "label"] == "250 (83 % of the 300 complainers followed up)"


def test_journey_stages_without_an_estimate() -> None:
    stages = whatif.journey_stages({"complainers": 3, "total_dissatisfied_est": None}, groups(0, 0, 0, 0))
    assert stages.at[0, "label"] == "n/a" and stages.at[1, "share"] is None
