"""Showing a chart the house way, and the deck downloads.

A view model builds `Chart` values (charts.chart: figure + the numbers behind it); a view calls
`show()` for each; `deck_button()` offers them as a PPTX, built only when the
button is clicked. `all_pages_deck_button()` in the sidebar builds every
view's charts (see ui/content) into one deck.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from charts.chart import Chart
from charts.deck import PPTX_MIME, Slide, build_deck, deck_available
from charts.export import figure_config
from data.csvsafe import safe_csv
from i18n import translator
from i18n.catalog import N_
from ui.language import current_lang


def show(chart: Chart) -> None:
    """The chart (modebar PNG at 1600x900, named after it) and its 'Download data (CSV)'."""
    st.plotly_chart(chart.figure, config=figure_config(chart.name), key=f"chart-{chart.name}", theme=None)
    if chart.caption:
        st.caption(chart.caption)
    _ = translator(current_lang())
    st.download_button(_("Download data (CSV)"), safe_csv(chart.data), file_name=f"{chart.name}.csv",
                       mime="text/csv", key=f"csv-{chart.name}", on_click="ignore", icon=":material/download:")


def _slides(charts: Sequence[Chart]) -> list[Slide]:
    return [Slide(title=c.title, figure=c.figure, footnote=c.footnote, sources=c.sources) for c in charts]


def deck_button(label: str, file_name: str, charts: Callable[[], Sequence[Chart]], *, key: str,
                where=st) -> None:
    """A 'Download deck (PPTX)' button that renders the charts only when clicked, in the page's language
    (`label` is the English msgid).

    Without a Chromium to render with, it explains how to enable it instead.
    """
    lang = current_lang()
    _ = translator(lang)
    ok, why = deck_available(lang)
    if not ok:
        where.caption(_("{label}: {why}").format(label=_.marked(label), why=why))
        return
    where.download_button(_.marked(label), data=lambda: build_deck(_slides(charts()), lang), file_name=file_name,
                          mime=PPTX_MIME,
                          key=key, on_click="ignore", icon=":material/slideshow:")


def all_pages_deck_button(filters) -> None:  # the charts follow current_lang() like the page
    """'Download deck: all pages' in the sidebar: every view's charts, in navigation order."""
    from ui.cache import metric
    from ui.content.deck import all_charts

    deck_button(N_("Download deck: all pages (PPTX)"), "complaints-and-retention.pptx",
                lambda: all_charts(metric, filters, lang=current_lang()), key="deck-all-pages", where=st.sidebar)

