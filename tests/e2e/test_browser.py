"""Every page of the dashboard in a real headless Chromium, on the demo warehouse.

Each page path must load at 1600x1000 without an exception or error box and
show at least its expected number of Plotly charts; a full-page screenshot is
saved to tests/screenshots/<name>.png (git-ignored) for review. A deep link
with a region filter must set the sidebar's region select.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SCREENSHOTS
from playwright.sync_api import expect

from ui.pages import PAGES as REGISTRY

# URL path -> screenshot name, from the page registry.
PAGES = {p.path: p.key for p in REGISTRY}

# Fewest Plotly charts each page must show on the 3,000-customer demo.
MIN_CHARTS = {"overview": 1, "iceberg": 4, "resolution": 3, "funnel": 4, "accounts": 3, "effort": 3, "upload": 0}

EXCEPTION = '[data-testid="stException"]'
ERROR_ALERT = '[data-testid="stAlertContentError"]'
PLOTLY_CHART = '[data-testid="stPlotlyChart"]'


def full_page_screenshot(page, path: Path) -> None:
    """Screenshot the whole page: Streamlit scrolls inside stMain, so grow the viewport to fit it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(300)  # charts re-lay out to the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def chart_count(page) -> int:
    """Plotly charts drawn on the page (Streamlit's wrapper, or plotly's own root element)."""
    return max(page.locator(PLOTLY_CHART).count(), page.locator(".js-plotly-plot").count())


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_in_a_real_browser(open_app: Callable, path: str) -> None:
    page = open_app(path)
    least = MIN_CHARTS[PAGES[path]]
    if least:
        page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot').length >= n",
                               arg=least, timeout=15_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / f"{PAGES[path]}.png")
    exceptions = page.locator(EXCEPTION).all_inner_texts()
    assert not exceptions, exceptions
    errors = page.locator(ERROR_ALERT).all_inner_texts()
    assert not errors, errors
    assert chart_count(page) >= least
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()


def test_a_deep_link_sets_the_region_filter(open_app: Callable) -> None:
    page = open_app("/iceberg?region=North")
    region = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Region")
    expect(region).to_have_value("North")
    assert "region=North" in page.url
    assert page.locator(EXCEPTION).count() == 0
