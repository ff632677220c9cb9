"""End-to-end fixtures: the real app served on a small demo warehouse, and headless Chromium.

The session starts `streamlit run dashboard.py` on a free port with
WAREHOUSE_PATH pointing at a demo warehouse built in a temporary folder, waits
for /_stcore/health, and stops it at the end. Playwright drives the system
Chromium (charts.deck.chromium_path); without one the tests are skipped with
the reason, except in CI (CI=true), where that is a failure.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from charts.deck import chromium_path, deck_available
from data import demo

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
E2E_CUSTOMERS = 3_000
SERVER_START_S = 60
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll /_stcore/health until it answers ok; fail with the server log if it never does."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"streamlit did not become healthy in {SERVER_START_S} s:\n{log.read_text()}")


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def check_alive(self) -> None:
        """Fail with the end of the server log if streamlit has exited."""
        if self.process.poll() is not None:
            pytest.fail(f"streamlit exited with {self.process.returncode}:\n"
                        + "\n".join(self.log.read_text().splitlines()[-40:]))


@contextmanager
def serve_app(db: Path, chromium: str, log: Path, *, without: tuple[str, ...] = ()) -> Iterator[Server]:
    """`streamlit run dashboard.py` on the warehouse `db` until the block ends (environment
    variables named in `without` removed); its output goes to `log`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in without}
    env.update(WAREHOUSE_PATH=str(db), BROWSER_PATH=chromium, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server, log)
        yield Server(url, server, log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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
        app_server.check_alive()
        page = browser_context.new_page()
        pages.append(page)
        try:
            page.goto(app_server.url + path, wait_until="domcontentloaded")
            wait_for_app(page)
        except Exception:
            app_server.check_alive()  # a crashed server explains the timeout better
            raise
        return page

    yield open_path
    for page in pages:
        page.close()
