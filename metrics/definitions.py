"""Definitions that a metric, a chart and a page share, declared once (docs/contract.md sections 6, 7, 9).

- `MIN_GROUP_N`: a rate, share or ratio is stated in a sentence only when every
  group it rests on has at least this many members (`enough`); below it the
  sentence says `not_enough(n)` while the chart still shows the values with n.
- `OUTCOME_GROUPS` and `SPEED_BUCKETS`: the retention groups and resolution-speed
  buckets, in the order every chart and table lists them.
- `trend_direction`: whether complaints per 1,000 customers are rising, over
  complete months only (`complete_months`).
- `stated_neglect`: the small / large neglect ratios that may be stated.

Pure Python and pandas: no Streamlit, no SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from i18n.catalog import N_

MIN_GROUP_N = 30

OUTCOME_GROUPS = ("silent", "unresolved", "resolved", "fast")
# The speed buckets in their order. Their bounds (24, 72, 168, 720 hours, upper bounds inclusive)
# are applied in SQL, metrics/sql/cte/cmp.sql; tests/test_definitions.py checks both name the same
# buckets in the same order.
SPEED_BUCKETS = ("<=1d", "1-3d", "3-7d", "7-30d", ">30d", "unresolved")
SPEED_BUCKET_LABELS = {"<=1d": N_("Within 1 day"), "1-3d": N_("1-3 days"), "3-7d": N_("3-7 days"),
                       "7-30d": N_("7-30 days"), ">30d": N_("Over 30 days"),
                       "unresolved": N_("Unresolved")}  # msgids, translated where shown

TREND_MONTHS = 3        # the last 3 complete months against the 3 before
TREND_TOLERANCE = 0.10  # a change under 10 % either way is "roughly stable"


def enough(*counts: int | float | None) -> bool:
    """Whether every group a sentence rests on has at least MIN_GROUP_N members."""
    return bool(counts) and all(c is not None and not pd.isna(c) and c >= MIN_GROUP_N for c in counts)


def not_enough(*counts: int | float | None, what: str = "") -> str:
    """'not enough data yet (n = 4)' or '(n = 4 and 12 ...)': the words for a rate that may not be stated."""
    ns = " and ".join(f"{int(c or 0):,}" for c in counts)
    return f"not enough data yet (n = {ns}{' ' + what if what else ''}; {MIN_GROUP_N} needed)"


def complete_months(months: pd.Series, start: date, end: date) -> pd.Series:
    """True for each month (first day, as date or timestamp) that lies wholly inside start .. end."""
    first = pd.to_datetime(months)
    return (first >= pd.Timestamp(start)) & (first + pd.offsets.MonthEnd(0) <= pd.Timestamp(end))


@dataclass(frozen=True)
class Trend:
    direction: str          # "rising", "falling", "stable" or "unknown"
    recent: float | None    # mean of the last TREND_MONTHS complete months
    before: float | None    # mean of the TREND_MONTHS before those
    complaints: tuple[int, int] | None = None  # (before, recent) complaints, when too few to call it


def trend_direction(trend: pd.DataFrame) -> Trend:
    """Compare the mean complaints per 1,000 of the last 3 complete months with the 3 before.

    `trend` has month, complaints_per_1000 and `partial` (month cut by the window; left out).
    """
    full = trend[~trend.get("partial", pd.Series(False, index=trend.index)).astype(bool)]
    full = full[pd.to_numeric(full["complaints_per_1000"], errors="coerce").notna()]
    values = pd.to_numeric(full["complaints_per_1000"])
    if len(values) < 2 * TREND_MONTHS:
        return Trend("unknown", None, None)
    if "complaints" in full:
        counts = (int(full["complaints"].iloc[-2 * TREND_MONTHS:-TREND_MONTHS].sum()),
                  int(full["complaints"].iloc[-TREND_MONTHS:].sum()))
        if not enough(*counts):
            return Trend("unknown", None, None, counts)
    recent = float(values.iloc[-TREND_MONTHS:].mean())
    before = float(values.iloc[-2 * TREND_MONTHS:-TREND_MONTHS].mean())
    if before == 0:
        return Trend("rising" if recent > 0 else "stable", recent, before)
    change = recent / before - 1
    direction = "rising" if change > TREND_TOLERANCE else "falling" if change < -TREND_TOLERANCE else "stable"
    return Trend(direction, recent, before)


@dataclass(frozen=True)
class Neglect:
    wait: float | None        # compared / reference median resolution hours; None when it may not be stated
    leave: float | None       # compared / reference churn rate; None when it may not be stated
    wait_n: tuple[int, int]   # (reference, compared) complaints resolved in the window
    leave_n: tuple[int, int]  # (reference, compared) accounts


def tier_ratio(tiers: pd.DataFrame, column: str) -> float | None:
    """The neglect ratio (docs/contract.md section 7): last tier's value over the first tier's
    ('small' over 'large' for the revenue tiers); None when either is missing or the first is 0."""
    if len(tiers) < 2:
        return None
    first, last = tiers[column].iloc[0], tiers[column].iloc[-1]
    if first is None or last is None or pd.isna(first) or pd.isna(last) or not first:
        return None
    return float(last) / float(first)


def _resolved(row: pd.Series) -> int:
    share = row["resolved_share"]
    return 0 if share is None or pd.isna(share) else int(round(share * row["complaints"]))


def stated_neglect(tiers: pd.DataFrame) -> Neglect:
    """The neglect ratios of the first (reference) and last tier that rest on MIN_GROUP_N per tier:
    the wait ratio on each tier's resolved complaints, the churn ratio on its accounts."""
    if len(tiers) < 2:
        return Neglect(None, None, (0, 0), (0, 0))
    first, last = tiers.iloc[0], tiers.iloc[-1]
    done = (_resolved(first), _resolved(last))
    accounts = (int(first["accounts"]), int(last["accounts"]))
    wait, leave = tier_ratio(tiers, "median_resolution_hours"), tier_ratio(tiers, "churn_rate")
    return Neglect(wait if enough(*done) else None, leave if enough(*accounts) else None, done, accounts)
