"""The sidebar every page shares: filters kept in the URL, and the data freshness line.

The filters live in the query string (?start=...&end=...&region=...&segment=...)
so a copied link reproduces the view. `filters_from_query` and
`query_from_filters` are pure so the round trip is tested without a browser.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from data import warehouse
from metrics.params import Filters, data_bounds

ALL = "All"
FILTERS_KEY = "filters"


def _date(text: str | None, lo: date, hi: date) -> date | None:
    try:
        d = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return min(max(d, lo), hi) if d else None


def filters_from_query(query: Mapping[str, str], start: date, as_of: date) -> Filters:
    """Filters from a query string; missing or malformed values fall back to the defaults."""
    lo = _date(query.get("start"), start, as_of) or start
    hi = _date(query.get("end"), start, as_of) or as_of
    if hi < lo:
        lo, hi = start, as_of
    return Filters(start=lo, end=hi, as_of=as_of,
                   region=query.get("region") or None, segment=query.get("segment") or None)


def query_from_filters(f: Filters, start: date, as_of: date) -> dict[str, str]:
    """The query string for `f`, leaving out values equal to the defaults (short links)."""
    query = {}
    if f.start != start:
        query["start"] = f.start.isoformat()
    if f.end != as_of:
        query["end"] = f.end.isoformat()
    if f.region:
        query["region"] = f.region
    if f.segment:
        query["segment"] = f.segment
    return query


def _choices(column: str) -> list[str]:
    from ui.cache import dimension_values
    return [ALL, *dimension_values(column)]


WIDGET_KEYS = {"window": "filter_window", "region": "filter_region", "segment": "filter_segment"}
SYNCED_KEY = "filters_synced_query"


def _sync_widgets_from_url(url: Filters, regions: list[str], segments: list[str]) -> None:
    """Copy the URL into the widgets when it changed outside them (first run, pasted link)."""
    query = st.query_params.to_dict()
    if st.session_state.get(SYNCED_KEY) == query:
        return
    st.session_state[WIDGET_KEYS["window"]] = (url.start, url.end)
    st.session_state[WIDGET_KEYS["region"]] = url.region if url.region in regions else ALL
    st.session_state[WIDGET_KEYS["segment"]] = url.segment if url.segment in segments else ALL


def sidebar_filters() -> Filters | None:
    """Draw the shared filters in the sidebar and return them (None on an empty warehouse).

    The widgets start from the URL; every change is written back to the URL.
    Keyed widgets keep their identity when the URL changes, so every change sticks.
    """
    from ui.cache import bounds
    start, as_of = bounds()
    if as_of is None:
        st.sidebar.info("The warehouse is empty: build the demo (`make run`) or upload extracts.")
        return None
    start = start or as_of
    url = filters_from_query(st.query_params.to_dict(), start, as_of)
    regions, segments = _choices("region"), _choices("segment")
    _sync_widgets_from_url(url, regions, segments)
    kept = st.session_state.get(WIDGET_KEYS["window"])
    if isinstance(kept, tuple) and any(not start <= d <= as_of for d in kept):  # an undo shrank the data
        st.session_state[WIDGET_KEYS["window"]] = (url.start, url.end)
    side = st.sidebar
    side.markdown("**Filters**")
    window = side.date_input("Date window", key=WIDGET_KEYS["window"], min_value=start,
                             max_value=as_of, format="YYYY-MM-DD")
    lo, hi = (window + (window[0],))[:2] if isinstance(window, tuple) and window else (url.start, url.end)
    region = side.selectbox("Region", regions, key=WIDGET_KEYS["region"])
    segment = side.selectbox("Segment", segments, key=WIDGET_KEYS["segment"])
    f = Filters(start=lo, end=hi, as_of=as_of, region=None if region == ALL else region,
                segment=None if segment == ALL else segment)
    query = query_from_filters(f, start, as_of)
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)
    st.session_state[SYNCED_KEY] = query
    st.session_state[FILTERS_KEY] = f
    return f


def freshness_line() -> None:
    """As-of date of the data and the time of the last load, at the foot of the sidebar."""
    from ui.cache import bounds
    _, as_of = bounds()
    load = warehouse.last_load(warehouse.cursor())
    loaded = f"{load['loaded_at']:%Y-%m-%d %H:%M} ({load['table']}, {load['file_name']})" if load else "never"
    st.sidebar.caption(f"Data as of **{as_of or 'no data'}** · last load {loaded}")


def current_filters() -> Filters | None:
    """The filters the sidebar built in this run (pages call this)."""
    return st.session_state.get(FILTERS_KEY)
