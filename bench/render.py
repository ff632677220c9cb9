"""The app's first page render in headless Chromium, and the server's peak memory."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident memory) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_render(db: str, chromium: str, path: str = "/") -> dict:
    """Start a fresh server on `db`, open `path`, wait until the page has run and shows
    its charts. Returns seconds from navigation to rendered, and the server's peak RSS."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "WAREHOUSE_PATH": db}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector(".js-plotly-plot", timeout=300_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=300_000)
            seconds = time.perf_counter() - t0
            browser.close()
        return {"seconds": seconds, "peak_rss_mb": _peak_rss_mb(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=30)
