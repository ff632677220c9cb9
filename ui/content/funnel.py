"""Charts of the /funnel view: the leaky bucket, new vs lost by month, churn reasons,
the complaint journey, the what-if, and the table of the customers we lost.

`build(fetch, filters, params, complain_share=..., fast_share=...)` works without
widgets (the all-pages deck calls it); the view passes its slider values.
"""
from __future__ import annotations

import pandas as pd

import charts.funnel as cf
from charts.chart import Chart
from charts.common import not_enough, share_range
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics import whatif as wi
from metrics.benchmarks import BENCHMARKS, PYRAMID_SILENT
from metrics.definitions import complete_months, enough
from metrics.params import Filters, Params
from ui.content import Fetch, footnote
from ui.content.resolution import judged, retention_groups

# The what-if the deck shows: about half of dissatisfied customers complaining is
# Goodman's (2005) figure; 80 % resolved quickly is a round target.
DEFAULT_COMPLAIN = BENCHMARKS["goodman_frontline"].value
DEFAULT_FAST = 0.8
REASON_UPLOAD_NOTE = N_("No reason for leaving is recorded for these customers: upload customers with a "
                        "churn_reason column to see why they left.")
# The retention groups of the what-if, named in its footnote and in the view's note.
GROUP_NAMES = {"silent": N_("silent"), "unresolved": N_("unresolved"), "resolved": N_("resolved"),
               "fast": N_("fast")}


def group_name(group: str, lang: str = "en") -> str:
    return translator(lang).marked(GROUP_NAMES[group])


# How a lost customer left (metrics lost_customers.lost_class), for the table.
LOST_CLASSES = {"silent": N_("silent"), "after unresolved complaint": N_("after unresolved complaint"),
                "after resolved complaint": N_("after resolved complaint")}


def lost_class(key: str, lang: str = "en") -> str:
    """The table's 'Left' value in `lang` (English: the metric's key as it is)."""
    return translator(lang).marked(LOST_CLASSES[key]) if key in LOST_CLASSES else key


def pyramid_caveat(lang: str = "en") -> str:
    """Goodman's correction of the pyramid benchmark (in English, PYRAMID_SILENT.caveat)."""
    _ = translator(lang)
    return _("Goodman (2005): about {half} complain to front-line staff ({b2b} in B2B), {range} escalate.").format(
        half=fmt.percent(BENCHMARKS["goodman_frontline"].value, lang),
        b2b=fmt.percent(BENCHMARKS["goodman_frontline_b2b"].value, lang),
        range=share_range(BENCHMARKS["goodman_escalated_low"].value, BENCHMARKS["goodman_escalated_high"].value,
                          lang))


def summary(fetch: Fetch, filters: Filters, params: Params) -> pd.Series:
    """The funnel's one row (start_active, new, lost, ..., annual_revenue_lost)."""
    return fetch("funnel", filters, params).iloc[0]


def _lost_line(params: Params, lang: str) -> str:
    _ = translator(lang)
    return _("lost = churn date, or no order for {days} days; complaint history = complaints in the 365 days up to "
             "leaving").format(days=params.inactivity_days)


def waterfall(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    _ = translator(lang)
    row = summary(fetch, filters, params)
    n = int(row["start_active"] + row["new"])
    note = footnote(filters, _("n = {n} customers active in the window; {lost_line}").format(
        n=fmt.number(n, lang), lost_line=_lost_line(params, lang)), lang=lang)
    return Chart("leaky-bucket", cf.leaky_bucket(row, note, lang), fetch("funnel", filters, params), note)


def monthly(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart | None:
    _ = translator(lang)
    df = fetch("funnel_monthly", filters, params)
    if df.empty:
        return None
    assert filters.start is not None and filters.end is not None  # the pages pass resolved filters
    df = df.assign(complete=complete_months(df["month"], filters.start, filters.end))
    note = footnote(filters, _("n = {new} new and {lost} lost customers over {months} months; {lost_line}").format(
        new=fmt.number(int(df["new"].sum()), lang), lost=fmt.number(int(df["lost"].sum()), lang), months=len(df),
        lost_line=_lost_line(params, lang)), lang=lang)
    shown = df[["month", "new", "lost", "active_end", "complete"]]
    return Chart("new-vs-lost-by-month", cf.new_vs_lost(df, note, lang), shown, note)


def reasons(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart | None:
    """Recorded reasons for leaving; None when no lost customer has one."""
    _ = translator(lang)
    df = fetch("churn_reasons", filters, params)
    if df.empty or (df["reason"] == "not recorded").all():
        return None
    note = footnote(filters, _("n = {n} customers lost in the window; reasons as recorded in customers.churn_reason"
                               ).format(n=fmt.number(int(df["customers"].sum()), lang)), lang=lang)
    return Chart("churn-reasons", cf.churn_reasons(df, note, lang), df, note)


def reasons_note(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> str:
    """Why the reasons chart is missing ('' when it is shown)."""
    _ = translator(lang)
    df = fetch("churn_reasons", filters, params)
    if df.empty:
        return _("No customer was lost in this window, so there are no reasons to show.")
    return _.marked(REASON_UPLOAD_NOTE) if (df["reason"] == "not recorded").all() else ""


def _estimate_line(ice: pd.Series, lang: str) -> str:
    _ = translator(lang)
    if ice["silent_method"] == "survey":
        return _("Dissatisfied = complainers + silent, estimated from {n} dissatisfied survey answers ({share} never "
                 "complained)").format(n=fmt.number(int(ice["survey_n"]), lang),
                                       share=fmt.percent(ice["silent_share"], lang))
    return _("Dissatisfied estimated with the benchmark {share} never complain ({source}; {caveat}). Upload surveys "
             "with satisfaction and complained to estimate it from your customers").format(
        share=fmt.percent(PYRAMID_SILENT.value, lang), source=_.marked(PYRAMID_SILENT.source),
        caveat=pyramid_caveat(lang))


def journey(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    _ = translator(lang)
    ice = fetch("iceberg", filters, params).iloc[0]  # no follow-up in it: the call the other views make
    params = judged(fetch, filters, params)  # the follow-up the resolution page opens on
    stages = wi.journey_stages(ice, retention_groups(fetch, filters, params))
    cohort = int(retention_groups(fetch, filters, params).query("group != 'silent'")["customers"].sum())
    hours = fmt.hours(params.fast_hours, lang)
    note = footnote(filters, _estimate_line(ice, lang),
                    _("Resolved, resolved quickly (within {hours}) and retained ({days} days later): the {n} "
                      "complainers whose first complaint in the window has a full follow-up").format(
                        hours=hours, days=params.horizon_days, n=fmt.number(cohort, lang)), lang=lang)
    sources = "" if ice["silent_method"] == "survey" else _("{source}: {caveat}").format(
        source=_.marked(PYRAMID_SILENT.label), caveat=pyramid_caveat(lang))
    fig = cf.journey(stages, note, cohort=cohort, measured=ice["silent_method"] == "survey", fast_label=hours,
                     lang=lang)
    return Chart("complaint-journey", fig, stages.drop(columns="label"), note, sources)


def baseline(fetch: Fetch, filters: Filters, params: Params) -> wi.Baseline | None:
    """Today's journey and the retention rates the what-if applies (None without an estimate), over
    the follow-up the resolution page opens on."""
    # the iceberg and the funnel have no follow-up: fetched as the other views fetch them
    return wi.baseline(fetch("iceberg", filters, params).iloc[0],
                       retention_groups(fetch, filters, judged(fetch, filters, params)), summary(fetch, filters, params))


def _rates_line(b: wi.Baseline, lang: str) -> str:
    _ = translator(lang)
    parts = []
    for r in b.rates.values():
        values = dict(group=group_name(r.group, lang), rate=fmt.percent(r.rate, lang), n=fmt.number(r.customers, lang),
                      needed=wi.MIN_GROUP_N)
        parts.append((_("{group} {rate} (n = {n})") if r.source == "measured" else
                      _("{group} {rate} (benchmark: n = {n}, under {needed})")).format(**values))
    return _("Retention used: {rates}").format(rates=_(", ").join(parts))


def today_line(fetch: Fetch, filters: Filters, params: Params, b: wi.Baseline, lang: str = "en") -> str:
    """Where the what-if starts, each share stated only when measured: the complaining share from
    surveys (else it is the benchmark's), the quickly-resolved share from 30 complainers followed up."""
    _ = translator(lang)
    ice = fetch("iceberg", filters, params).iloc[0]  # no follow-up in it: the call the other views make
    params = judged(fetch, filters, params)
    groups = retention_groups(fetch, filters, params)
    cohort = int(groups.loc[groups["group"] != "silent", "customers"].sum())
    values = dict(complain=fmt.percent(b.complain_share, lang), fast=fmt.percent(b.fast_share, lang),
                  n=fmt.number(cohort, lang), hours=fmt.hours(params.fast_hours, lang),
                  reason=not_enough(cohort, what="complainers followed up", lang=lang))
    measured, followed = ice["silent_method"] == "survey", enough(cohort)
    if measured and followed:
        text = _("Today {complain} of dissatisfied customers complain; {fast} of the {n} complainers followed up "
                 "were resolved within {hours}.")
    elif measured:
        text = _("Today {complain} of dissatisfied customers complain; the share resolved within {hours}: {reason}.")
    elif followed:
        text = _("Today the share of dissatisfied customers who complain is not measured (the benchmark's "
                 "{complain} stands in); {fast} of the {n} complainers followed up were resolved within {hours}.")
    else:
        text = _("Today the share of dissatisfied customers who complain is not measured (the benchmark's "
                 "{complain} stands in); the share resolved within {hours}: {reason}.")
    return text.format(**values)


def default_scenario(b: wi.Baseline) -> tuple[float, float]:
    """The what-if shown before anyone moves a slider: at least DEFAULT_COMPLAIN complain and
    DEFAULT_FAST resolved quickly, never below today's values."""
    return max(b.complain_share, DEFAULT_COMPLAIN), max(b.fast_share, DEFAULT_FAST)


def what_if(fetch: Fetch, filters: Filters, params: Params, complain_share: float | None = None,
            fast_share: float | None = None, lang: str = "en") -> Chart | None:
    """Customers and revenue kept under the what-if against today; None without a baseline.

    Shares left None take `default_scenario`.
    """
    b = baseline(fetch, filters, params)
    if b is None:
        return None
    p, q = default_scenario(b)
    complain_share = p if complain_share is None else complain_share
    fast_share = q if fast_share is None else fast_share
    _ = translator(lang)
    df = wi.scenario(b, complain_share, fast_share)
    benchmarked = [b.rates[g] for g in b.benchmarked]
    sources = _("; ").join(_("{group}: {source}").format(group=group_name(r.group, lang), source=r.benchmark_label)
                           for r in benchmarked)
    note = footnote(filters, _("{rates}; revenue = customers x {money} (average annual revenue of a lost customer)"
                               ).format(rates=_rates_line(b, lang), money=cf.money(b.revenue_per_lost, lang)),
                    _("Benchmark rates where a group has fewer than {needed} customers: {sources}").format(
                        needed=wi.MIN_GROUP_N, sources=sources) if sources else "", lang=lang)
    return Chart("what-if", cf.whatif(df, note, lang), df, note, sources)


def lost_table(fetch: Fetch, filters: Filters, params: Params) -> pd.DataFrame:
    """The customers lost in the window, richest first, with their complaint history."""
    return fetch("lost_customers", filters, params)


def build(fetch: Fetch, filters: Filters, params: Params, complain_share: float | None = None,
          fast_share: float | None = None, lang: str = "en") -> list[Chart]:
    """The view's charts that have data, in page order."""
    charts = [waterfall(fetch, filters, params, lang), monthly(fetch, filters, params, lang),
              reasons(fetch, filters, params, lang), journey(fetch, filters, params, lang),
              what_if(fetch, filters, params, complain_share, fast_share, lang)]
    return [c for c in charts if c is not None]
