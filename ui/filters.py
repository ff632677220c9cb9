"""The sidebar every page shares: filters kept in the URL, and the data freshness line.

The filters live in the query string (?start=...&end=...&region=...&segment=...)
so a copied link reproduces the view. `filters_from_query` and
`query_from_filters` are pure so the round trip is tested without a browser.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial

import streamlit as st

from data import warehouse
from data.periods import default_start
from i18n import formats as fmt
from i18n import translator
from i18n.choice import with_lang
from metrics.params import WINDOWS, Filters, window, window_key
from ui.content import table_name
from ui.language import current_lang
from ui.pages import PageSpec

ALL = "All"
FILTERS_KEY = "filters"


def _date(text: str | None, lo: date, hi: date) -> date | None:
    try:
        d = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return min(max(d, lo), hi) if d else None


def filters_from_query(query: Mapping[str, str], start: date, as_of: date) -> Filters:
    """Filters from a query string; missing or malformed values fall back to the defaults
    (the last 365 days ending at as_of; dates clamped to the data's start .. as_of)."""
    first = default_start(start, as_of)
    lo = _date(query.get("start"), start, as_of) or first
    hi = _date(query.get("end"), start, as_of) or as_of
    if hi < lo:
        lo, hi = first, as_of
    return Filters(start=lo, end=hi, as_of=as_of,
                   region=query.get("region") or None, segment=query.get("segment") or None)


def query_from_filters(f: Filters, start: date, as_of: date) -> dict[str, str]:
    """The query string for `f`, leaving out values equal to the defaults (short links)."""
    query = {}
    if f.start is not None and f.start != default_start(start, as_of):
        query["start"] = f.start.isoformat()
    if f.end is not None and f.end != as_of:
        query["end"] = f.end.isoformat()
    if f.region:
        query["region"] = f.region
    if f.segment:
        query["segment"] = f.segment
    return query


def _choices(column: str) -> list[str]:
    from ui.cache import dimension_values
    return [ALL, *dimension_values(column)]


WIDGET_KEYS = {"period": "filter_period", "window": "filter_window", "region": "filter_region",
               "segment": "filter_segment"}
FILTER_KEYS = ("start", "end", "region", "segment")
CUSTOM = "custom"
SYNCED_KEY = "filters_synced_query"
QUERY_KEY = "filters_query"


def _filter_query() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k in FILTER_KEYS}


def _sync_widgets_from_url(url: Filters, regions: list[str], segments: list[str], start: date,
                           as_of: date) -> None:
    """Copy the URL into the widgets when it names filters they do not show (a session's first
    run, a pasted link). A URL without any filter in a running session is a page switch that
    dropped the query string: the widgets keep their values and the URL gets them back."""
    query = _filter_query()
    synced = st.session_state.get(SYNCED_KEY)
    if synced == query or (synced is not None and not query):
        return
    assert url.start is not None and url.end is not None  # filters_from_query sets both
    st.session_state[WIDGET_KEYS["period"]] = window_key(url.start, url.end, start, as_of) or CUSTOM
    st.session_state[WIDGET_KEYS["window"]] = (url.start, url.end)
    st.session_state[WIDGET_KEYS["region"]] = url.region if url.region in regions else ALL
    st.session_state[WIDGET_KEYS["segment"]] = url.segment if url.segment in segments else ALL


def _on_period(start: date, as_of: date) -> None:
    key = st.session_state[WIDGET_KEYS["period"]]
    if key != CUSTOM:
        st.session_state[WIDGET_KEYS["window"]] = window(key, start, as_of)


def _on_window(start: date, as_of: date) -> None:
    picked = st.session_state[WIDGET_KEYS["window"]]
    if isinstance(picked, tuple) and len(picked) == 2:
        st.session_state[WIDGET_KEYS["period"]] = window_key(*picked, start, as_of) or CUSTOM


def _period_label(key: str, lang: str) -> str:
    _ = translator(lang)
    return _.marked(WINDOWS[key][0]) if key in WINDOWS else _("Custom dates")


def _all_label(value: str, lang: str) -> str:
    """`ALL` stays the widget's value in every language; only its label is translated."""
    _ = translator(lang)
    return _("All") if value == ALL else value


def sidebar_filters() -> Filters | None:
    """Draw the shared filters in the sidebar and return them (None when no row has a date).

    The widgets start from the URL (by default the last 365 days ending at as_of);
    every change is written back to the URL, and a page switch keeps them.
    """
    from ui.cache import bounds
    start, as_of = bounds()
    if as_of is None:
        return None
    start = start or as_of
    url = filters_from_query(st.query_params.to_dict(), start, as_of)
    regions, segments = _choices("region"), _choices("segment")
    _sync_widgets_from_url(url, regions, segments, start, as_of)
    kept = st.session_state.get(WIDGET_KEYS["window"])
    assert url.start is not None and url.end is not None  # filters_from_query sets both
    if isinstance(kept, tuple) and any(not start <= d <= as_of for d in kept):  # an undo shrank the data
        st.session_state[WIDGET_KEYS["window"]] = (url.start, url.end)
        st.session_state[WIDGET_KEYS["period"]] = window_key(url.start, url.end, start, as_of) or CUSTOM
    side = st.sidebar
    lang = current_lang()
    _ = translator(lang)
    side.markdown("**{}**".format(_("Filters")))
    side.selectbox(_("Period"), [*WINDOWS, CUSTOM], key=WIDGET_KEYS["period"],
                   format_func=partial(_period_label, lang=lang),
                   on_change=_on_period, args=(start, as_of))
    picked = side.date_input(_("Date window"), key=WIDGET_KEYS["window"], min_value=start, max_value=as_of,
                             format="YYYY-MM-DD", on_change=_on_window, args=(start, as_of))
    lo, hi = (picked + (picked[0],))[:2] if isinstance(picked, tuple) and picked else (url.start, url.end)
    region = side.selectbox(_("Region"), regions, key=WIDGET_KEYS["region"],
                            format_func=partial(_all_label, lang=lang))
    segment = side.selectbox(_("Segment"), segments, key=WIDGET_KEYS["segment"],
                             format_func=partial(_all_label, lang=lang))
    f = Filters(start=lo, end=hi, as_of=as_of, region=None if region == ALL else region,
                segment=None if segment == ALL else segment)
    query = query_from_filters(f, start, as_of)
    if query != _filter_query():
        st.query_params.from_dict(with_lang(query, current_lang()))  # from_dict replaces the whole URL
    st.session_state[SYNCED_KEY] = query
    st.session_state[QUERY_KEY] = query
    st.session_state[FILTERS_KEY] = f
    return f


def current_query() -> dict[str, str]:
    """The current filters and language as query parameters: every link the app draws carries them."""
    return with_lang(st.session_state.get(QUERY_KEY, {}), current_lang())


def page_link(spec: PageSpec, *, where=st, label: str | None = None, icon: str | None = None) -> None:
    """A link to the registered page `spec` that keeps the current filters."""
    where.page_link(spec.script, label=label or translator(current_lang()).marked(spec.title), icon=icon or spec.icon, query_params=current_query())


def no_data_message() -> str:
    """What a page says when no row carries a date yet (so there is no period to show)."""
    from ui.cache import table_counts
    lang = current_lang()
    _ = translator(lang)
    counts = {t: n for t, n in table_counts().items() if n}
    if not counts:
        return _("The warehouse is empty. Analysts: open **Upload extracts** and load customers, then orders, "
                 "complaints, surveys and contacts (CSV, Excel or Parquet); or build the demo with `make run`.")
    # i18n: the separator between row counts such as "120 customers, 3 contacts" (table names stay English)
    held = _(", ").join(f"{fmt.number(n, lang)} {t}" for t, n in counts.items())
    return _("The warehouse holds {held} but no orders, complaints or surveys yet, so there is no period to "
             "show: upload orders (and complaints) on **Upload extracts**.").format(held=held)


def freshness_line() -> None:
    """As-of date of the data and the time of the last load, at the foot of the sidebar."""
    from ui.cache import bounds
    _, as_of = bounds()
    cur = warehouse.cursor()
    try:
        load = warehouse.last_load(cur)
    finally:
        cur.close()
    lang = current_lang()
    _ = translator(lang)
    day = fmt.date_(as_of, lang) if as_of else None
    if load:
        when = fmt.datetime_(load["loaded_at"], lang)
        line = (_("Data as of **{day}** · last load {when} ({table}, {file})") if as_of else
                _("No dated rows yet · last load {when} ({table}, {file})"))
        text = line.format(day=day, when=when, table=table_name(load["table"], lang), file=load["file_name"])
    else:
        text = (_("Data as of **{day}** · last load never").format(day=day) if as_of else
                _("No dated rows yet · last load never"))
    st.sidebar.caption(text)


def current_filters() -> Filters | None:
    """The filters the sidebar built in this run (pages call this)."""
    return st.session_state.get(FILTERS_KEY)
