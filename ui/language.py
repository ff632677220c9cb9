"""The language switch (English / 简体中文) and the language of the current run.

The language lives in the URL as `lang=en|zh` like the filters; without it the
browser's language (`st.context.locale`), otherwise English (i18n.choice). Once
chosen it is always written into the URL, so a copied link opens in the
sender's language. Pages read it with `current_lang()` and pass it to every
view model and chart builder; nothing below ui/ reads the session.
"""
from __future__ import annotations

import streamlit as st

from i18n import translator
from i18n.catalog import LANGS
from i18n.choice import DEFAULT_LANG, LANGUAGE_NAMES, QUERY_KEY, choose_lang
from ui.pages import PageSpec

LANG_KEY = "lang"              # the language of this run, for current_lang()
CHOICE_KEY = "lang_choice"     # the switch's widget state
SYNCED_KEY = "lang_synced"     # the URL language the switch last matched


def language_switch(where=st.sidebar) -> str:
    """Draw the switch and return the chosen language, written into the URL.

    The URL wins over the widget when it changed since the last run (a pasted or
    edited link); otherwise the widget's choice is written into the URL. The
    label is bilingual and each language is named in itself, so a reader stuck in
    the wrong language finds the way back.
    """
    url_lang = choose_lang(st.query_params.to_dict(), st.context.locale)
    if st.session_state.get(SYNCED_KEY) != url_lang:
        st.session_state[CHOICE_KEY] = url_lang
    lang = where.segmented_control("语言 / Language", LANGS, format_func=LANGUAGE_NAMES.get,
                                   key=CHOICE_KEY) or url_lang
    st.session_state[SYNCED_KEY] = st.session_state[LANG_KEY] = lang
    if st.query_params.get(QUERY_KEY) != lang:
        st.query_params[QUERY_KEY] = lang
    return lang


def current_lang() -> str:
    """The language this run shows ('en' or 'zh'); English before the switch has run."""
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def heading(spec: PageSpec) -> str:
    """The page's headline (its st.title) in the current language."""
    return translator(current_lang()).marked(spec.heading)
