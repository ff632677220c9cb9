"""The view models: each module's `build(fetch, filters, params) -> list[Chart]` and the sentences,
notes and tables its page shows.

Plain functions. Every number comes through `fetch(name, filters, params, **kwargs)`, which
returns metrics.<name>(cursor, filters, params, **kwargs): the pages pass ui.cache.metric
(cached per data version), the deck, the bench and the tests may pass `direct(cursor)`; so
nothing here needs Streamlit. Figures come from charts/.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

import metrics
from i18n import formats as fmt
from i18n import translator
from metrics.params import Filters

Fetch = Callable[..., Any]  # fetch(metric_name, filters, params, **kwargs) -> the metric's result


def direct(con: duckdb.DuckDBPyConnection) -> Fetch:
    """A fetch that calls the metrics on `con`, uncached (for decks, the bench and tests)."""
    def fetch(name: str, filters: Filters | None, params: Any = None, **kwargs: Any) -> Any:
        from metrics.params import DEFAULT_PARAMS
        return getattr(metrics, name)(con, filters, params or DEFAULT_PARAMS, **kwargs)
    return fetch


def table_name(table: str, lang: str) -> str:
    """A warehouse table as the pages name it (the schema's name stays the key)."""
    _ = translator(lang)
    return {"customers": _.pgettext("extract table", "customers"), "orders": _.pgettext("extract table", "orders"),
            "complaints": _.pgettext("extract table", "complaints"), "surveys": _.pgettext("extract table", "surveys"),
            "contacts": _.pgettext("extract table", "contacts")}.get(table, table)


def describe(filters: Filters, lang: str = "en") -> str:
    """One line for chart footnotes: window, as-of date, filters (in English exactly Filters.describe())."""
    _ = translator(lang)
    if filters.start is None or filters.end is None:
        raise ValueError("resolve the filters first: start and end must be set")
    everywhere = _.pgettext("filter value", "all")
    return _("{window} · as of {as_of} · region: {region} · segment: {segment}").format(
        window=fmt.date_range(filters.start, filters.end, lang), as_of=fmt.date_(filters.as_of, lang),
        region=filters.region or everywhere, segment=filters.segment or everywhere)


def footnote(filters: Filters, *lines: str, lang: str = "en") -> str:
    """A chart footnote: the filters and as-of date, then n and sources, one line each."""
    return "<br>".join([describe(filters, lang), *(line for line in lines if line)])
