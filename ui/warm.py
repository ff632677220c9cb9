"""Warm the server for its first visitor: the imports a page run needs and the landing page's numbers.

serve.py calls `start()` when the server starts; the work runs in a daemon thread, so the
health check and the first request never wait for it. The thread imports the modules a
script run uses (pandas, plotly, the views' content and charts) and then computes what the
landing page ("/", ui.pages.VIEWS[0]) shows with the default filters (the sidebar's: the
last 365 days, every region and segment) through ui.cache, so the first visitor's run finds
them in Streamlit's cache: the same cached functions, the same keys (snapshot, data version,
metric, filters, parameters). A visitor who arrives while it runs waits for the same
computation rather than repeating it (Streamlit computes each cache key once at a time).

It does nothing on an empty warehouse (no dated rows), when the warehouse is busy (a load
being committed), or with WAREHOUSE_ENGINE=spark; DASHBOARD_WARM=0 turns it off. Any error
is logged and ends the thread; pages compute as they would without it.
"""
from __future__ import annotations

import importlib
import os
import threading
import time

from streamlit.logger import get_logger

LOG = get_logger(__name__)
ENV = "DASHBOARD_WARM"
DONE, FAILED = "warm-up at start done", "warm-up at start failed"  # its log lines (bench/browser.py)
# What a script run imports beyond serve.py's own imports (dashboard.py and the landing view).
MODULES = ("pandas", "plotly.graph_objects", "duckdb", "i18n", "ui.filters", "ui.language", "ui.slides",
           "ui.content.overview", "ui.content.deck")


def landing(lang: str | None = None) -> str:
    """Import a run's modules and compute the landing page's default view into ui.cache; what it did."""
    for name in MODULES:
        importlib.import_module(name)
    from data import warehouse
    from i18n.choice import DEFAULT_LANG
    from metrics import spark
    from metrics.params import DEFAULT_PARAMS
    from ui import cache
    from ui.content import overview
    from ui.filters import filters_from_query

    if spark.enabled():
        return "imports only (WAREHOUSE_ENGINE=spark)"
    try:
        warehouse.ready()
    except warehouse.Busy as e:
        return f"imports only (the warehouse is busy: {e})"
    start, as_of = cache.bounds()
    if as_of is None:
        return "imports only (no dated rows)"
    for column in ("region", "segment"):
        cache.dimension_values(column)
    filters = filters_from_query({}, start or as_of, as_of)  # what the sidebar builds from a bare URL
    lang = lang or DEFAULT_LANG
    for part in (overview.kpis, overview.findings, overview.build):  # what views/overview.py shows
        part(cache.metric, filters, DEFAULT_PARAMS, lang)
    return f"the landing page's default view ({filters.start} to {filters.end})"


def _run() -> None:
    t0 = time.perf_counter()
    try:
        done = landing()
    except Exception:  # never the server's problem: the first visitor computes what is missing
        LOG.exception(FAILED)
        return
    LOG.info("%s: %s in %.1f s", DONE, done, time.perf_counter() - t0)


def start() -> threading.Thread | None:
    """Start warming in a daemon thread (None when DASHBOARD_WARM=0)."""
    if os.environ.get(ENV, "1") == "0":
        return None
    thread = threading.Thread(target=_run, name="warm-landing-page", daemon=True)
    thread.start()
    return thread
