"""The app serving, a page open in Chromium: a CLI load and a CLI report both succeed, and
every open page (each its own session) shows the new data after a rerun, without a restart.

The app gets its own demo warehouse (this test changes it), served as tests/e2e/conftest.py
serves the shared one.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import APP_RUN_MS, ROOT, Server, check_alive, serve_app, wait_for_app
from playwright.sync_api import expect

from data import demo, warehouse
from data.rows import one


@pytest.fixture(scope="module")
def live_server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("live")
    db = folder / "live.duckdb"
    demo.build(db, customers=1_000)
    with serve_app(db, chromium, folder / "streamlit.log") as server:
        yield server


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_cli_load_and_report_while_the_app_serves_and_the_page_shows_the_load(
        live_server: Server, browser, tmp_path: Path) -> None:
    db = live_server.log.parent / "live.duckdb"
    context = browser.new_context()
    pages = [context.new_page() for _ in range(2)]  # two sessions, on two pages
    try:
        for page, path in zip(pages, ["/", "/iceberg"]):
            page.goto(live_server.url + path, wait_until="domcontentloaded")
            wait_for_app(page)
            assert "Data as of 2026-10-31" in sidebar_text(page)
        cur = warehouse.read_cursor(db)
        customer = one(cur.execute("SELECT min(customer_id) FROM customers WHERE churn_date IS NULL"))[0]
        cur.close()
        warehouse.close(db)
        csv = tmp_path / "live_orders.csv"
        csv.write_text(f"order_id,customer_id,order_date,amount\nLIVE1,{customer},2026-11-15,42.50\n", encoding="utf-8")
        loaded = cli("data", "load", "--db", str(db), "--table", "orders", str(csv))
        assert loaded.returncode == 0 and loaded.stdout.startswith("loaded (load #"), loaded.stdout + loaded.stderr
        report = cli("metrics", "report", "--db", str(db))
        assert report.returncode == 0, report.stderr
        assert json.loads(report.stdout)["as_of"] == "2026-11-15"
        history = cli("data", "load", "--db", str(db), "--history")
        assert history.returncode == 0 and "live_orders.csv" in history.stdout
        for page in pages:
            page.locator("body").press("r")  # Streamlit's rerun shortcut: the same session, no reload
            sidebar = page.locator('[data-testid="stSidebar"]')
            expect(sidebar).to_contain_text("Data as of 2026-11-15", timeout=APP_RUN_MS)  # waits for the rerun
            expect(sidebar).to_contain_text("live_orders.csv")
        check_alive(live_server)
        assert "Traceback" not in live_server.log.read_text()
    finally:
        context.close()
