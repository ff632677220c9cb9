"""The dashboard's one entry point: page config, language, navigation, shared sidebar.

Run with `make run` (or `streamlit run dashboard.py`). No queries run here;
pages read the filters this file puts in the sidebar. The navigation is drawn
here (Streamlit's own is hidden) so that every link carries the filters.
"""
from __future__ import annotations

import streamlit as st

from i18n import translator
from ui.auth import access_widget, is_analyst
from ui.filters import freshness_line, page_link, sidebar_filters
from ui.language import language_switch
from ui.pages import UPLOAD, VIEWS, PageSpec
from ui.safety import run_page
from ui.slides import all_pages_deck_button


def st_page(spec: PageSpec, lang: str) -> st.Page:
    return st.Page(spec.script, title=translator(lang).marked(spec.title), icon=spec.icon, url_path=spec.url_path,
                   default=spec.url_path == "")


lang = language_switch()  # first in the sidebar: the titles below are translated
_ = translator(lang)
st.set_page_config(page_title=_("Complaint & retention"), page_icon=":material/water:", layout="wide")
nav = st.sidebar.container()  # the page links, filled once the filters are known
access_widget()  # log in or type the analyst passcode, before the page list is built
shown = [*VIEWS, *([UPLOAD] if is_analyst() else [])]
page = st.navigation([st_page(p, lang) for p in shown], position="hidden")
filters = sidebar_filters()
for spec in shown:
    page_link(spec, where=nav)
if filters is not None:
    all_pages_deck_button(filters)  # renders only when clicked
freshness_line()
run_page(page)  # an error shows one sentence; details go to the security log
