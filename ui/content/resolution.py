"""Charts of the /resolution view: retention by outcome group, by speed bucket, Kaplan-Meier curves.

`build(fetch, filters, params, problem="large")` works without widgets (the
all-pages deck calls it); the view passes the fast_hours / horizon_days chosen
on the page inside `params` and the benchmark set picked with its radio.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from charts.benchmark_notes import figures, tarp_caveat
from charts.chart import Chart
from charts.resolution import (
    BUCKETS,
    MIN_N,
    bucket_label,
    buckets_chart,
    curve_sizes,
    curves_chart,
    group_labels,
    groups_chart,
)
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import REPURCHASE
from metrics.params import Filters, Params
from metrics.resolution import buckets_of, groups_of
from ui.content import Fetch, footnote

PROBLEMS = {"large": N_("Problems over $100 (9 / 19 / 54 / 82 %)"),
            "small": N_("Problems under $5 (37 / 46 / 70 / 95 %)")}  # msgids, translated where shown
FAST_HOURS = [4, 8, 24, 48, 72]
HORIZON_DAYS = [90, 180, 365]
SURVEY_UPLOAD_NOTE = N_("The 'Dissatisfied, never complained' group needs surveys: upload surveys with "
                        "satisfaction and complained to measure it.")


def retention_groups(fetch: Fetch, filters: Filters, params: Params) -> pd.DataFrame:
    """metrics.retention_groups from the two cohorts it counts, fetched (and cached) on their own so
    retention_buckets and every page showing the groups share them."""
    return groups_of(fetch("resolution_cohort", filters, params), fetch("silent_cohort", filters, params))


def retention_buckets(fetch: Fetch, filters: Filters, params: Params) -> pd.DataFrame:
    """metrics.retention_buckets from the fetched resolution_cohort (shared with retention_groups)."""
    return buckets_of(fetch("resolution_cohort", filters, params))


def followed_up(fetch: Fetch, filters: Filters, params: Params) -> dict[int, int]:
    """Complainers whose first complaint in the window has a full follow-up, per horizon (HORIZON_DAYS
    and `params.horizon_days`), from one metric call."""
    horizons = tuple(sorted({*HORIZON_DAYS, params.horizon_days}))
    df = fetch("followed_up", filters, params, horizons=horizons)
    return dict(zip(df["horizon"], df["customers"]))


def judged_horizon(fetch: Fetch, filters: Filters, params: Params) -> int:
    """The follow-up the page opens on: `params.horizon_days` when MIN_GROUP_N complainers have it,
    else the longest of HORIZON_DAYS that has them; failing that, the same two steps with any
    complainer at all. (A window ending at as_of has no full 365-day follow-up, so the default
    window is judged after 180 days.)"""
    counts = followed_up(fetch, filters, params)
    return longest_follow_up(lambda h: counts[h], params.horizon_days)


def longest_follow_up(count: Callable[[int], int], default: int) -> int:
    """`default` when `count(default)` >= MIN_GROUP_N, else the longest of HORIZON_DAYS that reaches it;
    failing that the same two steps with a count of at least 1; else `default`."""
    longest_first = [default, *sorted(set(HORIZON_DAYS) - {default}, reverse=True)]
    counts = {h: count(h) for h in longest_first}
    for least in (MIN_N, 1):
        for h in longest_first:
            if counts[h] >= least:
                return h
    return default


def judged(fetch: Fetch, filters: Filters, params: Params) -> Params:
    """`params` with the page's opening follow-up (`judged_horizon`)."""
    return replace(params, horizon_days=judged_horizon(fetch, filters, params))


def problem_label(problem: str, lang: str = "en") -> str:
    """The benchmark radio's option in `lang`."""
    return translator(lang).marked(PROBLEMS[problem])


def benchmark_name(problem: str, lang: str = "en") -> str:
    """Legend entry of the benchmark markers: the study and the problem size."""
    _ = translator(lang)
    year = REPURCHASE[problem]["fast"].year
    if problem == "large":
        return _("Benchmark: share who buy again, problems over $100 (TARP, {year})").format(year=year)
    return _("Benchmark: share who buy again, problems under $5 (TARP, {year})").format(year=year)


def benchmark_sources(problem: str, lang: str = "en") -> str:
    """The benchmark's figures and published source, with its caveat translated (charts.benchmark_notes)."""
    _ = translator(lang)
    b = REPURCHASE[problem]["fast"]
    return _("Benchmark {values} % buy again: {source}. {caveat}").format(values=figures(problem), source=b.label,
                                                                         caveat=tarp_caveat(problem, lang))


def _n_line(df: pd.DataFrame, horizon_days: int, lang: str, *, surveys: bool = True) -> str:
    _ = translator(lang)
    values = dict(n=fmt.number(int(df["customers"].sum()), lang), days=horizon_days, needed=MIN_N)
    if surveys:
        return _("n = {n} customers, each judged {days} days after their first complaint (or dissatisfied survey "
                 "answer) in the window; bars: 95 % Wilson interval; grey = fewer than {needed} customers"
                 ).format(**values)
    return _("n = {n} customers, each judged {days} days after their first complaint in the window; bars: 95 % "
             "Wilson interval; grey = fewer than {needed} customers").format(**values)


def silent_note(fetch: Fetch, groups: pd.DataFrame, lang: str = "en") -> str:
    """Why the silent group may be empty, naming the upload that fills it ('' when measured)."""
    _ = translator(lang)
    silent = groups.set_index("group").at["silent", "customers"]
    if int(silent):
        return ""
    if fetch("table_counts", None).get("surveys", 0) == 0:
        return _.marked(SURVEY_UPLOAD_NOTE)
    return _("No dissatisfied survey answer in this window says the customer did not complain and has a "
             "full follow-up, so the silent group is empty.")


def groups(fetch: Fetch, filters: Filters, params: Params, problem: str = "large", lang: str = "en") -> Chart:
    """Retention per outcome group against the repurchase benchmark."""
    df = retention_groups(fetch, filters, params)
    bench = REPURCHASE[problem]
    data = df.assign(label=df["group"].map(group_labels(params.fast_hours, lang)),
                     benchmark=df["group"].map(lambda g: bench[g].value),
                     benchmark_source=df["group"].map(lambda g: bench[g].label))
    sources = benchmark_sources(problem, lang)
    note = footnote(filters, _n_line(df, params.horizon_days, lang), sources, lang=lang)
    fig = groups_chart(df, params.fast_hours, params.horizon_days, note, bench, benchmark_name(problem, lang), lang)
    return Chart("retention-by-outcome", fig, data, note, sources)


def notes(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[str]:
    """What an upload would add to this view (shown as notes on the page)."""
    return [n for n in [silent_note(fetch, retention_groups(fetch, filters, params), lang)] if n]


def buckets(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    """Retention per speed bucket."""
    df = retention_buckets(fetch, filters, params)
    data = df.assign(label=df["bucket"].map({k: bucket_label(k, lang) for k in BUCKETS}))
    note = footnote(filters, _n_line(df, params.horizon_days, lang, surveys=False), lang=lang)
    return Chart("retention-by-speed", buckets_chart(df, params.horizon_days, note, lang), data, note)


def curves(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    """Kaplan-Meier retention after the first complaint, per speed bucket."""
    _ = translator(lang)
    df = fetch("retention_curves", filters, params)
    n = sum(curve_sizes(df).values())
    note = footnote(filters, _("n = {n} customers' first complaint in the window, followed until they left or "
                               "until the as-of date (censored); Kaplan-Meier with Greenwood 95 % bands").format(
        n=fmt.number(n, lang)), lang=lang)
    return Chart("retention-curves", curves_chart(df, params.horizon_days, note, lang=lang), df, note)


def _has(df: pd.DataFrame) -> bool:
    return bool(len(df)) and ("customers" not in df or int(df["customers"].sum()) > 0)


def build(fetch: Fetch, filters: Filters, params: Params, problem: str = "large", lang: str = "en") -> list[Chart]:
    """The view's charts that have data, in page order (none when no complaint has a full follow-up)."""
    makers = [(retention_groups(fetch, filters, params), lambda: groups(fetch, filters, params, problem, lang)),
              (retention_buckets(fetch, filters, params), lambda: buckets(fetch, filters, params, lang)),
              (fetch("retention_curves", filters, params), lambda: curves(fetch, filters, params, lang))]
    return [make() for data, make in makers if _has(data)]
