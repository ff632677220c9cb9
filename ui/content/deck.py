"""Each page's deck as the page opens: its charts, in page order, built from a fetch function.

`page_charts(fetch, "funnel", filters)` is what the page's own deck button holds
with the page's default choices; `all_charts` is the all-pages deck (navigation
order, from ui.pages). The view models decide which charts have data, so a deck
holds exactly the charts its page draws.
"""
from __future__ import annotations

from collections.abc import Callable

from charts.chart import Chart
from metrics.params import DEFAULT_PARAMS, Filters, Params
from ui.content import Fetch, accounts, effort, funnel, iceberg, overview, resolution
from ui.pages import VIEWS

# Each page's view model: build(fetch, filters, params, ..., lang=...) with its default choices.
BUILDERS: dict[str, Callable[..., list[Chart]]] = {
    "overview": overview.build, "iceberg": iceberg.build, "resolution": resolution.build, "funnel": funnel.build,
    "accounts": accounts.build, "effort": effort.build}


def page_charts(fetch: Fetch, key: str, filters: Filters, params: Params = DEFAULT_PARAMS,
                lang: str = "en") -> list[Chart]:
    """The charts of page `key` with its default choices (the resolution page's opening follow-up), in `lang`."""
    if key == "resolution":
        params = resolution.judged(fetch, filters, params)
    return BUILDERS[key](fetch, filters, params, lang=lang)


def all_charts(fetch: Fetch, filters: Filters, params: Params = DEFAULT_PARAMS, lang: str = "en") -> list[Chart]:
    """Every page's charts, in navigation order, in `lang`."""
    return [chart for spec in VIEWS for chart in page_charts(fetch, spec.key, filters, params, lang)]
