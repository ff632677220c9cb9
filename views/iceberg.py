"""The complaint iceberg: how many dissatisfied customers stand behind each complaint, and the trend."""
from __future__ import annotations

from functools import partial

import streamlit as st

from charts.common import share_range
from i18n import translator
from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import iceberg
from ui.filters import current_filters, no_data_message
from ui.language import current_lang, heading
from ui.pages import page
from ui.slides import deck_button, show

lang = current_lang()
_ = translator(lang)
st.title(heading(page("iceberg")))
filters = current_filters()
if filters is None:
    st.info(no_data_message())
    st.stop()

charts = {c.name: c for c in iceberg.build(metric, filters, DEFAULT_PARAMS, lang)}
if not charts:
    st.info(_("No complaints were opened by the customers these filters select in this window: "
              "widen the date window or clear the region / segment filter."))
    st.stop()

show(charts["complaint-iceberg"])
st.caption(_("The pyramid benchmark (69 / 23 / 8 %) comes from the source articles, with no primary source "
             "found; J. Goodman (TARP, ASQ Quality Progress 2005) finds about half of dissatisfied customers "
             "complain to front-line staff and {range} escalate. Treat it as context, not a target.").format(
    range=share_range(0.01, 0.05, lang)))
for note in iceberg.notes(metric, filters, DEFAULT_PARAMS, lang):
    st.info(note, icon=":material/upload:")
show(charts["complaint-trend"])
for name in ("complaints-by-channel", "complaints-by-category"):
    if name in charts:
        show(charts[name])
deck_button(N_("Download deck (PPTX)"), "complaint-iceberg.pptx", partial(iceberg.build, metric, filters, DEFAULT_PARAMS, lang),
            key="deck-iceberg")
