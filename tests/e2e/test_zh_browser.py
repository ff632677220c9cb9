"""The translated pages in 简体中文 in a real headless Chromium (issue 13).

Each page of `TRANSLATED` (every page, the upload page too) is opened as
`<path>?lang=zh` at 1600x1000 on the demo warehouse; the visible text of the page,
the sidebar and the charts (SVG text) must hold no English word (tests/zh_checks.py:
numbers, units, product names and the demo's data values aside). Streamlit's own
chrome, which it does not translate (file uploader, date picker, dataframe toolbar,
status widget), the bilingual language switch and inline code (`python -m data
load`) are left out. A full-page screenshot goes to tests/screenshots/zh-<page>.png
for review. A click on a sidebar link keeps lang=zh.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import APP_RUN_MS, SCREENSHOTS
from test_browser import full_page_screenshot
from zh_checks import english_left

from data.demo import CATEGORIES, CHANNELS, NATURAL_REASONS, PROBLEM_REASONS, REGIONS
from data.schema import TABLES
from ui.pages import page

TRANSLATED = ("overview", "iceberg", "resolution", "funnel", "accounts", "effort", "upload")
MIN_CHARTS = {"overview": 1, "iceberg": 4, "resolution": 3, "funnel": 4, "accounts": 3, "effort": 3, "upload": 0}
# Streamlit's untranslated chrome and the bilingual switch: not part of the check.
SKIPPED = ["stFileUploaderDropzone", "stDateInput", "stElementToolbar", "stStatusWidget", "stHeader",
           "stToolbar", "stButtonGroup", "stDecoration", "stTooltipContent",
           "stIconMaterial",  # an icon's ligature name ("dashboard", "timer") is drawn as a glyph
           "stDataFrame"]  # the table's rows are data (customer ids and names); its headers are Chinese
# Data values the demo shows as loaded: regions, segments, channels, categories, reasons, tables, its load.
DATA_VALUES = [*REGIONS, "Enterprise", "Mid-market", "Small business", *CHANNELS, *CATEGORIES, *NATURAL_REASONS,
               *PROBLEM_REASONS, *TABLES, "demo seed customers"]

VISIBLE_TEXT = """skipped => {
  const out = [];
  for (const root of document.querySelectorAll('[data-testid="stSidebar"], [data-testid="stMain"]')) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const hidden = el => { for (let e = el; e; e = e.parentElement) {
      if (skipped.includes(e.getAttribute && e.getAttribute('data-testid'))) return true;
      const s = getComputedStyle(e); if (s.display === 'none' || s.visibility === 'hidden') return true;
      if (['SCRIPT', 'STYLE', 'TITLE', 'CODE'].includes(e.tagName)) return true; }  // code is not a sentence
    return false; };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (text && !hidden(n.parentElement)) out.push(text);
  } }
  return out;
}"""


@pytest.mark.parametrize("key", TRANSLATED)
def test_a_translated_page_reads_only_chinese(open_app: Callable, key: str) -> None:
    spec = page(key)
    tab = open_app(spec.path + "?lang=zh")
    tab.wait_for_function("n => document.querySelectorAll('.js-plotly-plot').length >= n",
                          arg=MIN_CHARTS[key], timeout=APP_RUN_MS)
    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=APP_RUN_MS)
    tab.wait_for_timeout(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(tab, SCREENSHOTS / f"zh-{key}.png")
    texts = tab.evaluate(VISIBLE_TEXT, SKIPPED)
    assert any("数据截至" in t for t in texts), texts  # the sidebar's freshness line, in Chinese
    assert not english_left(texts, DATA_VALUES), english_left(texts, DATA_VALUES)
    assert tab.locator('[data-testid="stMain"] h1').first.inner_text().strip() == {
        "overview": "我们在流失多少客户？为什么？"}.get(key, tab.locator("h1").first.inner_text().strip())


def test_a_sidebar_link_keeps_the_language(open_app: Callable) -> None:
    tab = open_app("/?lang=zh")
    tab.get_by_role("link", name="投诉冰山").first.click()
    tab.wait_for_url("**/iceberg?**lang=zh**", timeout=APP_RUN_MS)
    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=APP_RUN_MS)
    assert tab.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "投诉冰山"
