"""Independent checks of the Kaplan-Meier retention curves.

Three layers: `metrics.stats.kaplan_meier` on a case worked by hand (survival
and the Greenwood band); the same function against statsmodels'
SurvfuncRight (survival, numbers at risk and lost, Greenwood standard errors)
on seeded random data with many ties; and
`metrics.retention_curves` on the sample warehouse, whose follow-up days are
worked out by hand from tests/sample_warehouse.py and fitted again by statsmodels.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

import metrics
from data.warehouse import close, cursor
from metrics.params import Params, resolve_filters
from metrics.stats import kaplan_meier
from tests.sample_warehouse import build_sample

Z = 1.959964
D = date


def events_frame(groups: dict[str, list[tuple[int, bool]]]) -> pd.DataFrame:
    """(day, lost?) per subject -> the group, day, lost, censored counts kaplan_meier takes."""
    rows = [(g, day, int(lost), int(not lost)) for g, subjects in groups.items() for day, lost in subjects]
    frame = pd.DataFrame(rows, columns=["group", "day", "lost", "censored"])
    return frame.groupby(["group", "day"], as_index=False)[["lost", "censored"]].sum()


# ---------------------------------------------------------------- by hand

def test_kaplan_meier_by_hand() -> None:
    # Group a, five customers: lost on day 1; censored on day 2; two lost on day 3; censored on day 4.
    #   day 1: 5 at risk, 1 lost -> S = 4/5 = 0.8;        Greenwood sum 1/(5*4) = 0.05
    #   day 2: 4 at risk, 1 censored -> S = 0.8
    #   day 3: 3 at risk, 2 lost -> S = 0.8 * 1/3;        sum + 2/(3*1) = 0.05 + 2/3
    #   day 4: 1 at risk, 1 censored -> unchanged
    # Band: S +- z * S * sqrt(sum), clipped to [0, 1].
    # Group b, one customer lost on day 2: S = 0 and the band closes at 0.
    got = kaplan_meier(events_frame({"a": [(1, True), (2, False), (3, True), (3, True), (4, False)],
                                     "b": [(2, True)]}))
    a = got[got["group"] == "a"]
    assert a["day"].tolist() == [0, 1, 2, 3, 4]
    assert a["at_risk"].tolist() == [5, 5, 4, 3, 1]
    assert a["lost"].tolist() == [0, 1, 0, 2, 0]
    assert a["censored"].tolist() == [0, 0, 1, 0, 1]
    s3 = 0.8 / 3
    assert a["survival"].tolist() == pytest.approx([1.0, 0.8, 0.8, s3, s3], rel=1e-12)
    half1 = Z * 0.8 * math.sqrt(0.05)
    half3 = Z * s3 * math.sqrt(0.05 + 2 / 3)
    assert a["ci_low"].tolist() == pytest.approx([1.0, 0.8 - half1, 0.8 - half1, 0.0, 0.0], rel=1e-9)
    assert a["ci_high"].tolist() == pytest.approx([1.0, 1.0, 1.0, s3 + half3, s3 + half3], rel=1e-9)
    b = got[got["group"] == "b"]
    assert b[["day", "at_risk", "lost", "survival", "ci_low", "ci_high"]].values.tolist() == [
        [0, 1, 0, 1.0, 1.0, 1.0], [2, 1, 1, 0.0, 0.0, 0.0]]


# ---------------------------------------------------------------- against statsmodels

def _random_groups(seed: int = 16) -> dict[str, list[tuple[int, bool]]]:
    """Three groups of 25-60 customers, days 0..120 (many ties), 60 % lost."""
    rng = np.random.default_rng(seed)
    return {g: [(int(d), bool(e)) for d, e in zip(rng.integers(0, 121, n), rng.random(n) < 0.6)]
            for g, n in zip(("x", "y", "z"), rng.integers(25, 61, 3))}


def _step(sf: SurvfuncRight, days: np.ndarray) -> list[float]:
    """statsmodels' survival function read as a step function at `days` (1 before the first loss)."""
    idx = np.searchsorted(sf.surv_times, days, side="right") - 1
    return [1.0 if i < 0 else float(sf.surv_prob[i]) for i in idx]


@pytest.mark.parametrize("seed", [16, 17, 18])
def test_kaplan_meier_agrees_with_statsmodels(seed: int) -> None:
    groups = _random_groups(seed)
    got = kaplan_meier(events_frame(groups))
    for name, subjects in groups.items():
        days = np.array([d for d, _ in subjects], dtype=float)
        lost = np.array([e for _, e in subjects], dtype=bool)
        curve = got[(got["group"] == name)].iloc[1:]          # without the day-0 start row
        sf = SurvfuncRight(days, lost.astype(int))
        # survival after each day, and at the days with a loss the numbers at risk and lost
        assert curve["survival"].tolist() == pytest.approx(_step(sf, curve["day"].to_numpy(float)), rel=1e-12)
        at_loss_days = pd.Series(sf.n_risk, index=sf.surv_times.astype(int))
        by_day = curve.set_index("day")
        assert by_day.loc[at_loss_days.index, "at_risk"].tolist() == at_loss_days.astype(int).tolist()
        assert by_day.loc[at_loss_days.index, "lost"].tolist() == np.asarray(sf.n_events, int).tolist()
        # every day: at risk = followed up to at least that day (a direct count)
        assert curve["at_risk"].tolist() == [int((days >= d).sum()) for d in curve["day"]]
        # Greenwood standard errors at the days with a loss (while S > 0)
        se = pd.Series(sf.surv_prob_se, index=sf.surv_times)
        surv = pd.Series(sf.surv_prob, index=sf.surv_times)
        at_loss = curve.set_index("day").loc[surv.index[surv > 0].astype(int)]
        expected = surv[surv > 0]
        half = Z * se[surv > 0]
        assert len(at_loss) >= 10
        assert at_loss["ci_low"].tolist() == pytest.approx(np.clip(expected - half, 0, 1).tolist(), abs=1e-9)
        assert at_loss["ci_high"].tolist() == pytest.approx(np.clip(expected + half, 0, 1).tolist(), abs=1e-9)


# ---------------------------------------------------------------- retention_curves on the sample warehouse

# Each customer's first complaint in 2023-01-01 .. 2024-12-31, followed from its day to lost_on
# (lost) or to as_of 2024-12-31 (censored); a loss before the complaint counts on day 0.
SAMPLE_FOLLOW_UP = {
    "<=1d": [((D(2024, 12, 31) - D(2023, 2, 1)).days, False),    # C01 K01 24 h, still a customer: 699
             (0, True)],                                         # C10 K10 1 h, lost 2023-11-28 before it
    "1-3d": [((D(2024, 7, 30) - D(2023, 3, 1)).days, True),      # C09 K09 30 h: 517
             ((D(2024, 12, 31) - D(2023, 5, 10)).days, False)],  # C06 K06a 72 h (first by id): 601
    "3-7d": [((D(2023, 12, 26) - D(2023, 6, 15)).days, True)],   # C08 K08 168 h: 194
    ">30d": [((D(2024, 12, 31) - D(2024, 10, 1)).days, True),    # C03 K04 2187 h: 91
             ((D(2024, 10, 28) - D(2023, 11, 1)).days, True)],   # C07 K07 960 h: 362
    "unresolved": [((D(2024, 3, 15) - D(2023, 6, 1)).days, True)],   # C02 K03: 288
}


@pytest.fixture(scope="module")
def curves(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pd.DataFrame]:
    path = tmp_path_factory.mktemp("oracle-survival") / "sample.duckdb"
    build_sample(path)
    con = cursor(path)
    try:
        yield metrics.retention_curves(con, resolve_filters(con), Params())
    finally:
        con.close()
        close(path)


def test_retention_curves_on_the_sample_by_hand(curves: pd.DataFrame) -> None:
    assert [699, 0, 517, 601, 194, 91, 362, 288] == [d for s in SAMPLE_FOLLOW_UP.values() for d, _ in s]
    # Buckets in the order of the speed buckets; 7-30d has nobody and no curve.
    assert curves["group"].unique().tolist() == ["<=1d", "1-3d", "3-7d", ">30d", "unresolved"]
    rows = curves[["group", "day", "at_risk", "lost", "censored", "survival"]].values.tolist()
    assert rows == [
        ["<=1d", 0, 2, 0, 0, 1.0], ["<=1d", 0, 2, 1, 0, 0.5], ["<=1d", 699, 1, 0, 1, 0.5],
        ["1-3d", 0, 2, 0, 0, 1.0], ["1-3d", 517, 2, 1, 0, 0.5], ["1-3d", 601, 1, 0, 1, 0.5],
        ["3-7d", 0, 1, 0, 0, 1.0], ["3-7d", 194, 1, 1, 0, 0.0],
        [">30d", 0, 2, 0, 0, 1.0], [">30d", 91, 2, 1, 0, 0.5], [">30d", 362, 1, 1, 0, 0.0],
        ["unresolved", 0, 1, 0, 0, 1.0], ["unresolved", 288, 1, 1, 0, 0.0]]
    # S = 0.5 with 2 at risk: Greenwood se = 0.5 * sqrt(1 / (2 * 1)) = 0.354, z * se = 0.69 -> [0, 1];
    # S = 0 closes the band.
    half = curves[curves["survival"] == 0.5]
    assert half["ci_low"].tolist() == [0.0] * 5 and half["ci_high"].tolist() == [1.0] * 5
    zero = curves[curves["survival"] == 0.0]
    assert zero["ci_low"].tolist() == [0.0] * 3 and zero["ci_high"].tolist() == [0.0] * 3


def test_retention_curves_on_the_sample_agree_with_statsmodels(curves: pd.DataFrame) -> None:
    for bucket, subjects in SAMPLE_FOLLOW_UP.items():
        sf = SurvfuncRight(np.array([d for d, _ in subjects], float), np.array([e for _, e in subjects], int))
        curve = curves[curves["group"] == bucket].iloc[1:]
        assert curve["survival"].tolist() == pytest.approx(
            _step(sf, curve["day"].to_numpy(float)), rel=1e-12), bucket
