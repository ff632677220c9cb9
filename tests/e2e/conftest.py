"""End-to-end fixtures: the real app served on a small demo warehouse, and headless Chromium.

The session starts `streamlit run dashboard.py` on a free port with
WAREHOUSE_PATH pointing at a demo warehouse built in a temporary folder, waits
for /_stcore/health, and stops it at the end. Playwright drives the system
Chromium (charts.deck.chromium_path); without one the tests are skipped with
the reason, except in CI (CI=true), where that is a failure.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.server import QUIET, Server, ServerFailed, serve
from charts.deck import chromium_path, deck_available
from data import demo

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
E2E_CUSTOMERS = 3_000
APP_RUN_MS = 60_000  # generous: CI runners and busy 2-core machines are slow
SETTLE_MS = 400
VIEWPORT = {"width": 1600, "height": 1000}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Streamlit marks its root element with the connection and script-run state.
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium; a skip with the reason when absent (a failure when CI=true)."""
    path = chromium_path()
    if path is None:
        reason = "end-to-end tests need Chromium: " + deck_available()[1]
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@contextmanager
def serve_app(db: Path, chromium: str, log: Path, *, without: tuple[str, ...] = ()) -> Iterator[Server]:
    """`streamlit run dashboard.py` on the warehouse `db` until the block ends (environment
    variables named in `without` removed); its output goes to `log`."""
    with started(db, log, script="dashboard.py", env={"BROWSER_PATH": chromium}, without=without) as server:
        yield server


@contextmanager
def started(db: Path | None, log: Path, **options) -> Iterator[Server]:
    """bench.server.serve with the tests' quiet flags; a server that does not start fails the test."""
    try:
        with serve(db, log, args=QUIET, **options) as server:
            yield server
    except ServerFailed as e:
        pytest.fail(str(e))


def check_alive(server: Server) -> None:
    """Fail with the end of the server log if streamlit has exited."""
    if why := server.exited():
        pytest.fail(why)


@pytest.fixture(scope="session")
def app_server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard served on a fresh demo warehouse."""
    folder = tmp_path_factory.mktemp("e2e")
    db = folder / "demo.duckdb"
    demo.build(db, customers=E2E_CUSTOMERS)
    with serve_app(db, chromium, folder / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    """One headless Chromium for the session (Playwright sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def wait_for_app(page) -> None:
    """Wait until the first script run has finished and the page has settled.

    The script state goes initial -> running -> notRunning, so waiting for
    notRunning after connecting cannot see a run that has not started yet.
    """
    page.wait_for_selector(CONNECTED, state="attached", timeout=APP_RUN_MS)
    page.wait_for_selector(NOT_RUNNING, state="attached", timeout=APP_RUN_MS)
    page.wait_for_timeout(SETTLE_MS)  # charts draw after the run; a rerun may follow
    page.wait_for_selector(NOT_RUNNING, state="attached", timeout=APP_RUN_MS)


@pytest.fixture(scope="session")
def browser_context(browser) -> Iterator[object]:
    """One context for all pages, so the app's JavaScript bundle is fetched once."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def open_app(app_server: Server, browser_context) -> Iterator[Callable[[str], object]]:
    """open_app('/iceberg?region=North') -> a Playwright page on it, after the app has run."""
    pages = []

    def open_path(path: str):
        check_alive(app_server)
        page = browser_context.new_page()
        pages.append(page)
        try:
            page.goto(app_server.url + path, wait_until="domcontentloaded")
            wait_for_app(page)
        except Exception:
            check_alive(app_server)  # a crashed server explains the timeout better
            raise
        return page

    yield open_path
    for page in pages:
        page.close()
