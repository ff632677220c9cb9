"""Customer effort: repeat contacts, channel switching, effort scores and retention by effort band."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.params import Filters, Params
from metrics.sql import query
from metrics.stats import followed_counts, with_wilson

BANDS = {"low (1-3)": (1, 3), "medium (4-5)": (4, 5), "high (6-7)": (6, 7)}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def effort_summary(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """One row over the contacts in the window.

    Columns: contacts, repeat_contacts (followed by another contact of the same
    customer within 7 days, 168 h), repeat_contact_rate (repeat / contacts),
    channel_switches (that next contact on another channel), channel_switch_rate
    (switches / repeat contacts), complaints (opened in the window),
    complaint_contacts (contacts linked to them), contacts_per_complaint.
    """
    row = query(con, "effort", filters, params).iloc[0].astype(int)
    return pd.DataFrame([{
        "contacts": row["contacts"], "repeat_contacts": row["repeat_contacts"],
        "repeat_contact_rate": _ratio(row["repeat_contacts"], row["contacts"]),
        "channel_switches": row["channel_switches"],
        "channel_switch_rate": _ratio(row["channel_switches"], row["repeat_contacts"]),
        "complaints": row["complaints"], "complaint_contacts": row["complaint_contacts"],
        "contacts_per_complaint": _ratio(row["complaint_contacts"], row["complaints"]),
    }]).astype(object)


def effort_distribution(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Survey answers in the window per effort score 1..7 (all listed).

    Columns: effort_score, responses, share (of answers with a score; 0 when none).
    """
    df = query(con, "effort_distribution", filters, params).set_index("effort_score")
    df = df.reindex(range(1, 8), fill_value=0).rename_axis("effort_score").reset_index()
    total = int(df["responses"].sum())
    df["share"] = df["responses"] / total if total else 0.0
    return df.astype({"responses": int})


def scored_followed_up(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params,
                       horizons: tuple[int, ...] = (90, 180, 365)) -> pd.DataFrame:
    """How many customers' first scored answer in the window has a full follow-up of each
    horizon (the customers retention_by_effort counts at that horizon_days), from one query.
    Columns: horizon, customers."""
    return followed_counts(query(con, "first_score_days", filters, params), filters.as_of, horizons)


def retention_by_effort(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """Retention by effort band of each customer's first scored answer in the window.

    Only answers with the follow-up fully observed (responded + horizon_days <=
    as_of) count. Columns: band (low (1-3), medium (4-5), high (6-7)),
    customers, retained, rate, ci_low, ci_high.
    """
    df = query(con, "effort_scores", filters, params)
    df = df[df["observed"]]
    rows = []
    for band, (lo, hi) in BANDS.items():
        part = df[df["effort_score"].between(lo, hi)]
        rows.append({"band": band, "customers": len(part), "retained": int(part["retained"].sum())})
    return with_wilson(pd.DataFrame(rows))
