"""A one-line Streamlit app for tests/e2e/test_i18n_lang.py: the language the rules choose, in the page."""
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository root

from i18n import choose_lang, translator

lang = choose_lang(st.query_params.to_dict(), st.context.locale)
st.markdown(f"lang={lang} locale={st.context.locale}")
st.title(translator(lang)("Complaint iceberg"))
