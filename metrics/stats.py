"""Small statistics the metrics share: Wilson intervals, half-up rounding, Kaplan-Meier."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

Z95 = 1.959964


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float | None, float | None, float | None]:
    """(rate, low, high) with the Wilson score interval; all None when n == 0."""
    if n == 0:
        return None, None, None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return p, max(0.0, centre - half), min(1.0, centre + half)


def with_wilson(df: pd.DataFrame, successes: str = "retained", n: str = "customers") -> pd.DataFrame:
    """Add rate, ci_low, ci_high columns (None where n is 0) to a frame of counts."""
    rows = [wilson(int(s), int(t)) for s, t in zip(df[successes], df[n])]
    out = df.copy()
    out[["rate", "ci_low", "ci_high"]] = pd.DataFrame(rows, index=df.index, columns=["rate", "ci_low", "ci_high"]).astype(object)
    return out


def round_half_up(x: Fraction | int) -> int:
    """Round to the nearest integer, halves up (2.5 -> 3), exactly: pass a Fraction, not a float."""
    return math.floor(Fraction(x) + Fraction(1, 2))


def kaplan_meier(events: pd.DataFrame, z: float = Z95) -> pd.DataFrame:
    """Kaplan-Meier survival with Greenwood 95 % bands, per group.

    `events` has columns group, day, lost (events at that day), censored.
    Returns group, day, at_risk, lost, censored, survival, ci_low, ci_high, one
    row per day with an event or censoring, plus day 0 at survival 1.
    """
    out = []
    for group, g in events.sort_values("day").groupby("group", sort=False):
        total = int(g["lost"].sum() + g["censored"].sum())
        at_risk = total - (g["lost"] + g["censored"]).cumsum().shift(fill_value=0)
        d, n = g["lost"].to_numpy(float), at_risk.to_numpy(float)
        surv = np.cumprod(1 - d / n)
        with np.errstate(divide="ignore", invalid="ignore"):  # once all are lost, S = 0 and the band closes
            term = np.where(n > d, d / (n * (n - d)), np.inf)
            var = surv ** 2 * np.cumsum(term)
        se = np.sqrt(np.where(np.isfinite(var), var, 0))
        out.append(pd.DataFrame({"group": group, "day": [0, *g["day"]], "at_risk": [total, *at_risk],
                                 "lost": [0, *g["lost"]], "censored": [0, *g["censored"]],
                                 "survival": [1.0, *surv],
                                 "ci_low": [1.0, *np.clip(surv - z * se, 0, 1)],
                                 "ci_high": [1.0, *np.clip(surv + z * se, 0, 1)]}))
    cols = ["group", "day", "at_risk", "lost", "censored", "survival", "ci_low", "ci_high"]
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)


def followed_counts(days: pd.DataFrame, as_of, horizons: tuple[int, ...]) -> pd.DataFrame:
    """From `days` (day, customers: a cohort counted per start day), how many have a full
    follow-up of each horizon (day + horizon <= as_of). Columns: horizon, customers."""
    start = pd.to_datetime(days["day"])
    end = pd.Timestamp(as_of)
    return pd.DataFrame({"horizon": list(horizons),
                         "customers": [int(days.loc[start + pd.Timedelta(days=h) <= end, "customers"].sum())
                                       for h in horizons]})
