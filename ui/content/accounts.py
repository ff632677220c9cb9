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
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.params import Filters, Params
from ui.content import Fetch, footnote

TIER_BY = {"revenue": N_("Large vs small"), "decile": N_("Revenue deciles"), "segment": N_("Segment")}  # msgids
MARGIN_NOTE = N_("Margin share needs margins: upload orders with a margin column (gross profit per order).")
SEGMENT_NOTE = N_("No account has a segment: upload customers with a segment column to compare segments.")


def tier_by_label(key: str, lang: str = "en") -> str:
    """The tiering switch's option in `lang`."""
    return translator(lang).marked(TIER_BY[key])


def tiers(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue") -> pd.DataFrame:
    """account_tiers for the tiering; segments without a value are named 'not recorded'."""
    df = fetch("account_tiers", filters, params, tier_by=tier_by)
    return df.assign(tier=df["tier"].fillna("not recorded")) if tier_by == "segment" else df


def has_accounts(fetch: Fetch, filters: Filters, params: Params) -> bool:
    """Whether any account has revenue in the window (else there is nothing to rank)."""
    return int(tiers(fetch, filters, params)["accounts"].sum()) > 0


def headline(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> str:
    """'Small accounts wait 3.0x longer for a resolution and leave 1.8x as often', from the neglect ratios."""
    return ca.neglect_headline(tiers(fetch, filters, params), lang)


def _counts(df: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(accounts=fmt.number(int(df["accounts"].sum()), lang), complaints=fmt.number(int(df["complaints"].sum()),
                                                                                            lang))


def pareto(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    _ = translator(lang)
    curve = fetch("pareto_curve", filters, params)
    t = tiers(fetch, filters, params)
    bench = BENCHMARKS["small_accounts_revenue"]
    note = footnote(filters, _("n = {accounts} accounts with revenue in the window, ranked by it; large = the accounts "
                               "making up the top {share} of revenue").format(
        accounts=fmt.number(int(t["accounts"].sum()), lang), share=fmt.percent(params.large_share, lang)), lang=lang)
    sources = _("Small accounts bring ~{share} of sales: {source} ({caveat})").format(
        share=fmt.percent(bench.value, lang), source=_.marked(bench.label), caveat=_.marked(bench.caveat))
    return Chart("pareto-curve", ca.pareto(curve, t, params.large_share, note, lang), curve, note, sources)


def service(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue", lang: str = "en") -> Chart:
    _ = translator(lang)
    df = tiers(fetch, filters, params, tier_by)
    note = footnote(filters, _("n = {accounts} accounts with revenue in the window, {complaints} complaints; medians "
                               "over complaints with the timestamp; lost = churn date or no order for {days} days"
                               ).format(days=params.inactivity_days, **_counts(df, lang)), lang=lang)
    x_title = _("revenue decile (D1 = top {share})").format(share=fmt.percent(0.1, lang)) if tier_by == "decile" else ""
    fig = ca.service_and_churn(df, note, x_title=x_title, lang=lang)
    return Chart(f"service-and-churn-by-{tier_by}", fig, df, note)


def shares(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue", lang: str = "en") -> Chart:
    _ = translator(lang)
    df = tiers(fetch, filters, params, tier_by)
    bench = BENCHMARKS["small_accounts_revenue"]
    line = (_("n = {accounts} accounts with revenue in the window, {complaints} complaints")
            if df["margin_share"].notna().any() else
            _("n = {accounts} accounts with revenue in the window, {complaints} complaints; no margins recorded"))
    note = footnote(filters, line.format(**_counts(df, lang)), lang=lang)
    sources = _("~{share} of revenue from small accounts: {source}").format(
        share=fmt.percent(bench.value, lang), source=_.marked(bench.label)) if tier_by == "revenue" else ""
    return Chart(f"shares-by-{tier_by}", ca.shares(df, note, lang), df, note, sources)


def notes(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue", lang: str = "en") -> list[str]:
    """What is missing for this tiering, naming the upload that enables it."""
    _ = translator(lang)
    df = tiers(fetch, filters, params, tier_by)
    out = []
    if not df["margin_share"].notna().any():
        out.append(_.marked(MARGIN_NOTE))
    if tier_by == "segment" and set(df["tier"]) <= {"not recorded"}:
        out.append(_.marked(SEGMENT_NOTE))
    return out


def table(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue", lang: str = "en") -> pd.DataFrame:
    """The tier table as shown on the page (tier names in words)."""
    return ca.tier_table(tiers(fetch, filters, params, tier_by), lang)


def build(fetch: Fetch, filters: Filters, params: Params, tier_by: str = "revenue", lang: str = "en") -> list[Chart]:
    """The view's charts, in page order (none when no account has revenue)."""
    if not has_accounts(fetch, filters, params):
        return []
    return [pareto(fetch, filters, params, lang), service(fetch, filters, params, tier_by, lang),
            shares(fetch, filters, params, tier_by, lang)]
