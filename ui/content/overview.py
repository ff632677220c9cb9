"""The overview: six KPI cards, the headline findings as sentences, the lost-customers chart.

Everything here is computed from the metrics; the view only lays it out.
`kpis(fetch, )` and `findings(fetch, )` degrade to words when a number is missing;
`build(fetch, filters, params, lang)` returns the page's chart for the decks. Every text is in
`lang` ("en" or "zh"); numbers follow its conventions (i18n.formats).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from charts.accounts import neglect_headline
from charts.chart import Chart
from charts.common import not_enough
from charts.iceberg import iceberg_title
from charts.overview import lost_chart
from charts.resolution import groups_title
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.overview import compare, window_kpis as kpis_of
from metrics.definitions import enough
from metrics.params import Filters, Params
from ui.content import Fetch, footnote
from ui.content.resolution import HORIZON_DAYS, judged, retention_groups

NO_EARLIER = N_("no earlier period to compare")
NO_VALUE_EARLIER = N_("none in the earlier period to compare")
NOT_COMPARABLE = N_("not comparable")
HELP = {
    "active_customers": N_("Customers still active on the last day of the window."),
    "churn_rate": N_("Customers lost in the window / (customers active at its start + new ones)."),
    "annual_revenue_lost": N_("Sum of each lost customer's revenue in the 365 days up to their last order."),
    "complaints_per_1000": N_("Complaints opened in the window per 1,000 customers active during it."),
    "median_resolution_hours": N_("Median hours from opening to resolution, over complaints resolved in the "
                                  "window."),
    "silent_estimated": N_("Dissatisfied customers who never complained, estimated from surveys or the 69 % "
                           "pyramid benchmark (see the iceberg page)."),
}
RISING_IS_GOOD = {"active_customers"}


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str                  # formatted for the card
    delta: str                  # formatted change, or why there is none
    delta_color: Literal["normal", "inverse", "off"]  # st.metric
    help: str


@dataclass(frozen=True)
class Finding:
    text: str
    page: str                   # the view's key in ui.pages
    link: str                   # the link's words


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def format_value(unit: str, value: float | None, lang: str = "en") -> str:
    """A KPI value the way an executive reads it: 16,094 · 19.5 % · 3,671,989 · 126.3 · 42 h
    (zh: 1.6万 · 19.5% · 367.2万 · 126.3 · 42小时)."""
    if _missing(value):
        return fmt.number(None, lang)
    assert value is not None
    return {"customers": lambda: fmt.count(value, lang), "share": lambda: fmt.percent(value, lang, 1),
            "money": lambda: fmt.money(value, lang, short=lang != "en"),
            "rate": lambda: fmt.number(value, lang, 1), "hours": lambda: fmt.hours(value, lang)}[unit]()


def format_change(unit: str, change: float, lang: str = "en") -> str:
    """A signed change: +1,234 · -0.8 pp · +12,345 · +3.4 · -5 h (zh: -0.8个百分点 · -5小时)."""
    sign = "+" if change >= 0 else "-"
    size = abs(change)
    text = {"share": lambda: fmt.points(size, lang, signed=False)}.get(unit, lambda: format_value(unit, size, lang))
    return sign + text()


def window_kpis(fetch: Fetch, filters: Filters, params: Params) -> dict[str, float | None]:
    """metrics.overview.window_kpis of one window from the funnel, complaint_stats and iceberg the
    page (and the funnel and iceberg pages) fetch anyway: nothing computed twice."""
    return kpis_of(fetch("funnel", filters, params).iloc[0], fetch("complaint_stats", filters, params).iloc[0],
                   fetch("iceberg", filters, params))


def overview_table(fetch: Fetch, filters: Filters, params: Params) -> pd.DataFrame:
    """metrics.overview(filters, params), built from the cached results of the two windows."""
    return compare(window_kpis(fetch, filters, params), window_kpis(fetch, filters.previous(), params))


def kpis(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[Kpi]:
    """The six KPI cards with their change against the previous window of equal length."""
    _ = translator(lang)
    cards = []
    rows = overview_table(fetch, filters, params).to_dict("records")
    earlier = any(not _missing(r["previous"]) for r in rows)  # the earlier window has data at all
    colour: Literal["normal", "inverse", "off"]
    for r in rows:
        if _missing(r["previous"]):
            delta, colour = _.marked(NO_VALUE_EARLIER if earlier else NO_EARLIER), "off"
        elif _missing(r["change"]):
            delta, colour = _.marked(NOT_COMPARABLE), "off"
        elif not _missing(r["n"]) and not enough(r["n"]):
            delta, colour = _("change: {reason}").format(reason=not_enough(r["n"], lang=lang)), "off"
        else:
            delta = format_change(r["unit"], r["change"], lang)
            colour = "normal" if r["kpi"] in RISING_IS_GOOD else "inverse"
        cards.append(Kpi(r["kpi"], _.marked(r["label"]), format_value(r["unit"], r["value"], lang), delta, colour,
                         _.marked(HELP[r["kpi"]])))
    return cards


def previous_window(filters: Filters, lang: str = "en") -> str:
    """The caption over the cards naming the window their changes compare with (said once: on each card,
    beside a change like '+1.3个百分点', the window would be cut off)."""
    p = filters.previous()
    assert p.start is not None and p.end is not None  # previous() sets both
    _ = translator(lang)
    return _("Changes compared with the previous window, {window}.").format(window=fmt.date_range(p.start, p.end, lang))


def sentence(text: str, lang: str) -> str:
    """`text` ending with one full stop of the language ('.' or '。')."""
    _ = translator(lang)
    # i18n: the full stop that ends a finding (Chinese: 。)
    return _("{sentence}.").format(sentence=text.rstrip("."))


def resolution_finding(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Finding:
    _ = translator(lang)
    params = judged(fetch, filters, params)  # the follow-up the resolution page opens on
    groups = retention_groups(fetch, filters, params)
    complainers = groups[groups["group"] != "silent"]
    text = groups_title(complainers, params.fast_hours, params.horizon_days, lang)
    if not int(complainers["customers"].sum()):
        text = _("No complaint in this window has been followed up for {days} days yet, "
                 "so retention by resolution speed cannot be measured yet").format(
            days=fmt.number(min(HORIZON_DAYS), lang))
    return Finding(sentence(text, lang), "resolution", _("Retention by resolution speed"))


def iceberg_finding(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Finding:
    _ = translator(lang)
    ice = fetch("iceberg", filters, params).iloc[0]
    text = iceberg_title(ice, lang)
    if ice["silent_method"] == "survey" and int(ice["complainers"]):
        text = _("{finding} (silent share from {n} survey answers)").format(
            finding=text, n=fmt.number(int(ice["survey_n"]), lang))
    return Finding(sentence(text, lang), "iceberg", _("The complaint iceberg"))


def accounts_finding(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Finding:
    _ = translator(lang)
    text = neglect_headline(fetch("account_tiers", filters, params), lang)
    return Finding(sentence(text, lang), "accounts", _("Small vs large accounts"))


def funnel_sentence(f: pd.Series, lang: str = "en") -> str:
    """'3,906 customers left in this window, taking 3,671,989 of annual revenue with them; 87 % of them
    left without a complaint on record.'"""
    _ = translator(lang)
    lost = int(f["lost"])
    if not lost:
        return _("No customers were lost in this window.")
    values = dict(n=fmt.count(lost, lang), revenue=fmt.money(f["annual_revenue_lost"], lang, short=lang != "en"))
    if not enough(lost):
        return _.ngettext("{n} customer left in this window, taking {revenue} of annual revenue with it; "
                          "how many complained first: {reason}.",
                          "{n} customers left in this window, taking {revenue} of annual revenue with them; "
                          "how many complained first: {reason}.", lost,
                          ).format(reason=not_enough(lost, lang=lang), **values)
    return _.ngettext(
        "{n} customer left in this window, taking {revenue} of annual revenue with them; "
        "{share} of them left without a complaint on record.",
        "{n} customers left in this window, taking {revenue} of annual revenue with them; "
        "{share} of them left without a complaint on record.", lost,
    ).format(share=fmt.percent(int(f["lost_silent"]) / lost, lang), **values)


def funnel_finding(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Finding:
    _ = translator(lang)
    f = fetch("funnel", filters, params).iloc[0]
    return Finding(funnel_sentence(f, lang), "funnel", _("The lost-customer funnel"))


def findings(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[Finding]:
    """The headline findings, each linking to the view that shows it."""
    return [funnel_finding(fetch, filters, params, lang), resolution_finding(fetch, filters, params, lang),
            iceberg_finding(fetch, filters, params, lang), accounts_finding(fetch, filters, params, lang)]


def lost(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    _ = translator(lang)
    f = fetch("funnel", filters, params).iloc[0]
    note = footnote(filters, _(
        "n = {n} customers lost in the window; complaint history = their complaints in the 365 days before "
        "leaving").format(n=fmt.number(int(f["lost"]), lang)), lang=lang)
    data = f.to_frame("value").rename_axis("measure").reset_index()
    money = format_value("money", f["annual_revenue_lost"], lang)
    return Chart("customers-lost", lost_chart(f, note, money, lang), data, note)


def build(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[Chart]:
    """The overview's chart (the KPI cards and findings are text)."""
    return [lost(fetch, filters, params, lang)]
