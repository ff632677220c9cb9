"""Small-vs-large account neglect (docs/contract.md section 7) and the Pareto curve."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.params import Filters, Params
from metrics.sql import query

TIER_BY = ("revenue", "decile", "segment")
TIER_COLUMNS = ["tier", "accounts", "revenue", "revenue_share", "complaints", "complaints_per_100",
                "median_first_response_hours", "median_resolution_hours", "resolved_share",
                "churn_rate", "annual_revenue_lost", "margin", "margin_share"]


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole as objects, None where whole is 0 or missing."""
    return pd.Series([p / w if w and pd.notna(w) and pd.notna(p) else None for p, w in zip(part, whole)],
                     index=part.index, dtype=object)


def account_tiers(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params,
                  tier_by: str = "revenue") -> pd.DataFrame:
    """One row per tier: 'large' and 'small' (tier_by='revenue', both always listed),
    'D1'..'D10' revenue deciles (D1 = top), or the customers' segments.

    Columns: tier, accounts, revenue, revenue_share, complaints (opened in the
    window), complaints_per_100 (per 100 accounts), median_first_response_hours,
    median_resolution_hours (interpolated, over complaints with the timestamp),
    resolved_share, churn_rate (share of accounts lost in the window),
    annual_revenue_lost, margin, margin_share (None without margins).
    """
    if tier_by not in TIER_BY:
        raise ValueError(f"tier_by must be one of {TIER_BY}")
    df = query(con, "accounts", filters, params, tier_by=tier_by)
    if tier_by == "revenue":
        df = df.set_index("tier").reindex(["large", "small"]).rename_axis("tier").reset_index()
        df[["accounts", "lost", "complaints", "resolved"]] = df[["accounts", "lost", "complaints", "resolved"]].fillna(0)
        df["revenue"] = df["revenue"].fillna(0.0)
        df["annual_revenue_lost"] = df["annual_revenue_lost"].fillna(0.0)
    elif tier_by == "decile":
        df = df.sort_values("tier", key=lambda s: s.str[1:].astype(int), ignore_index=True)
    df = df.astype({"accounts": int, "lost": int, "complaints": int, "resolved": int})
    total_margin = df["margin"].sum(min_count=1)
    df["revenue_share"] = _share(df["revenue"], pd.Series(df["revenue"].sum(), index=df.index))
    df["margin_share"] = _share(df["margin"], pd.Series(total_margin, index=df.index))
    df["complaints_per_100"] = _share(df["complaints"] * 100, df["accounts"])
    df["resolved_share"] = _share(df["resolved"], df["complaints"])
    df["churn_rate"] = _share(df["lost"], df["accounts"])
    df = df.astype({c: object for c in ("median_first_response_hours", "median_resolution_hours", "margin")})
    return df[TIER_COLUMNS].where(df[TIER_COLUMNS].notna(), None)


def neglect_ratios(tiers: pd.DataFrame) -> dict[str, float | None]:
    """small / large median resolution hours and churn rate, from account_tiers(tier_by='revenue').

    None when either value is missing or the large one is 0.
    """
    t = tiers.set_index("tier")

    def ratio(column: str) -> float | None:
        small, large = t.at["small", column], t.at["large", column]
        return small / large if small is not None and large else None

    return {"neglect_ratio_resolution": ratio("median_resolution_hours"),
            "neglect_ratio_churn": ratio("churn_rate")}


def pareto_curve(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params,
                 points: int = 400) -> pd.DataFrame:
    """Cumulative revenue share by account rank, for accounts with window revenue > 0.

    Columns: rank, account_share (rank / accounts), revenue_share (cumulative);
    thinned to about `points` rows, first and last account kept.
    """
    return query(con, "pareto", filters, params, points=points)
