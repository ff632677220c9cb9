"""The upload page in a real headless Chromium on the hand-made sample warehouse: an extract with
ambiguous dates is asked about, the answer lets it load, and the mapping used is shown.
Screenshots at 1600x1000 go to tests/screenshots/ (git-ignored) for review."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import NOT_RUNNING, SCREENSHOTS, SETTLE_MS, VIEWPORT, Server, serve_app, wait_for_app
from loading.conftest import build_sample, rows
from loading.test_corpus import CORPUS
from test_browser import full_page_screenshot


@pytest.fixture(scope="module")
def sample_server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """The dashboard served on the sample warehouse of tests/loading (everyone an analyst)."""
    folder = tmp_path_factory.mktemp("upload_e2e")
    db = build_sample(folder / "sample.duckdb")
    from data import warehouse

    warehouse.close(db)
    with serve_app(db, chromium, folder / "streamlit.log", without=("ANALYST_PASSCODE",)) as server:
        yield server, db


def settle(page) -> None:
    page.wait_for_timeout(SETTLE_MS)
    page.wait_for_selector(NOT_RUNNING, state="attached", timeout=60_000)


def test_ambiguous_dates_are_asked_in_the_browser_and_the_mapping_is_shown(sample_server, browser) -> None:
    server, db = sample_server
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(server.url + "/upload", wait_until="domcontentloaded")
        wait_for_app(page)
        page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="orders").click()
        settle(page)
        page.locator('input[type="file"]').set_input_files(str(CORPUS / "orders_ambiguous_dates.csv"))
        page.get_by_text("read both ways").wait_for(timeout=60_000)
        settle(page)
        expect(page.get_by_text("Day first: 02/06/2024 is 2 June 2024")).to_be_visible()
        expect(page.get_by_text("Month first: 02/06/2024 is 6 February 2024")).to_be_visible()
        expect(page.get_by_text("Mapping used")).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        full_page_screenshot(page, SCREENSHOTS / "upload-ambiguous-dates.png")
        page.get_by_text("Day first: 02/06/2024 is 2 June 2024").click()
        page.get_by_text("All 2 rows pass every rule.").wait_for(timeout=60_000)
        settle(page)
        expect(page.get_by_text("Ignored columns (not loaded): none")).to_be_visible()
        full_page_screenshot(page, SCREENSHOTS / "upload-answered.png")
        page.get_by_role("button", name="Load 2 rows into orders (append)").click()
        page.get_by_text("loaded (load #1) orders_ambiguous_dates.csv").wait_for(timeout=60_000)
        assert not page.locator('[data-testid="stException"]').count()
    finally:
        context.close()
    server.process.terminate()  # the server holds the warehouse's lock
    server.process.wait(timeout=10)
    assert rows(db, "SELECT order_id, CAST(order_date AS VARCHAR) FROM orders WHERE order_id LIKE 'O8_' ORDER BY 1") == [
        ("O80", "2024-06-02"), ("O81", "2024-07-03")]
