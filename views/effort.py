"""Customer effort: how often customers have to come back, switch channel, and whether
the effort they report decides if they stay."""
from __future__ import annotations

import streamlit as st

from charts.common import pct
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import effort as content
from ui.filters import current_filters, no_data_message
from ui.language import heading
from ui.pages import page
from ui.slides import deck_button, show

st.title(heading(page("effort")))
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None:
    st.info(no_data_message())
    st.stop()

notes = content.notes(metric, filters, params)
st.caption("Loyalty comes from making things easy: repeat contacts are the main effort driver.")
if notes["contacts"]:
    st.info(notes["contacts"])
else:
    row = content.summary(metric, filters, params)
    cards = st.columns(3)
    cards[0].metric("Repeat-contact rate", pct(row["repeat_contact_rate"], 1),
                    help="Contacts followed by another contact of the same customer within 7 days. "
                         f"HBR 2010: {pct(BENCHMARKS['effort_repeat_contact'].value)} of customers contacted "
                         "repeatedly (frequency of an effort driver, not retention).")
    cards[1].metric("Channel switching", pct(row["channel_switch_rate"], 1),
                    help="Repeat contacts made on another channel than the contact before. HBR 2010: "
                         f"{pct(BENCHMARKS['effort_switch_channel'].value)} switched from web to phone.")
    per = row["contacts_per_complaint"]
    cards[2].metric("Contacts per complaint", "-" if per is None else f"{per:.1f}",
                    help="Contacts linked to a complaint (complaint_id), per complaint opened in the window.")
    show(content.drivers(metric, filters, params))

st.subheader("How hard customers say it was")
if notes["scores"]:
    st.info(notes["scores"])
else:
    show(content.distribution(metric, filters, params))
    retention = content.retention(metric, filters, params)
    if retention is None:
        st.info(content.retention_note(metric, filters, params))
    else:
        show(retention)
    st.caption(content.HBR_SOURCES + ".")

deck_button(N_("Download deck (PPTX)"), "customer-effort.pptx", lambda: content.build(metric, filters, params),
            key="deck-effort")
