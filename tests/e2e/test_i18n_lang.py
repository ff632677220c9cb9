"""The language rules in a real browser: `st.context.locale` is the browser's language
(navigator.language), the URL's lang wins over it, and a browser in neither language gets English.

Serves tests/e2e/apps/lang_probe.py (not the dashboard, which does not have
the switch yet) and opens it in Chromium contexts with different locales.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import ROOT, started, wait_for_app

PROBE = ROOT / "tests" / "e2e" / "apps" / "lang_probe.py"


@pytest.fixture(scope="module")
def probe(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with started(None, tmp_path_factory.mktemp("lang") / "streamlit.log", script=str(PROBE)) as server:
        yield server.url


@pytest.mark.parametrize("locale, query, text, title", [
    ("zh-CN", "", "lang=zh locale=zh-CN", "投诉冰山"),
    ("en-US", "", "lang=en locale=en-US", "Complaint iceberg"),
    ("en-US", "?lang=zh", "lang=zh locale=en-US", "投诉冰山"),
    ("zh-CN", "?lang=en", "lang=en locale=zh-CN", "Complaint iceberg"),
    ("de-DE", "", "lang=en locale=de-DE", "Complaint iceberg"),
])
def test_browser_language_and_url(probe: str, browser, locale: str, query: str, text: str, title: str) -> None:
    context = browser.new_context(locale=locale)  # navigator.language = locale
    try:
        page = context.new_page()
        page.goto(probe + "/" + query, wait_until="domcontentloaded")
        wait_for_app(page)
        assert page.inner_text('[data-testid="stMarkdown"]').strip() == text
        assert page.inner_text("h1").strip() == title
    finally:
        context.close()
