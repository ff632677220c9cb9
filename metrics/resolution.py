"""Retention by resolution speed (docs/contract.md section 6) and Kaplan-Meier curves."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.params import Filters, Params
from metrics.sql import query
from metrics.stats import followed_counts, kaplan_meier, with_wilson

GROUPS = ["fast", "resolved", "unresolved", "silent"]  # the order of docs/contract.md section 6
BUCKETS = ["<=1d", "1-3d", "3-7d", "7-30d", ">30d", "unresolved"]


def _tally(cohort: pd.DataFrame, key: str, labels: list[str]) -> pd.DataFrame:
    """customers and retained per label (every label listed, 0 where empty) with Wilson rates."""
    counts = (cohort.groupby(key)["retained"].agg(customers="size", retained="sum")
              .reindex(labels, fill_value=0).rename_axis(key).reset_index())
    return with_wilson(counts.astype({"customers": int, "retained": int}))


def resolution_cohort(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """The complaint cohort: one row per customer (first complaint opened in the window,
    follow-up fully observed). Columns: customer_id, complaint_id, opened_on,
    resolution_hours (None = unresolved), retained, group, bucket."""
    return query(con, "resolution_cohort", filters, params)


def followed_up(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params,
                horizons: tuple[int, ...] = (90, 180, 365)) -> pd.DataFrame:
    """How many complainers' first complaint in the window has a full follow-up of each horizon
    (the complainers retention_groups counts at that horizon_days), from one query.
    Columns: horizon, customers."""
    return followed_counts(query(con, "first_complaint_days", filters, params), filters.as_of, horizons)


def silent_cohort(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """The silent group: one row per customer (first dissatisfied survey answer in the window saying
    they did not complain, follow-up fully observed). Columns: customer_id, retained."""
    return query(con, "silent_cohort", filters, params)


def groups_of(cohort: pd.DataFrame, silent: pd.DataFrame) -> pd.DataFrame:
    """retention_groups from the two cohorts (resolution_cohort, silent_cohort): pure arithmetic."""
    both = cohort[["group", "retained"]]
    if len(silent):
        both = pd.concat([silent.assign(group="silent")[["group", "retained"]], both], ignore_index=True)
    return _tally(both, "group", GROUPS)


def buckets_of(cohort: pd.DataFrame) -> pd.DataFrame:
    """retention_buckets from resolution_cohort: pure arithmetic."""
    return _tally(cohort, "bucket", BUCKETS)


def retention_groups(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Retention per benchmark group, in the order fast, resolved, unresolved, silent.

    Columns: group, customers, retained, rate, ci_low, ci_high (Wilson 95 %;
    None when a group has no customers). `silent` comes from surveys.
    """
    return groups_of(resolution_cohort(con, filters, params), silent_cohort(con, filters, params))


def retention_buckets(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Retention per resolution-speed bucket (<=1d, 1-3d, 3-7d, 7-30d, >30d, unresolved).

    Columns: bucket, customers, retained, rate, ci_low, ci_high.
    """
    return buckets_of(resolution_cohort(con, filters, params))


def retention_curves(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Kaplan-Meier retention after the first complaint in the window, per speed bucket.

    Time is days from the complaint to lost_on (an event), censored at as_of.
    Columns: group (the bucket), day, at_risk, lost, censored, survival,
    ci_low, ci_high (Greenwood 95 % band).
    """
    events = query(con, "survival", filters, params)
    curves = kaplan_meier(events)
    order = {b: i for i, b in enumerate(BUCKETS)}
    return curves.sort_values(["group", "day"], key=lambda s: s.map(order) if s.name == "group" else s,
                              ignore_index=True)
