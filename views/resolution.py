"""Retention by resolution speed: who stays after a complaint, against the TARP benchmark."""
from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from i18n import translator
from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import resolution
from ui.filters import current_filters, no_data_message
from ui.language import current_lang, heading
from ui.pages import page
from ui.slides import deck_button, show

lang = current_lang()
_ = translator(lang)
st.title(heading(page("resolution")))
filters = current_filters()
if filters is None:
    st.info(no_data_message())
    st.stop()

fast, horizon, problem = st.columns([1, 1, 2])
fast_hours = fast.selectbox(_("Resolved quickly = within (hours)"), resolution.FAST_HOURS,
                            index=resolution.FAST_HOURS.index(int(DEFAULT_PARAMS.fast_hours)), key="fast_hours")
opening = resolution.judged_horizon(metric, filters, replace(DEFAULT_PARAMS, fast_hours=fast_hours))
horizon_days = horizon.selectbox(_("Retention judged after (days)"), resolution.HORIZON_DAYS,
                                 index=resolution.HORIZON_DAYS.index(opening), key="horizon_days")
size = problem.radio(_("Benchmark"), list(resolution.PROBLEMS), format_func=partial(resolution.problem_label, lang=lang),
                     horizontal=True, key="benchmark_problem")
params = replace(DEFAULT_PARAMS, fast_hours=fast_hours, horizon_days=horizon_days)

if opening != DEFAULT_PARAMS.horizon_days and horizon_days == opening:
    st.caption(_("Too few complaints in this window have a full {days}-day follow-up before the as-of date, so "
                 "retention is judged after {opening} days.").format(days=DEFAULT_PARAMS.horizon_days,
                                                                     opening=opening))
charts = {c.name: c for c in resolution.build(metric, filters, params, size, lang)}
if "retention-by-outcome" in charts:
    show(charts["retention-by-outcome"])
    for note in resolution.notes(metric, filters, params, lang):
        st.info(note, icon=":material/upload:")
if "retention-by-speed" in charts:
    show(charts["retention-by-speed"])
if "retention-by-speed" not in charts:
    st.info(_("No complaint opened in this window has a full {days}-day follow-up before the as-of date: choose a "
              "shorter follow-up, an earlier window, or clear the region / segment filter.").format(days=horizon_days))
if "retention-curves" in charts:
    show(charts["retention-curves"])
deck_button(N_("Download deck (PPTX)"), "resolution-speed.pptx", partial(resolution.build, metric, filters, params, size, lang),
            key="deck-resolution")
