"""Showing a chart the house way, and the deck downloads.

A view builds `Chart` values (figure + the numbers behind it) and calls
`show()` for each; `deck_button()` offers them as a PPTX, built only when the
button is clicked. `all_pages_deck_button()` in the sidebar builds every
view's charts (see ui/content) into one deck.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.deck import Slide, build_deck, deck_available
from charts.export import figure_config
from data.csvsafe import safe_csv


@dataclass
class Chart:
    name: str                 # file-name stem, e.g. "complaint-iceberg"
    figure: go.Figure         # built by a charts/ builder: finding as title, footnote inside
    data: pd.DataFrame        # the numbers behind the chart, for the CSV download
    footnote: str = ""        # filters, as-of date, n (also drawn inside the figure)
    sources: str = ""         # benchmark provenance, repeated on the slide
    caption: str = field(default="")  # optional line under the chart on the page

    @property
    def title(self) -> str:
        return self.figure.layout.title.text or self.name


def show(chart: Chart) -> None:
    """The chart (modebar PNG at 1600x900 x2, named after it) and its 'Download data (CSV)'."""
    st.plotly_chart(chart.figure, config=figure_config(chart.name), key=f"chart-{chart.name}", theme=None)
    if chart.caption:
        st.caption(chart.caption)
    st.download_button("Download data (CSV)", safe_csv(chart.data), file_name=f"{chart.name}.csv",
                       mime="text/csv", key=f"csv-{chart.name}", on_click="ignore", icon=":material/download:")


def _slides(charts: Sequence[Chart]) -> list[Slide]:
    return [Slide(title=c.title, figure=c.figure, footnote=c.footnote, sources=c.sources) for c in charts]


def deck_button(label: str, file_name: str, charts: Callable[[], Sequence[Chart]], *, key: str,
                where=st) -> None:
    """A 'Download deck (PPTX)' button that renders the charts only when clicked.

    Without a Chromium to render with, it explains how to enable it instead.
    """
    ok, why = deck_available()
    if not ok:
        where.caption(f"{label}: {why}")
        return
    where.download_button(label, data=lambda: build_deck(_slides(charts())), file_name=file_name,
                          mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                          key=key, on_click="ignore", icon=":material/slideshow:")


def all_pages_deck_button(filters) -> None:
    """'Download deck: all pages' in the sidebar: every view's charts, in navigation order."""
    from metrics.params import DEFAULT_PARAMS
    from ui.content import accounts, effort, funnel, iceberg, overview, resolution

    def charts() -> list[Chart]:
        views = (overview, iceberg, resolution, funnel, accounts, effort)
        return [chart for view in views for chart in view.build(filters, DEFAULT_PARAMS)]

    deck_button("Download deck: all pages (PPTX)", "complaints-and-retention.pptx", charts,
                key="deck-all-pages", where=st.sidebar)
