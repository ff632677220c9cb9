"""The lost-customer funnel, the leaky bucket (docs/contract.md section 4)."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.params import Filters, Params
from metrics.sql import query

FUNNEL_COLUMNS = ["start_active", "new", "lost", "end_active", "churn_rate", "lost_silent",
                  "lost_after_unresolved", "lost_after_resolved", "annual_revenue_lost"]


def funnel(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """One row: start_active, new, lost, end_active, churn_rate (lost / (start_active + new),
    None when that is 0), lost_silent, lost_after_unresolved, lost_after_resolved,
    annual_revenue_lost. start_active + new - lost = end_active holds exactly."""
    df = query(con, "funnel", filters, params)
    base = int(df.at[0, "start_active"] + df.at[0, "new"])
    df["churn_rate"] = df["lost"].astype(float) / base if base else None
    return df[FUNNEL_COLUMNS]


def funnel_monthly(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """One row per calendar month touching the window (days cut to the window).

    Columns: month (first day), new, lost, active (customers active on some day
    of the month), active_end (active on its last day in the window),
    complaints and escalated (opened that month), complaints_per_1000
    (complaints per 1,000 active customers; None when none are active).
    """
    df = query(con, "monthly", filters, params)
    df = df.astype({c: int for c in ("new", "lost", "active", "active_end", "complaints", "escalated")})
    df["complaints_per_1000"] = (df["complaints"] * 1000 / df["active"].where(df["active"] > 0)).astype(object)
    df.loc[df["active"] == 0, "complaints_per_1000"] = None
    return df


def lost_customers(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """The customers lost in the window, by annual revenue descending (ties by customer_id).

    Columns: customer_id, customer_name, region, segment, lost_on, last_order,
    annual_revenue, lost_class (silent / after unresolved complaint / after
    resolved complaint), complaints, escalated, unresolved (in the 365 days up
    to lost_on), last_complaint_at, churn_reason.
    """
    return query(con, "lost_customers", filters, params)


def churn_reasons(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Recorded churn reasons of the customers lost in the window.

    Columns: reason ('not recorded' for NULL), customers, annual_revenue_lost;
    most frequent first.
    """
    return query(con, "churn_reasons", filters, params)
