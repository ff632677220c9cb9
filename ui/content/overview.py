"""The overview: six KPI cards, the headline findings as sentences, the lost-customers chart.

Everything here is computed from the metrics; the view only lays it out.
`kpis(fetch, )` and `findings(fetch, )` degrade to words when a number is missing;
`build(fetch, filters, params)` returns the page's chart for the decks.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from charts.accounts import neglect_headline
from charts.chart import Chart
from charts.iceberg import iceberg_title
from charts.overview import lost_chart
from charts.resolution import groups_title
from metrics.definitions import enough, not_enough
from metrics.params import Filters, Params
from ui.content import Fetch, footnote
from ui.content.resolution import HORIZON_DAYS, judged

NO_EARLIER = "no earlier period to compare"
NO_VALUE_EARLIER = "none in the earlier period to compare"
HELP = {
    "active_customers": "Customers still active on the last day of the window.",
    "churn_rate": "Customers lost in the window / (customers active at its start + new ones).",
    "annual_revenue_lost": "Sum of each lost customer's revenue in the 365 days up to their last order.",
    "complaints_per_1000": "Complaints opened in the window per 1,000 customers active during it.",
    "median_resolution_hours": "Median hours from opening to resolution, over complaints resolved in the window.",
    "silent_estimated": "Dissatisfied customers who never complained, estimated from surveys or the 69 % "
                        "pyramid benchmark (see the iceberg page).",
}
RISING_IS_GOOD = {"active_customers"}


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str                  # formatted for the card
    delta: str                  # formatted change, or why there is none
    delta_color: str            # "normal", "inverse" or "off" (st.metric)
    help: str


@dataclass(frozen=True)
class Finding:
    text: str
    page: str                   # the view's key in ui.pages
    link: str                   # the link's words


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def format_value(unit: str, value: float | None) -> str:
    """A KPI value the way an executive reads it: 16,094 · 19.5 % · 3,671,989 · 126.3 · 42 h."""
    if _missing(value):
        return "n/a"
    return {"customers": f"{round(value):,}", "share": f"{value * 100:.1f} %", "money": f"{value:,.0f}",
            "rate": f"{value:,.1f}", "hours": f"{value:,.0f} h"}[unit]


def format_change(unit: str, change: float) -> str:
    """A signed change: +1,234 · -0.8 pp · +12,345 · +3.4 · -5 h."""
    sign = "+" if change >= 0 else "-"
    size = abs(change)
    text = {"customers": f"{round(size):,}", "share": f"{size * 100:.1f} pp", "money": f"{size:,.0f}",
            "rate": f"{size:,.1f}", "hours": f"{size:,.0f} h"}[unit]
    return sign + text


def kpis(fetch: Fetch, filters: Filters, params: Params) -> list[Kpi]:
    """The six KPI cards with their change against the previous window of equal length."""
    cards = []
    rows = fetch("overview", filters, params).to_dict("records")
    earlier = any(not _missing(r["previous"]) for r in rows)  # the earlier window has data at all
    for r in rows:
        if _missing(r["previous"]):
            delta, colour = (NO_VALUE_EARLIER if earlier else NO_EARLIER), "off"
        elif _missing(r["change"]):
            delta, colour = "not comparable", "off"
        elif not _missing(r["n"]) and not enough(r["n"]):
            delta, colour = f"change: {not_enough(r['n'])}", "off"
        else:
            delta = format_change(r["unit"], r["change"])
            colour = "normal" if r["kpi"] in RISING_IS_GOOD else "inverse"
        cards.append(Kpi(r["kpi"], r["label"], format_value(r["unit"], r["value"]), delta, colour, HELP[r["kpi"]]))
    return cards


def previous_window(filters: Filters) -> str:
    """'vs 2022-11-01 to 2023-10-31' for the cards' delta description."""
    p = filters.previous()
    return f"vs {p.start:%Y-%m-%d} to {p.end:%Y-%m-%d}"


def resolution_finding(fetch: Fetch, filters: Filters, params: Params) -> Finding:
    params = judged(fetch, filters, params)  # the follow-up the resolution page opens on
    groups = fetch("retention_groups", filters, params)
    complainers = groups[groups["group"] != "silent"]
    text = groups_title(complainers, params.fast_hours, params.horizon_days)
    if not int(complainers["customers"].sum()):
        text = (f"No complaint in this window has been followed up for {min(HORIZON_DAYS)} days yet, "
                "so retention by resolution speed cannot be measured yet")
    return Finding(text.rstrip(".") + ".", "resolution", "Retention by resolution speed")


def iceberg_finding(fetch: Fetch, filters: Filters, params: Params) -> Finding:
    ice = fetch("iceberg", filters, params).iloc[0]
    text = iceberg_title(ice)
    if ice["silent_method"] == "survey" and int(ice["complainers"]):
        text += f" (silent share from {int(ice['survey_n']):,} survey answers)"
    return Finding(text + ".", "iceberg", "The complaint iceberg")


def accounts_finding(fetch: Fetch, filters: Filters, params: Params) -> Finding:
    text = neglect_headline(fetch("account_tiers", filters, params))
    return Finding(text.rstrip(".") + ".", "accounts", "Small vs large accounts")


def funnel_sentence(f: pd.Series) -> str:
    """'3,906 customers left in this window, taking 3,671,989 of annual revenue; 87 % without a complaint.'"""
    lost = int(f["lost"])
    if not lost:
        return "No customers were lost in this window."
    left = (f"{lost:,} {'customer' if lost == 1 else 'customers'} left in this window, taking "
            f"{f['annual_revenue_lost']:,.0f} of annual revenue with {'them' if lost > 1 else 'it'}")
    if not enough(lost):
        return f"{left}; how many complained first: {not_enough(lost)}."
    silent = int(f["lost_silent"]) / lost
    return f"{left}; {silent * 100:.0f} % of them left without a complaint on record."


def funnel_finding(fetch: Fetch, filters: Filters, params: Params) -> Finding:
    f = fetch("funnel", filters, params).iloc[0]
    return Finding(funnel_sentence(f), "funnel", "The lost-customer funnel")


def findings(fetch: Fetch, filters: Filters, params: Params) -> list[Finding]:
    """The headline findings, each linking to the view that shows it."""
    return [funnel_finding(fetch, filters, params), resolution_finding(fetch, filters, params),
            iceberg_finding(fetch, filters, params), accounts_finding(fetch, filters, params)]


def lost(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    f = fetch("funnel", filters, params).iloc[0]
    note = footnote(filters, f"n = {int(f['lost']):,} customers lost in the window; complaint history = their "
                             f"complaints in the 365 days before leaving")
    data = f.to_frame("value").rename_axis("measure").reset_index()
    money = format_value("money", f["annual_revenue_lost"])
    return Chart("customers-lost", lost_chart(f, note, money), data, note)


def build(fetch: Fetch, filters: Filters, params: Params) -> list[Chart]:
    """The overview's chart (the KPI cards and findings are text)."""
    return [lost(fetch, filters, params)]
