"""Each page's deck as the page opens: its charts, in page order, built from a fetch function.

`page_charts(fetch, "funnel", filters)` is what the page's own deck button holds
with the page's default choices; `all_charts` is the all-pages deck (navigation
order, from ui.pages). The view models decide which charts have data, so a deck
holds exactly the charts its page draws.
"""
from __future__ import annotations

from charts.chart import Chart
from metrics.params import DEFAULT_PARAMS, Filters, Params
from ui.content import Fetch, accounts, effort, funnel, iceberg, overview, resolution
from ui.pages import VIEWS

# The pages whose view models do not speak Chinese yet (issue 13 wraps them page by page): built in
# English whatever the deck's language. A translated page's builder takes `lang` (below).
BUILDERS = {"funnel": funnel.build}


def page_charts(fetch: Fetch, key: str, filters: Filters, params: Params = DEFAULT_PARAMS,
                lang: str = "en") -> list[Chart]:
    """The charts of page `key` with its default choices (the resolution page's opening follow-up)."""
    if key == "resolution":
        return resolution.build(fetch, filters, resolution.judged(fetch, filters, params), lang=lang)
    if key == "overview":
        return overview.build(fetch, filters, params, lang)
    if key == "iceberg":
        return iceberg.build(fetch, filters, params, lang)
    if key == "accounts":
        return accounts.build(fetch, filters, params, lang=lang)
    if key == "effort":
        return effort.build(fetch, filters, params, lang)
    return BUILDERS[key](fetch, filters, params)


def all_charts(fetch: Fetch, filters: Filters, params: Params = DEFAULT_PARAMS, lang: str = "en") -> list[Chart]:
    """Every page's charts, in navigation order, in `lang` where the page is translated."""
    return [chart for spec in VIEWS for chart in page_charts(fetch, spec.key, filters, params, lang)]
