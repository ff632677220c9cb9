"""Charts of the /accounts view: the neglect headline, the Pareto curve, service level and
churn per tier, and each tier's share of accounts, revenue and margin.

`build(fetch, filters, params, tier_by="revenue")` works without widgets (the
all-pages deck calls it); the view passes the tiering chosen with its switch.
The headline always compares the revenue tiers (large / small), as METRICS.md
section 7 defines the neglect ratios.
"""
from __future__ import annotations

import pandas as pd

import charts.accounts as ca
from charts.chart import Chart
from charts.common import pct
from metrics.benchmarks import BENCHMARKS
from metrics.params import Filters, Params
from ui.content import Fetch, footnote

TIER_BY = {"revenue": "Large vs small", "decile": "Revenue deciles", "segment": "Segment"}
MARGIN_NOTE = "Margin share needs margins: upload orders with a margin column (gross profit per order)."
SEGMENT_NOTE = "No account has a segment: upload customers with a segment column to compare segments."


def tiers(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> pd.DataFrame:
    """account_tiers for the tiering; segments without a value are named 'not recorded'."""
    df = fetch("account_tiers", filters, params, tier_by=tier_by)
    return df.assign(tier=df["tier"].fillna("not recorded")) if tier_by == "segment" else df


def has_accounts(fetch: Fetch, filters: Filters, params: Params) -> bool:
    """Whether any account has revenue in the window (else there is nothing to rank)."""
    return int(tiers(fetch, filters, params)["accounts"].sum()) > 0


def headline(fetch: Fetch, filters: Filters, params: Params) -> str:
    """'Small accounts wait 3.0x longer for a resolution and leave 1.8x as often', from the neglect ratios."""
    return ca.neglect_headline(tiers(fetch, filters, params))


def _n_line(df: pd.DataFrame, what: str = "") -> str:
    return (f"n = {int(df['accounts'].sum()):,} accounts with revenue in the window, {int(df['complaints'].sum()):,} "
            f"complaints{what}")


def pareto(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    curve = fetch("pareto_curve", filters, params)
    t = tiers(fetch, filters, params)
    bench = BENCHMARKS["small_accounts_revenue"]
    note = footnote(filters, f"n = {int(t['accounts'].sum()):,} accounts with revenue in the window, ranked by it; "
                             f"large = the accounts making up the top {pct(params.large_share)} of revenue")
    sources = f"Small accounts bring ~{pct(bench.value)} of sales: {bench.label} ({bench.caveat})"
    return Chart("pareto-curve", ca.pareto(curve, t, params.large_share, note), curve, note, sources)


def service(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> Chart:
    df = tiers(fetch, filters, params, tier_by)
    note = footnote(filters, _n_line(df, "; medians over complaints with the timestamp; lost = churn date or "
                                         f"no order for {params.inactivity_days} days"))
    x_title = "revenue decile (D1 = top 10 %)" if tier_by == "decile" else ""
    fig = ca.service_and_churn(df, note, x_title=x_title)
    return Chart(f"service-and-churn-by-{tier_by}", fig, df, note)


def shares(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> Chart:
    df = tiers(fetch, filters, params, tier_by)
    bench = BENCHMARKS["small_accounts_revenue"]
    note = footnote(filters, _n_line(df) + ("" if df["margin_share"].notna().any() else "; no margins recorded"))
    sources = f"~{pct(bench.value)} of revenue from small accounts: {bench.label}" if tier_by == "revenue" else ""
    return Chart(f"shares-by-{tier_by}", ca.shares(df, note), df, note, sources)


def notes(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> list[str]:
    """What is missing for this tiering, naming the upload that enables it."""
    df = tiers(fetch, filters, params, tier_by)
    out = []
    if not df["margin_share"].notna().any():
        out.append(MARGIN_NOTE)
    if tier_by == "segment" and set(df["tier"]) <= {"not recorded"}:
        out.append(SEGMENT_NOTE)
    return out


def table(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> pd.DataFrame:
    """The tier table as shown on the page (tier names in words)."""
    return ca.tier_table(tiers(fetch, filters, params, tier_by))


def build(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> list[Chart]:
    """The view's charts, in page order (none when no account has revenue)."""
    if not has_accounts(fetch, filters, params):
        return []
    return [pareto(fetch, filters, params), service(fetch, filters, params, tier_by),
            shares(fetch, filters, params, tier_by)]
