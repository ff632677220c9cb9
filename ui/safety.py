"""Errors a viewer can cause show one plain sentence; the details go to the security log.

`run_page(page)` runs the chosen page (dashboard.py); `report_error` is also
serve.py's `on_script_error`, so an exception anywhere in a run (the sidebar,
a widget callback) is handled the same way. `client.showErrorDetails = "none"`
in .streamlit/config.toml is the last line: even an error that escapes both
shows Streamlit's generic message, never a traceback, a path or SQL.
"""
from __future__ import annotations

import uuid

import streamlit as st

from ui.security_log import LOG

SENTENCE = ("Something went wrong while preparing this page. Please try again in a minute; if it keeps "
            "happening, tell the dashboard's administrator (reference {ref}).")


def report_error(exc: BaseException) -> bool:
    """Log `exc` with its traceback under a short reference and show the one sentence; True = handled."""
    ref = uuid.uuid4().hex[:8]
    LOG.error("page error reference=%s", ref, exc_info=exc)
    st.error(SENTENCE.format(ref=ref), icon=":material/error:")
    return True


def run_page(page) -> None:
    """page.run(), with any exception shown as the one sentence (st.rerun / st.stop pass through)."""
    try:
        page.run()
    except Exception as exc:  # st.rerun and st.stop raise BaseException subclasses, not caught here
        report_error(exc)
