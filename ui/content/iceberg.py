"""Charts of the /iceberg view: the iceberg with the pyramid benchmark, the trend, the complaint mix.

`build(fetch, filters, params, lang)` works without widgets; charts without data are left out. Every
text is in `lang`; benchmark sources keep their published titles.
"""
from __future__ import annotations

import pandas as pd

from charts.chart import Chart
from charts.common import share_range
from charts.iceberg import (
    LAYER_LABELS,
    LAYERS,
    PYRAMID,
    iceberg_chart,
    method_text,
    mix_chart,
    trend_chart,
)
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.params import Filters, Params
from ui.content import Fetch, footnote


def pyramid_sources(lang: str = "en") -> str:
    """Where the pyramid benchmark and Goodman's correction come from (titles as published)."""
    _ = translator(lang)
    return _("Benchmark 69 / 23 / 8 % (never complain / front-line only / reach management): {pyramid}. "
             "Correction: {goodman}: about {half} complain to front-line staff ({b2b} in B2B), {range} escalate."
             ).format(pyramid=_.marked(PYRAMID["silent_estimated"].label), goodman=BENCHMARKS["goodman_frontline"].label,
                      half=fmt.percent(BENCHMARKS["goodman_frontline"].value, lang),
                      b2b=fmt.percent(BENCHMARKS["goodman_frontline_b2b"].value, lang),
                      range=share_range(BENCHMARKS["goodman_escalated_low"].value,
                                        BENCHMARKS["goodman_escalated_high"].value, lang))



def survey_note(fetch: Fetch, ice: pd.Series, params: Params, lang: str = "en") -> str:
    """The note under the iceberg when the benchmark stood in for surveys ('' when measured)."""
    _ = translator(lang)
    if ice["silent_method"] == "survey":
        return ""
    values = dict(needed=params.min_survey_n, n=int(ice["survey_n"]))
    if fetch("table_counts", None).get("surveys", 0) == 0:
        return _("No surveys are loaded, so the silent layer uses the 69 % pyramid benchmark. Upload surveys with "
                 "satisfaction and complained (at least {needed} dissatisfied answers) to estimate it from your "
                 "own customers.").format(**values)
    return _.ngettext(
        "Only {n} dissatisfied survey answer in this window says whether they complained, so the silent layer "
        "uses the 69 % pyramid benchmark. Upload surveys with satisfaction and complained (at least {needed} "
        "dissatisfied answers) to estimate it from your own customers.",
        "Only {n} dissatisfied survey answers in this window say whether they complained, so the silent layer "
        "uses the 69 % pyramid benchmark. Upload surveys with satisfaction and complained (at least {needed} "
        "dissatisfied answers) to estimate it from your own customers.", values["n"]).format(**values)


def iceberg_frame(fetch: Fetch, filters: Filters, params: Params) -> pd.Series:
    """The one iceberg row for these filters."""
    return fetch("iceberg", filters, params).iloc[0]


def iceberg(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    _ = translator(lang)
    ice = iceberg_frame(fetch, filters, params)
    counts = [0 if ice[k] is None else int(ice[k]) for k in LAYERS]
    total = sum(counts)
    data = pd.DataFrame({"layer": [_.marked(LAYER_LABELS[k]) for k in LAYERS], "customers": counts,
                         "share": [c / total if total else None for c in counts],
                         "benchmark_share": [PYRAMID[k].value for k in LAYERS],
                         "estimated": [k == "silent_estimated" for k in LAYERS]})
    n = _("n = {n} customers who complained. {method}.").format(
        n=fmt.number(int(ice["complainers"]), lang), method=method_text(ice, params.min_survey_n, lang))
    sources = pyramid_sources(lang)
    note = footnote(filters, n, sources, lang=lang)
    return Chart("complaint-iceberg", iceberg_chart(ice, note, params.min_survey_n, lang), data, note, sources)


# What an upload of the missing column would add, one whole sentence per dimension.
MIX_NOTES = {
    "channel": N_("Complaints by channel need a channel column: upload complaints with channel recorded to see "
                  "where they come from."),
    "category": N_("Complaints by category need a category column: upload complaints with category recorded to "
                   "see where they come from."),
}
MIX_FOOTNOTES = {
    "channel": N_("n = {n} complaints opened in the window; 'not recorded' = no channel in the extract"),
    "category": N_("n = {n} complaints opened in the window; 'not recorded' = no category in the extract"),
}


def notes(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[str]:
    """What an upload would add to this view (shown as notes on the page)."""
    _ = translator(lang)
    mix_notes = [_.marked(MIX_NOTES[d]) for d in ("channel", "category")
                 if has_complaints(fetch, filters, params) and not recorded(fetch, filters, params, d)]
    return [n for n in [survey_note(fetch, iceberg_frame(fetch, filters, params), params, lang), *mix_notes] if n]


def with_partial(trend: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Flag months the window cuts (they hold fewer days, so are left out of the trend's comparison)."""
    month = pd.to_datetime(trend["month"])
    start, end = pd.Timestamp(filters.start), pd.Timestamp(filters.end)
    return trend.assign(partial=(month < start) | (month + pd.offsets.MonthEnd(0) > end))


def trend(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart:
    _ = translator(lang)
    df = with_partial(fetch("complaint_trend", filters, params), filters)
    note = footnote(filters, _("n = {n} complaints; rate = complaints opened in the month per 1,000 customers "
                               "active during it; hollow points are months cut by the window, left out of the "
                               "3-month comparison").format(n=fmt.number(int(df["complaints"].sum()), lang)),
                    lang=lang)
    return Chart("complaint-trend", trend_chart(df, note, lang), df, note)


def recorded(fetch: Fetch, filters: Filters, params: Params, dimension: str) -> bool:
    """Whether any complaint in the window has `dimension` (channel or category) recorded."""
    df = fetch("complaint_mix", filters, params, dimension=dimension)
    return bool((df["value"] != "not recorded").any() and int(df["complaints"].sum()))


def mix(fetch: Fetch, filters: Filters, params: Params, dimension: str, lang: str = "en") -> Chart | None:
    """Complaints by channel or category; None when no complaint has it recorded."""
    if not recorded(fetch, filters, params, dimension):
        return None
    df = fetch("complaint_mix", filters, params, dimension=dimension)
    note = footnote(filters, translator(lang).marked(MIX_FOOTNOTES[dimension]).format(
        n=fmt.number(int(df["complaints"].sum()), lang)), lang=lang)
    return Chart(f"complaints-by-{dimension}", mix_chart(df, dimension, note, lang), df, note)


def has_complaints(fetch: Fetch, filters: Filters, params: Params) -> bool:
    return int(iceberg_frame(fetch, filters, params)["complainers"]) > 0


def build(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[Chart]:
    """The view's charts, in page order; none when the filters select no complaint."""
    if not has_complaints(fetch, filters, params):
        return []
    charts = [iceberg(fetch, filters, params, lang), trend(fetch, filters, params, lang),
              mix(fetch, filters, params, "channel", lang), mix(fetch, filters, params, "category", lang)]
    return [c for c in charts if c is not None]
