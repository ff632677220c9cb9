"""Charts of the /funnel view: the leaky bucket, new vs lost by month, churn reasons,
the complaint journey, the what-if, and the table of the customers we lost.

`build(fetch, filters, params, complain_share=..., fast_share=...)` works without
widgets (the all-pages deck calls it); the view passes its slider values.
"""
from __future__ import annotations

import pandas as pd

import charts.funnel as cf
from charts.chart import Chart
from charts.common import pct
from metrics import whatif as wi
from metrics.benchmarks import BENCHMARKS, PYRAMID_SILENT
from metrics.definitions import complete_months, enough, not_enough
from metrics.params import Filters, Params
from ui.content import Fetch, footnote
from ui.content.resolution import judged

# The what-if the deck shows: about half of dissatisfied customers complaining is
# Goodman's (2005) figure; 80 % resolved quickly is a round target.
DEFAULT_COMPLAIN = BENCHMARKS["goodman_frontline"].value
DEFAULT_FAST = 0.8
REASON_UPLOAD_NOTE = ("No reason for leaving is recorded for these customers: upload customers with a "
                      "churn_reason column to see why they left.")


def summary(fetch: Fetch, filters: Filters, params: Params) -> pd.Series:
    """The funnel's one row (start_active, new, lost, ..., annual_revenue_lost)."""
    return fetch("funnel", filters, params).iloc[0]


def _lost_line(params: Params) -> str:
    return (f"lost = churn date, or no order for {params.inactivity_days} days; complaint history = complaints "
            "in the 365 days up to leaving")


def waterfall(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    row = summary(fetch, filters, params)
    n = int(row["start_active"] + row["new"])
    note = footnote(filters, f"n = {n:,} customers active in the window; {_lost_line(params)}")
    return Chart("leaky-bucket", cf.leaky_bucket(row, note), fetch("funnel", filters, params), note)


def monthly(fetch: Fetch, filters: Filters, params: Params) -> Chart | None:
    df = fetch("funnel_monthly", filters, params)
    if df.empty:
        return None
    df = df.assign(complete=complete_months(df["month"], filters.start, filters.end))
    note = footnote(filters, f"n = {int(df['new'].sum()):,} new and {int(df['lost'].sum()):,} lost customers "
                             f"over {len(df)} months; {_lost_line(params)}")
    shown = df[["month", "new", "lost", "active_end", "complete"]]
    return Chart("new-vs-lost-by-month", cf.new_vs_lost(df, note), shown, note)


def reasons(fetch: Fetch, filters: Filters, params: Params) -> Chart | None:
    """Recorded reasons for leaving; None when no lost customer has one."""
    df = fetch("churn_reasons", filters, params)
    if df.empty or (df["reason"] == "not recorded").all():
        return None
    note = footnote(filters, f"n = {int(df['customers'].sum()):,} customers lost in the window; reasons as "
                             "recorded in customers.churn_reason")
    return Chart("churn-reasons", cf.churn_reasons(df, note), df, note)


def reasons_note(fetch: Fetch, filters: Filters, params: Params) -> str:
    """Why the reasons chart is missing ('' when it is shown)."""
    df = fetch("churn_reasons", filters, params)
    if df.empty:
        return "No customer was lost in this window, so there are no reasons to show."
    return REASON_UPLOAD_NOTE if (df["reason"] == "not recorded").all() else ""


def _estimate_line(ice: pd.Series) -> str:
    if ice["silent_method"] == "survey":
        return (f"Dissatisfied = complainers + silent, estimated from {int(ice['survey_n']):,} dissatisfied survey "
                f"answers ({pct(ice['silent_share'])} never complained)")
    return (f"Dissatisfied estimated with the benchmark {pct(PYRAMID_SILENT.value)} never complain "
            f"({PYRAMID_SILENT.source}; {PYRAMID_SILENT.caveat}). Upload surveys with satisfaction and "
            "complained to estimate it from your customers")


def journey(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    params = judged(fetch, filters, params)  # the follow-up the resolution page opens on
    ice = fetch("iceberg", filters, params).iloc[0]
    stages = wi.journey_stages(ice, fetch("retention_groups", filters, params))
    cohort = int(fetch("retention_groups", filters, params).query("group != 'silent'")["customers"].sum())
    note = footnote(filters, _estimate_line(ice),
                    f"Resolved, resolved quickly (within {params.fast_hours:g} h) and retained ({params.horizon_days} "
                    f"days later): the {cohort:,} complainers whose first complaint in the window has a full follow-up")
    sources = "" if ice["silent_method"] == "survey" else f"{PYRAMID_SILENT.label}: {PYRAMID_SILENT.caveat}"
    fig = cf.journey(stages, note, cohort=cohort, measured=ice["silent_method"] == "survey",
                     fast_label=f"{params.fast_hours:g} h")
    return Chart("complaint-journey", fig, stages.drop(columns="label"), note, sources)


def baseline(fetch: Fetch, filters: Filters, params: Params) -> wi.Baseline | None:
    """Today's journey and the retention rates the what-if applies (None without an estimate), over
    the follow-up the resolution page opens on."""
    params = judged(fetch, filters, params)
    return wi.baseline(fetch("iceberg", filters, params).iloc[0], fetch("retention_groups", filters, params),
                       summary(fetch, filters, params))


def _rates_line(b: wi.Baseline) -> str:
    parts = []
    for r in b.rates.values():
        parts.append(f"{r.group} {pct(r.rate)} " + (f"(n = {r.customers:,})" if r.source == "measured"
                                                    else f"(benchmark: n = {r.customers}, under {wi.MIN_GROUP_N})"))
    return "Retention used: " + ", ".join(parts)


def today_line(fetch: Fetch, filters: Filters, params: Params, b: wi.Baseline) -> str:
    """Where the what-if starts, each share stated only when measured: the complaining share from
    surveys (else it is the benchmark's), the quickly-resolved share from 30 complainers followed up."""
    params = judged(fetch, filters, params)
    ice = fetch("iceberg", filters, params).iloc[0]
    groups = fetch("retention_groups", filters, params)
    cohort = int(groups.loc[groups["group"] != "silent", "customers"].sum())
    within = f"within {params.fast_hours:g} h"
    complain = (f"{pct(b.complain_share)} of dissatisfied customers complain" if ice["silent_method"] == "survey"
                else f"the share of dissatisfied customers who complain is not measured (the benchmark's "
                     f"{pct(b.complain_share)} stands in)")
    fast = (f"{pct(b.fast_share)} of the {cohort:,} complainers followed up were resolved {within}" if enough(cohort)
            else f"the share resolved {within}: {not_enough(cohort, what='complainers followed up')}")
    return f"Today {complain}; {fast}."


def default_scenario(b: wi.Baseline) -> tuple[float, float]:
    """The what-if shown before anyone moves a slider: at least DEFAULT_COMPLAIN complain and
    DEFAULT_FAST resolved quickly, never below today's values."""
    return max(b.complain_share, DEFAULT_COMPLAIN), max(b.fast_share, DEFAULT_FAST)


def what_if(fetch: Fetch, filters: Filters, params: Params, complain_share: float | None = None,
            fast_share: float | None = None) -> Chart | None:
    """Customers and revenue kept under the what-if against today; None without a baseline.

    Shares left None take `default_scenario`.
    """
    b = baseline(fetch, filters, params)
    if b is None:
        return None
    p, q = default_scenario(b)
    complain_share = p if complain_share is None else complain_share
    fast_share = q if fast_share is None else fast_share
    df = wi.scenario(b, complain_share, fast_share)
    benchmarked = [b.rates[g] for g in b.benchmarked]
    sources = "; ".join(f"{r.group}: {r.benchmark_label}" for r in benchmarked)
    note = footnote(filters, _rates_line(b) + f"; revenue = customers x {cf.money(b.revenue_per_lost)} "
                                              "(average annual revenue of a lost customer)",
                    f"Benchmark rates where a group has fewer than {wi.MIN_GROUP_N} customers: {sources}"
                    if sources else "")
    return Chart("what-if", cf.whatif(df, note), df, note, sources)


def lost_table(fetch: Fetch, filters: Filters, params: Params) -> pd.DataFrame:
    """The customers lost in the window, richest first, with their complaint history."""
    return fetch("lost_customers", filters, params)


def build(fetch: Fetch, filters: Filters, params: Params, complain_share: float | None = None,
          fast_share: float | None = None) -> list[Chart]:
    """The view's charts that have data, in page order."""
    charts = [waterfall(fetch, filters, params), monthly(fetch, filters, params), reasons(fetch, filters, params),
              journey(fetch, filters, params), what_if(fetch, filters, params, complain_share, fast_share)]
    return [c for c in charts if c is not None]
