"""Overview: how many customers are we losing, and why? KPI cards, headline findings, lost customers."""
from __future__ import annotations

from functools import partial

import streamlit as st

from i18n import translator
from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import overview
from ui.filters import current_filters, no_data_message, page_link
from ui.language import current_lang
from ui.pages import page
from ui.slides import deck_button, show

lang = current_lang()
_ = translator(lang)
st.title(_.marked(page("overview").heading))
filters = current_filters()
if filters is None:
    st.info(no_data_message())
    st.stop()

cards = overview.kpis(metric, filters, DEFAULT_PARAMS, lang)
if any(k.delta_color != "off" for k in cards):
    st.caption(overview.previous_window(filters, lang))
for row in (cards[:3], cards[3:]):
    for col, k in zip(st.columns(len(row)), row):
        compared = k.delta_color != "off"
        col.metric(k.label, k.value, delta=k.delta, delta_color=k.delta_color, help=k.help, border=True,
                   delta_arrow="auto" if compared else "off",
                   delta_description=_("vs previous window") if compared else None)

st.subheader(_("What the data says"))
for finding in overview.findings(metric, filters, DEFAULT_PARAMS, lang):
    text, link = st.columns([3, 1], vertical_alignment="center")
    text.markdown(f"**{finding.text}**")
    page_link(page(finding.page), where=link, label=finding.link, icon=":material/arrow_forward:")

charts = overview.build(metric, filters, DEFAULT_PARAMS, lang)
for chart in charts:
    show(chart)
deck_button(N_("Download deck (PPTX)"), "overview.pptx", partial(overview.build, metric, filters, DEFAULT_PARAMS, lang),
            key="deck-overview")
