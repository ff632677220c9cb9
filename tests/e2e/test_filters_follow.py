"""The filters follow the user in a real browser: the sidebar's links and the overview's finding
arrows carry them, and the page they land on shows them in its widgets and its numbers.

The expected numbers come from the metrics on an identical copy of the served demo
warehouse (the demo is deterministic), with the dashboard's default window.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import APP_RUN_MS, E2E_CUSTOMERS, NOT_RUNNING
from playwright.sync_api import expect

from data import demo, warehouse
from metrics import funnel
from metrics.params import DEFAULT_PARAMS, Filters, resolve_dashboard_filters

SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def lost_in_south(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Customers lost in the default window among region South's customers, on a copy of the demo."""
    db = tmp_path_factory.mktemp("reference") / "demo.duckdb"
    demo.build(db, customers=E2E_CUSTOMERS)
    cur = warehouse.cursor(db)
    try:
        filters = resolve_dashboard_filters(cur, Filters(region="South"))
        everyone = resolve_dashboard_filters(cur, Filters())
        south = int(funnel(cur, filters, DEFAULT_PARAMS).at[0, "lost"])
        assert south != int(funnel(cur, everyone, DEFAULT_PARAMS).at[0, "lost"])  # the filter shows
        return south
    finally:
        cur.close()
        warehouse.close(db)


def pick_region(page, region: str) -> None:
    box = page.locator(SIDEBAR).get_by_role("combobox", name="Region")
    box.click()
    page.get_by_role("option", name=region, exact=True).click()
    expect(box).to_have_value(region)
    page.wait_for_url(f"**region={region}**", timeout=APP_RUN_MS)


def landed(page, path: str) -> None:
    page.wait_for_url(f"**{path}?**region=South**", timeout=APP_RUN_MS)
    page.wait_for_selector(NOT_RUNNING, state="attached", timeout=APP_RUN_MS)


def assert_south_on_funnel(page, lost: int) -> None:
    expect(page.locator(SIDEBAR).get_by_role("combobox", name="Region")).to_have_value("South")
    card = page.locator('[data-testid="stMetric"]', has_text="Customers lost")
    expect(card.locator('[data-testid="stMetricValue"]')).to_have_text(f"{lost:,}", timeout=APP_RUN_MS)
    assert "region=South" in page.url


def test_the_sidebar_links_carry_the_filters(open_app: Callable, lost_in_south: int) -> None:
    page = open_app("/")
    pick_region(page, "South")
    link = page.locator(f"{SIDEBAR} a", has_text="Lost customers")
    assert "region=South" in (link.get_attribute("href") or "")
    link.click()
    landed(page, "/funnel")
    assert_south_on_funnel(page, lost_in_south)
    # and on to another page and back: still South
    page.locator(f"{SIDEBAR} a", has_text="Complaint iceberg").click()
    landed(page, "/iceberg")
    expect(page.locator(SIDEBAR).get_by_role("combobox", name="Region")).to_have_value("South")


def test_a_finding_arrow_carries_the_filters(open_app: Callable, lost_in_south: int) -> None:
    page = open_app("/")
    pick_region(page, "South")
    page.wait_for_selector(NOT_RUNNING, state="attached", timeout=APP_RUN_MS)
    arrow = page.locator('[data-testid="stMain"] a', has_text="The lost-customer funnel")
    assert "region=South" in (arrow.get_attribute("href") or "")
    arrow.click()
    landed(page, "/funnel")
    assert_south_on_funnel(page, lost_in_south)


def test_a_pasted_link_without_filters_opens_on_the_defaults(open_app: Callable) -> None:
    page = open_app("/funnel")
    expect(page.locator(SIDEBAR).get_by_role("combobox", name="Region")).to_have_value("All")
