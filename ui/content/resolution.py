"""Charts of the /resolution view: retention by outcome group, by speed bucket, Kaplan-Meier curves.

`build(fetch, filters, params, problem="large")` works without widgets (the
all-pages deck calls it); the view passes the fast_hours / horizon_days chosen
on the page inside `params` and the benchmark set picked with its radio.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from charts.chart import Chart
from charts.resolution import (
    BUCKET_LABELS,
    MIN_N,
    buckets_chart,
    curve_sizes,
    curves_chart,
    group_labels,
    groups_chart,
)
from metrics.benchmarks import REPURCHASE, SMALL_CAVEAT, TARP_CAVEAT
from metrics.params import Filters, Params
from ui.content import Fetch, footnote

PROBLEMS = {"large": "Problems over $100 (9 / 19 / 54 / 82 %)", "small": "Problems under $5 (37 / 46 / 70 / 95 %)"}
FAST_HOURS = [4, 8, 24, 48, 72]
HORIZON_DAYS = [90, 180, 365]
SURVEY_UPLOAD_NOTE = ("The 'Dissatisfied, never complained' group needs surveys: upload surveys with "
                      "satisfaction and complained to measure it.")


def followed_up(fetch: Fetch, filters: Filters, params: Params) -> int:
    """Complainers whose first complaint in the window has a full `params.horizon_days` follow-up."""
    df = fetch("retention_groups", filters, params)
    return int(df.loc[df["group"] != "silent", "customers"].sum())


def judged_horizon(fetch: Fetch, filters: Filters, params: Params) -> int:
    """The follow-up the page opens on: `params.horizon_days` when MIN_GROUP_N complainers have it,
    else the longest of HORIZON_DAYS that has them; failing that, the same two steps with any
    complainer at all. (A window ending at as_of has no full 365-day follow-up, so the default
    window is judged after 180 days.)"""
    return longest_follow_up(lambda h: followed_up(fetch, filters, replace(params, horizon_days=h)),
                             params.horizon_days)


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


def benchmark_name(problem: str) -> str:
    """Legend entry of the benchmark markers: the study and the problem size."""
    size = "problems over $100" if problem == "large" else "problems under $5"
    return f"Benchmark: share who buy again, {size} (TARP, {REPURCHASE[problem]['fast'].year})"


def benchmark_sources(problem: str) -> str:
    b = REPURCHASE[problem]["fast"]
    caveat = TARP_CAVEAT if problem == "large" else SMALL_CAVEAT
    values = " / ".join(f"{REPURCHASE[problem][g].value * 100:.0f}" for g in ("silent", "unresolved", "resolved", "fast"))
    return f"Benchmark {values} % buy again: {b.label}. {caveat}"


def _n_line(df: pd.DataFrame, horizon_days: int) -> str:
    return (f"n = {int(df['customers'].sum()):,} customers, each judged {horizon_days} days after their first "
            f"complaint (or dissatisfied survey answer) in the window; bars: 95 % Wilson interval; "
            f"grey = fewer than {MIN_N} customers")


def silent_note(fetch: Fetch, groups: pd.DataFrame) -> str:
    """Why the silent group may be empty, naming the upload that fills it ('' when measured)."""
    silent = groups.set_index("group").at["silent", "customers"]
    if int(silent):
        return ""
    if fetch("table_counts", None).get("surveys", 0) == 0:
        return SURVEY_UPLOAD_NOTE
    return ("No dissatisfied survey answer in this window says the customer did not complain and has a "
            "full follow-up, so the silent group is empty.")


def groups(fetch: Fetch, filters: Filters, params: Params, problem: str = "large") -> Chart:
    """Retention per outcome group against the repurchase benchmark."""
    df = fetch("retention_groups", filters, params)
    bench = REPURCHASE[problem]
    data = df.assign(label=df["group"].map(group_labels(params.fast_hours)),
                     benchmark=df["group"].map(lambda g: bench[g].value),
                     benchmark_source=df["group"].map(lambda g: bench[g].label))
    sources = benchmark_sources(problem)
    note = footnote(filters, _n_line(df, params.horizon_days), sources)
    fig = groups_chart(df, params.fast_hours, params.horizon_days, note, bench, benchmark_name(problem))
    return Chart("retention-by-outcome", fig, data, note, sources)


def notes(fetch: Fetch, filters: Filters, params: Params) -> list[str]:
    """What an upload would add to this view (shown as notes on the page)."""
    return [n for n in [silent_note(fetch, fetch("retention_groups", filters, params))] if n]


def buckets(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    """Retention per speed bucket."""
    df = fetch("retention_buckets", filters, params)
    data = df.assign(label=df["bucket"].map(BUCKET_LABELS))
    note = footnote(filters, _n_line(df, params.horizon_days).replace(" (or dissatisfied survey answer)", ""))
    return Chart("retention-by-speed", buckets_chart(df, params.horizon_days, note), data, note)


def curves(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    """Kaplan-Meier retention after the first complaint, per speed bucket."""
    df = fetch("retention_curves", filters, params)
    n = sum(curve_sizes(df).values())
    note = footnote(filters, f"n = {n:,} customers' first complaint in the window, followed until they left or "
                             f"until the as-of date (censored); Kaplan-Meier with Greenwood 95 % bands")
    return Chart("retention-curves", curves_chart(df, params.horizon_days, note), df, note)


def _has(fetch: Fetch, name: str, filters: Filters, params: Params) -> bool:
    df = fetch(name, filters, params)
    return bool(len(df)) and ("customers" not in df or int(df["customers"].sum()) > 0)


def build(fetch: Fetch, filters: Filters, params: Params, problem: str = "large") -> list[Chart]:
    """The view's charts that have data, in page order (none when no complaint has a full follow-up)."""
    makers = {"retention_groups": lambda: groups(fetch, filters, params, problem),
              "retention_buckets": lambda: buckets(fetch, filters, params),
              "retention_curves": lambda: curves(fetch, filters, params)}
    return [make() for name, make in makers.items() if _has(fetch, name, filters, params)]
