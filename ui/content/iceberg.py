"""Charts of the /iceberg view: the iceberg with the pyramid benchmark, the trend, the complaint mix.

`build(fetch, filters, params)` works without widgets; charts without data are left out.
"""
from __future__ import annotations

import pandas as pd

from charts.chart import Chart
from charts.iceberg import (
    LAYER_LABELS,
    LAYERS,
    PYRAMID,
    iceberg_chart,
    method_text,
    mix_chart,
    trend_chart,
)
from metrics.benchmarks import BENCHMARKS
from metrics.params import Filters, Params
from ui.content import Fetch, footnote

PYRAMID_SOURCES = (f"Benchmark 69 / 23 / 8 % (never complain / front-line only / reach management): "
                   f"{PYRAMID['silent_estimated'].label}. Correction: {BENCHMARKS['goodman_frontline'].label}: "
                   f"about 50 % complain to front-line staff (75 % in B2B), 1-5 % escalate.")


def survey_note(fetch: Fetch, ice: pd.Series, params: Params) -> str:
    """The note under the iceberg when the benchmark stood in for surveys ('' when measured)."""
    if ice["silent_method"] == "survey":
        return ""
    have = ("No surveys are loaded" if fetch("table_counts", None).get("surveys", 0) == 0
            else f"Only {int(ice['survey_n'])} dissatisfied survey "
            f"{'answer' if int(ice['survey_n']) == 1 else 'answers'} in this window "
            f"{'says' if int(ice['survey_n']) == 1 else 'say'} whether they complained")
    return (f"{have}, so the silent layer uses the 69 % pyramid benchmark. Upload surveys with satisfaction "
            f"and complained (at least {params.min_survey_n} dissatisfied answers) to estimate it from your "
            f"own customers.")


def iceberg_frame(fetch: Fetch, filters: Filters, params: Params) -> pd.Series:
    """The one iceberg row for these filters."""
    return fetch("iceberg", filters, params).iloc[0]


def iceberg(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    ice = iceberg_frame(fetch, filters, params)
    counts = [0 if ice[k] is None else int(ice[k]) for k in LAYERS]
    total = sum(counts)
    data = pd.DataFrame({"layer": [LAYER_LABELS[k] for k in LAYERS], "customers": counts,
                         "share": [c / total if total else None for c in counts],
                         "benchmark_share": [PYRAMID[k].value for k in LAYERS],
                         "estimated": [k == "silent_estimated" for k in LAYERS]})
    n = f"n = {int(ice['complainers']):,} customers who complained. {method_text(ice, params.min_survey_n)}."
    note = footnote(filters, n, PYRAMID_SOURCES)
    return Chart("complaint-iceberg", iceberg_chart(ice, note, params.min_survey_n), data, note,
                 PYRAMID_SOURCES)


def notes(fetch: Fetch, filters: Filters, params: Params) -> list[str]:
    """What an upload would add to this view (shown as notes on the page)."""
    mix_notes = [MIX_NOTE.format(d=d) for d in ("channel", "category")
                 if has_complaints(fetch, filters, params) and not recorded(fetch, filters, params, d)]
    return [n for n in [survey_note(fetch, iceberg_frame(fetch, filters, params), params), *mix_notes] if n]


def with_partial(trend: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Flag months the window cuts (they hold fewer days, so are left out of the trend's comparison)."""
    month = pd.to_datetime(trend["month"])
    start, end = pd.Timestamp(filters.start), pd.Timestamp(filters.end)
    return trend.assign(partial=(month < start) | (month + pd.offsets.MonthEnd(0) > end))


def trend(fetch: Fetch, filters: Filters, params: Params) -> Chart:
    df = with_partial(fetch("complaint_trend", filters, params), filters)
    note = footnote(filters, f"n = {int(df['complaints'].sum()):,} complaints; rate = complaints opened in the "
                             f"month per 1,000 customers active during it; hollow points are months cut by "
                             f"the window, left out of the 3-month comparison")
    return Chart("complaint-trend", trend_chart(df, note), df, note)


MIX_NOTE = ("Complaints by {d} need a {d} column: upload complaints with {d} recorded to see where they "
            "come from.")


def recorded(fetch: Fetch, filters: Filters, params: Params, dimension: str) -> bool:
    """Whether any complaint in the window has `dimension` (channel or category) recorded."""
    df = fetch("complaint_mix", filters, params, dimension=dimension)
    return bool((df["value"] != "not recorded").any() and int(df["complaints"].sum()))


def mix(fetch: Fetch, filters: Filters, params: Params, dimension: str) -> Chart | None:
    """Complaints by channel or category; None when no complaint has it recorded."""
    if not recorded(fetch, filters, params, dimension):
        return None
    df = fetch("complaint_mix", filters, params, dimension=dimension)
    note = footnote(filters, f"n = {int(df['complaints'].sum()):,} complaints opened in the window; "
                             f"'not recorded' = no {dimension} in the extract")
    return Chart(f"complaints-by-{dimension}", mix_chart(df, dimension, note), df, note)


def has_complaints(fetch: Fetch, filters: Filters, params: Params) -> bool:
    return int(iceberg_frame(fetch, filters, params)["complainers"]) > 0


def build(fetch: Fetch, filters: Filters, params: Params) -> list[Chart]:
    """The view's charts, in page order; none when the filters select no complaint."""
    if not has_complaints(fetch, filters, params):
        return []
    charts = [iceberg(fetch, filters, params), trend(fetch, filters, params), mix(fetch, filters, params, "channel"),
              mix(fetch, filters, params, "category")]
    return [c for c in charts if c is not None]
