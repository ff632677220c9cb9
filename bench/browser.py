"""What a user waits for in a real browser: issue 15's browser-side figures.

The server is the one `make run` starts (`streamlit run serve.py`, on a free port, on the
given WAREHOUSE_PATH); the browser is headless system Chromium driven by Playwright.

**"Rendered" (the last chart drawn)** is the first moment at which all of these hold, and stay
true for SETTLE_MS (the settle only confirms; it is not counted):
    1. the app is connected and its script state is `notRunning`, after the run that the
       navigation or the filter change started (a run is counted when the state goes to
       `running`, seen by a MutationObserver, so a run that starts late is not missed);
    2. Streamlit's status widget ("Running...") is gone;
    3. no element is stale (`[data-stale="true"]`: left over from the previous run);
    4. every Plotly chart on the page (`stPlotlyChart`) holds a drawn plot (`.js-plotly-plot
       .main-svg`), and a page just opened has at least one (before Plotly's code has arrived a
       chart is not yet an `stPlotlyChart`; after a filter change a page may rightly show none).
The time reported is the later of the end of that run and the last DOM change inside any
Plotly chart (a redraw with the new numbers), both stamped in the page by the observer
(PROBE). A filter change is timed from the click on the new option to that moment.

Measurements (each returns plain numbers; bench/__main__.py runs them and bench/history.py
writes them down):
    * `filter_changes`: every page of the registry (ui.pages.VIEWS; the upload page has no
      chart and is for analysts only), opened with its filters in the URL, then the region
      changed in the sidebar. Each timed change asks for a filter set no earlier change of
      the same server asked for (FilterSets), so no change is served from Streamlit's cache
      because another page or run computed it first.
    * `first_render`: a new server process, then "/" at once after its health check:
      process start to rendered, and navigation to rendered; the server's peak memory.
      With `after_warm`, "/" is opened once the server has warmed its cache (ui.warm).
    * `bench.sessions.concurrent`: N sessions at once (bench/sessions.py).
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from bench import server
from bench.server import Server
from ui.pages import VIEWS, PageSpec
from ui.warm import DONE, FAILED

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT: ViewportSize = {"width": 1600, "height": 1000}
SERVER_START_S = 120
TIMEOUT_MS = 600_000  # a page at 10 M customers on a busy machine
SETTLE_MS = 750
REGION = ".st-key-filter_region"  # the sidebar's region selectbox (its widget key, any language)

# Installed in every page before its scripts run: stamps runs and chart redraws (performance.now()).
PROBE = """
(() => {
  const b = window.__bench = {runs: 0, running: false, runEnd: 0, chart: 0};
  new MutationObserver(records => {
    const now = performance.now();
    for (const r of records) {
      if (r.attributeName === 'data-test-script-state') {
        const s = r.target.getAttribute('data-test-script-state');
        if (s === 'running' && !b.running) { b.running = true; b.runs += 1; }
        else if (s !== 'running' && b.running) { b.running = false; b.runEnd = now; }
        continue;
      }
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest('.js-plotly-plot')) b.chart = now;
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""

# True once the page is rendered after run number `runs` (the definition above) with at least `least`
# charts, and quiet for `settle` ms.
RENDERED = """
({runs, settle, least}) => {
  const b = window.__bench;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!b || !app || b.runs < runs || b.running) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  if (charts.length < least) return false;
  for (const c of charts) if (!c.querySelector('.js-plotly-plot .main-svg')) return false;
  return performance.now() - Math.max(b.runEnd, b.chart) >= settle;
}
"""

# The parts of RENDERED, for the message when a page never gets there.
STATE = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {...window.__bench, connection: app && app.getAttribute('data-test-connection-state'),
          script: app && app.getAttribute('data-test-script-state'),
          status: !!document.querySelector('[data-testid="stStatusWidget"]'),
          stale: document.querySelectorAll('[data-stale="true"]').length, charts: charts.length,
          drawn: charts.filter(c => c.querySelector('.js-plotly-plot .main-svg')).length,
          url: location.href, now: performance.now()};
}
"""

# What the page shows: its text and every chart's data (to check that a change changed it).
CONTENT = """
() => [document.querySelector('[data-testid="stMain"]').innerText,
       ...[...document.querySelectorAll('.js-plotly-plot')].map(g => JSON.stringify(g.data))].join('\\n')
"""


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident memory) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def serve(db: Path | str, log: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`make run`'s server (streamlit run serve.py) on the warehouse `db`, on a free port, until the block ends."""
    with server.serve(db, log, env=env, start_s=SERVER_START_S) as running:
        yield running


class FilterSets:
    """Filter sets no server run has asked for yet: (segment in the URL, region picked in the sidebar).

    Every page starts with region "All"; the region picked is never "All", so each timed
    change asks for a new filter set. `take()` raises when they are used up (starts again
    with `repeat`)."""

    def __init__(self, db: Path | str, repeat: bool = False) -> None:
        regions, segments = dimensions(db)
        pairs = list(itertools.product([None, *segments], regions))
        self._left = itertools.cycle(pairs) if repeat else iter(pairs)

    def take(self) -> tuple[str | None, str]:
        pair = next(self._left, None)
        if pair is None:
            raise RuntimeError("every (segment, region) pair of this warehouse has been used: ask for fewer runs")
        return pair


def dimensions(db: Path | str) -> tuple[list[str], list[str]]:
    """The warehouse's regions and segments (as the sidebar offers them)."""
    import metrics
    from data import warehouse

    cur = warehouse.cursor(db)
    try:
        return metrics.dimension_values(cur, "region"), metrics.dimension_values(cur, "segment")
    finally:
        cur.close()
        warehouse.close(db)


def page_url(server: Server, spec: PageSpec, segment: str | None) -> str:
    query = {"lang": "en", **({"segment": segment} if segment else {})}
    return f"{server.url}{spec.path}?{urlencode(query)}"


def wait_rendered(page, runs: int, least: int = 1) -> float:
    """Wait until the page is rendered after its `runs`-th run; the performance.now() at which it was."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(RENDERED, arg={"runs": runs, "settle": SETTLE_MS, "least": least},
                               timeout=TIMEOUT_MS, polling=100)
    except Timeout:
        raise RuntimeError(f"not rendered after {TIMEOUT_MS / 1000:.0f} s: {page.evaluate(STATE)}") from None
    return page.evaluate("() => Math.max(window.__bench.runEnd, window.__bench.chart)")


def open_rendered(page, url: str) -> float:
    """Open `url` and wait until rendered; seconds from navigation start to rendered."""
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    return wait_rendered(page, 1) / 1000  # performance.now() counts from the navigation start


def change_region(page, region: str) -> float:
    """Pick `region` in the sidebar; seconds from the click on it to the last chart drawn."""
    box = page.locator(REGION).get_by_role("combobox")
    box.click()
    option = page.get_by_role("option", name=region, exact=True)
    option.wait_for(timeout=TIMEOUT_MS)
    runs = page.evaluate("() => window.__bench.runs")
    t0 = page.evaluate("() => performance.now()")
    option.click()
    return (wait_rendered(page, runs + 1, least=0) - t0) / 1000


@dataclass(frozen=True)
class Change:
    page: str
    load_s: float     # navigation to rendered (not the target; what the open cost)
    change_s: float   # click on the region to the last chart drawn
    changed: bool     # the page's text or chart data differ after the change
    segment: str | None
    region: str


def measure_change(context, server: Server, spec: PageSpec, segment: str | None, region: str) -> Change:
    """Open `spec` with `segment` in the URL, then pick `region`; one Change."""
    page = context.new_page()
    try:
        load = open_rendered(page, page_url(server, spec, segment))
        before = page.evaluate(CONTENT)
        change = change_region(page, region)
        return Change(spec.key, load, change, page.evaluate(CONTENT) != before, segment, region)
    finally:
        page.close()


@contextmanager
def chromium_context(chromium: str) -> Iterator[Any]:
    """One headless Chromium and one context with the PROBE installed (Playwright sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        context.add_init_script(PROBE)
        try:
            yield context
        finally:
            context.close()
            browser.close()


def filter_changes(db: Path | str, chromium: str, runs: int, log: Path,
                   pages: tuple[PageSpec, ...] = VIEWS) -> list[Change]:
    """`runs` timed region changes on every page, on one server (interleaved: page 1, 2, ... then again)."""
    sets = FilterSets(db)
    with serve(db, log) as server, chromium_context(chromium) as context:
        first = context.new_page()  # the JS bundle into the browser's cache, once; not timed
        open_rendered(first, page_url(server, pages[0], None))
        first.close()
        return [measure_change(context, server, spec, *sets.take()) for _ in range(runs) for spec in pages]


def wait_warmed(server: Server, log: Path) -> float:
    """Wait until the server's log says ui.warm has finished (or failed); seconds since the process start."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if DONE in text or FAILED in text:
            return time.time() - server.started
        if server.process.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(f"the server never finished warming:\n{log.read_text()[-4000:]}")


def first_render(db: Path | str, chromium: str, log: Path, env: dict[str, str] | None = None,
                 after_warm: bool = False) -> dict:
    """A new server, then "/" as soon as it is healthy (the browser is up before the server starts),
    or, `after_warm`, once the server has warmed its cache (ui.warm: the first visitor who comes
    a little later).

    Returns seconds from process start to rendered and from navigation to rendered, seconds
    from process start to healthy (and to warmed), and the server's peak memory after the render (MB)."""
    with chromium_context(chromium) as context:
        page = context.new_page()
        with serve(db, log, env) as server:
            warmed = wait_warmed(server, log) if after_warm else None
            nav_s = open_rendered(page, page_url(server, VIEWS[0], None))
            rendered = page.evaluate("() => performance.timeOrigin") / 1000 + nav_s  # epoch seconds
            return {"process_s": rendered - server.started, "navigation_s": nav_s,
                    "healthy_s": server.healthy - server.started, "warmed_s": warmed,
                    "peak_rss_mb": peak_rss_mb(server.process.pid)}
