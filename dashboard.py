"""The dashboard's one entry point: page config, house template, navigation, shared sidebar.

Run with `make run` (or `streamlit run dashboard.py`). No queries run here;
pages read the filters this file puts in the sidebar.
"""
from __future__ import annotations

import streamlit as st

from charts.theme import register
from ui.auth import access_widget, is_analyst
from ui.filters import freshness_line, sidebar_filters
from ui.safety import run_page
from ui.slides import all_pages_deck_button

st.set_page_config(page_title="Complaint & retention", page_icon=":material/water:", layout="wide")
register()

VIEWS = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="", default=True),
    st.Page("views/iceberg.py", title="Complaint iceberg", icon=":material/ac_unit:", url_path="iceberg"),
    st.Page("views/resolution.py", title="Resolution speed", icon=":material/timer:", url_path="resolution"),
    st.Page("views/funnel.py", title="Lost customers", icon=":material/filter_alt:", url_path="funnel"),
    st.Page("views/accounts.py", title="Small vs large accounts", icon=":material/groups:", url_path="accounts"),
    st.Page("views/effort.py", title="Customer effort", icon=":material/sentiment_stressed:", url_path="effort"),
]
UPLOAD = st.Page("views/upload.py", title="Upload extracts", icon=":material/upload:", url_path="upload")

access_widget()  # log in or type the analyst passcode, before the page list is built
pages = {"Views": VIEWS}
if is_analyst():
    pages["Data"] = [UPLOAD]
page = st.navigation(pages)
filters = sidebar_filters()
if filters is not None:
    all_pages_deck_button(filters)  # renders only when clicked
freshness_line()
run_page(page)  # an error shows one sentence; details go to the security log
