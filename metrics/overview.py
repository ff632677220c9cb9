"""The overview's headline KPIs, each against the previous window of equal length."""
from __future__ import annotations

import duckdb
import pandas as pd

from i18n.catalog import N_
from metrics.funnel import funnel
from metrics.iceberg import iceberg
from metrics.params import Filters, Params
from metrics.sql import query

KPIS = {  # key: (label, a msgid translated where shown; unit)
    "active_customers": (N_("Active customers"), "customers"),
    "churn_rate": (N_("Churn rate"), "share"),
    "annual_revenue_lost": (N_("Annual revenue lost"), "money"),
    "complaints_per_1000": (N_("Complaints per 1,000 customers"), "rate"),
    "median_resolution_hours": (N_("Median resolution time"), "hours"),
    "silent_estimated": (N_("Estimated silent dissatisfied"), "customers"),
}


def complaint_stats(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """One row over the complaints opened in the window: complaints, resolved (of them),
    median_resolution_hours (exact, interpolated; None when none is resolved)."""
    return query(con, "complaint_stats", filters, params)


def window_kpis(f: pd.Series, k: pd.Series, ice: pd.DataFrame) -> dict[str, float | None]:
    """The six headline numbers for one window from its funnel row, complaint_stats row and iceberg,
    and under "n:<kpi>" how many members each rate rests on.

    active_customers = end_active; complaints_per_1000 = complaints opened in
    the window per 1,000 customers active during it (start_active + new);
    median_resolution_hours over the window's resolved complaints.
    """
    base = int(f["start_active"] + f["new"])
    median = k["median_resolution_hours"]
    return {
        "active_customers": int(f["end_active"]),
        "churn_rate": f["churn_rate"],
        "annual_revenue_lost": float(f["annual_revenue_lost"]),
        "complaints_per_1000": int(k["complaints"]) * 1000 / base if base else None,
        "median_resolution_hours": None if pd.isna(median) else float(median),
        "silent_estimated": ice.at[0, "silent_estimated"],
        "n:churn_rate": base,
        "n:complaints_per_1000": base,
        "n:median_resolution_hours": int(k["resolved"]),
    }


def kpis(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> dict[str, float | None]:
    """`window_kpis` of one window, from its funnel, complaint_stats and iceberg."""
    return window_kpis(funnel(con, filters, params).iloc[0], complaint_stats(con, filters, params).iloc[0],
                       iceberg(con, filters, params))


def compare(now: dict[str, float | None], before: dict[str, float | None]) -> pd.DataFrame:
    """One row per KPI: kpi, label, unit, value, previous, change, n, from `window_kpis` of the
    window (`now`) and of the window of equal length just before it, as of its end (`before`).

    `change` = value - previous (None when either is missing or the previous
    window had no customers); `n` is the smaller of the two windows' counts a
    rate rests on (customers active, or complaints resolved; None for counts
    and sums), for the rule of docs/contract.md section 9.
    """
    had_customers = before["churn_rate"] is not None  # None exactly when no one was active before
    rows = []
    for key, (label, unit) in KPIS.items():
        value, prev = now[key], before[key] if had_customers else None
        change = value - prev if value is not None and prev is not None else None
        ns = [now.get(f"n:{key}"), before.get(f"n:{key}") if prev is not None else None]
        n = min((x for x in ns if x is not None), default=None) if f"n:{key}" in now else None
        rows.append({"kpi": key, "label": label, "unit": unit, "value": value, "previous": prev, "change": change,
                     "n": n})
    return pd.DataFrame(rows).astype(object)


def overview(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """The KPI table of `compare` for the window against the previous window of equal length.

    Pure arithmetic over funnel, complaint_stats and iceberg of the two windows: a page that
    shows those (through a cache) builds the same table from them (ui/content/overview.py).
    """
    return compare(kpis(con, filters, params), kpis(con, filters.previous(), params))
