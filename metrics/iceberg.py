"""The complaint iceberg (docs/contract.md section 5) and the complaint trend."""
from __future__ import annotations

from fractions import Fraction

import duckdb
import pandas as pd

from metrics.benchmarks import PYRAMID_SILENT
from metrics.params import Filters, Params
from metrics.funnel import funnel_monthly
from metrics.sql import query
from metrics.stats import round_half_up

ICEBERG_COLUMNS = ["complainers", "escalated", "frontline_only", "silent_share", "silent_method",
                   "silent_estimated", "total_dissatisfied_est", "multiplier", "survey_n"]


def silent_share(survey_n: int, survey_silent: int, min_survey_n: int) -> tuple[Fraction, str]:
    """(share of dissatisfied customers who never complain, method) as an exact fraction."""
    if survey_n >= min_survey_n and survey_n > 0:
        return Fraction(survey_silent, survey_n), "survey"
    return Fraction(str(PYRAMID_SILENT.value)), "benchmark"


def iceberg(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """One row: complainers, escalated, frontline_only, silent_share, silent_method
    ('survey' or 'benchmark'), silent_estimated, total_dissatisfied_est,
    multiplier (None when no escalation), survey_n (dissatisfied survey answers
    with `complained` set, the survey method's sample size).

    silent_estimated = round(complainers * s / (1 - s)), computed exactly; it is
    None when s = 1 (every dissatisfied respondent silent: no finite estimate).
    """
    row = query(con, "iceberg", filters, params).iloc[0]
    complainers, escalated = int(row["complainers"]), int(row["escalated"])
    share, method = silent_share(int(row["survey_n"]), int(row["survey_silent"]), params.min_survey_n)
    silent = round_half_up(complainers * share / (1 - share)) if share < 1 else None
    total = complainers + silent if silent is not None else None
    multiplier = total / escalated if total is not None and escalated else None
    return pd.DataFrame([{
        "complainers": complainers, "escalated": escalated, "frontline_only": complainers - escalated,
        "silent_share": float(share), "silent_method": method, "silent_estimated": silent,
        "total_dissatisfied_est": total, "multiplier": multiplier, "survey_n": int(row["survey_n"]),
    }], columns=ICEBERG_COLUMNS).astype(object)


def complaint_mix(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params,
                  dimension: str = "channel") -> pd.DataFrame:
    """Complaints opened in the window by channel or category.

    Columns: value ('not recorded' for NULL), complaints, escalated, resolved, share
    (of all complaints in the window); largest first.
    """
    if dimension not in ("channel", "category"):
        raise ValueError("dimension must be 'channel' or 'category'")
    df = query(con, "complaint_mix", filters, params, dimension=dimension)
    total = df["complaints"].sum()
    df["share"] = df["complaints"] / total if total else 0.0
    return df


def complaint_trend(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Complaints per 1,000 active customers, month by month: is it rising?

    Columns: month, complaints, escalated, active (customers active during the
    month), complaints_per_1000 (None when no one was active).
    """
    return funnel_monthly(con, filters, params)[["month", "complaints", "escalated", "active",
                                                  "complaints_per_1000"]]
