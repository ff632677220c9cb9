"""Customer effort: how often customers have to come back, switch channel, and whether
the effort they report decides if they stay."""
from __future__ import annotations

from functools import partial

import streamlit as st

from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import effort as content
from ui.filters import current_filters, no_data_message
from ui.language import current_lang, heading
from ui.pages import page
from ui.slides import deck_button, show

lang = current_lang()
_ = translator(lang)
st.title(heading(page("effort")))
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None:
    st.info(no_data_message())
    st.stop()

notes = content.notes(metric, filters, params, lang)
st.caption(_("Loyalty comes from making things easy: repeat contacts are the main effort driver."))
if notes["contacts"]:
    st.info(notes["contacts"])
else:
    row = content.summary(metric, filters, params)
    cards = st.columns(3)
    cards[0].metric(_("Repeat-contact rate"), fmt.percent(row["repeat_contact_rate"], lang, 1),
                    help=_("Contacts followed by another contact of the same customer within 7 days. HBR 2010: "
                           "{share} of customers contacted repeatedly (frequency of an effort driver, not retention)."
                           ).format(share=fmt.percent(BENCHMARKS["effort_repeat_contact"].value, lang)))
    cards[1].metric(_("Channel switching"), fmt.percent(row["channel_switch_rate"], lang, 1),
                    help=_("Repeat contacts made on another channel than the contact before. HBR 2010: {share} "
                           "switched from web to phone.").format(
                        share=fmt.percent(BENCHMARKS["effort_switch_channel"].value, lang)))
    per = row["contacts_per_complaint"]
    cards[2].metric(_("Contacts per complaint"), "-" if per is None else fmt.number(per, lang, 1),
                    help=_("Contacts linked to a complaint (complaint_id), per complaint opened in the window."))
    if (drivers := content.drivers(metric, filters, params, lang)) is not None:
        show(drivers)

st.subheader(_("How hard customers say it was"))
if notes["scores"]:
    st.info(notes["scores"])
else:
    if (distribution := content.distribution(metric, filters, params, lang)) is not None:
        show(distribution)
    retention = content.retention(metric, filters, params, lang)
    if retention is None:
        st.info(content.retention_note(metric, filters, params, lang))
    else:
        show(retention)
    st.caption(_("{sentence}.").format(sentence=content.hbr_sources(lang)))

deck_button(N_("Download deck (PPTX)"), "customer-effort.pptx", partial(content.build, metric, filters, params, lang),
            key="deck-effort")
