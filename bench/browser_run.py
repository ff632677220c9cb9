"""The browser part of a `python -m bench` run: the rows and target figures of one warehouse.

bench/browser.py and bench/sessions.py measure; this turns their numbers into the
results table's rows (customers, what, end to end, warm, memory) and the summary
entries bench/history.py checks against issue 15's targets:
    ("filter_change", page) -> median seconds, click on a region to the last chart drawn;
    "first_render"          -> median seconds, server process start to "/" rendered;
    "sessions"              -> the concurrent sessions' p50 / p95 (reported, no target).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench import browser, sessions
from bench.loadcost import fmt, stats


@dataclass(frozen=True)
class Plan:
    runs: int           # filter changes per page, and first renders
    sessions: int       # concurrent sessions; 0 skips them
    filters: bool = True
    render: bool = True


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def measure(n: int, db: Path, chromium: str, plan: Plan, logs: Path) -> tuple[list[tuple], list[tuple], float]:
    """Rows, summary entries and the servers' peak memory (MB) of the browser measurements on `db`."""
    rows: list[tuple] = []
    summary: list[tuple] = []
    peaks = [0.0]
    if plan.filters:
        changes = browser.filter_changes(db, chromium, plan.runs, logs / f"filters_{n}.log")
        for spec in browser.VIEWS:
            mine = [c for c in changes if c.page == spec.key]
            s = stats([c.change_s for c in mine])
            unchanged = sum(not c.changed for c in mine)
            note = f"; {unchanged} of {len(mine)} changes left the page's numbers as they were" if unchanged else ""
            rows.append((n, f"browser: filter change to last chart drawn, page {spec.key}", fmt(s) + note,
                         f"page opened in {fmt(stats([c.load_s for c in mine]))}", ""))
            summary.append((n, f"filter_change:{spec.key}", s["median"], None))
    if plan.render:
        out = [browser.first_render(db, chromium, logs / f"render_{n}_{i}.log") for i in range(plan.runs)]
        peaks.append(max(o["peak_rss_mb"] for o in out))
        rows.append((n, "browser: first render, server process start to / rendered",
                     fmt(stats([o["process_s"] for o in out])),
                     f"healthy after {fmt(stats([o['healthy_s'] for o in out]))}", f"server {peaks[-1]:.0f} MB"))
        rows.append((n, "browser: first render, navigation to / rendered (after the health check)",
                     fmt(stats([o["navigation_s"] for o in out])), "", ""))
        summary.append((n, "first_render", stats([o["process_s"] for o in out])["median"], None))
        later = [browser.first_render(db, chromium, logs / f"render_warm_{n}_{i}.log", after_warm=True)
                 for i in range(plan.runs)]
        rows.append((n, "browser: first visitor once the server has warmed its cache (ui.warm), navigation to "
                        "/ rendered", fmt(stats([o["navigation_s"] for o in later])),
                     f"warmed {fmt(stats([o['warmed_s'] for o in later]))} after the process start", ""))
    if plan.sessions:
        result = sessions.concurrent(db, chromium, plan.sessions, logs / f"sessions_{n}.log")
        peaks.append(result["server_peak_rss_mb"])
        s = sessions.summary(result)
        for key, what in (("load_s", "navigation to rendered"), ("change_s", "filter change to last chart drawn")):
            v = s[key]
            rows.append((n, f"browser: {s['n']} concurrent sessions, {what}",
                         f"p50 {v['p50']:.2f} s, p95 {v['p95']:.2f} s, max {v['max']:.2f} s (n={s['n']})", "", ""))
        same = f"; {s['unchanged']} changes left the numbers as they were" if s["unchanged"] else ""
        rows.append((n, f"browser: {s['n']} concurrent sessions, CPU share of the {result['cores']} cores",
                     f"client (Playwright + Chromium) {_pct(s['client_share'])}, server {_pct(s['server_share'])}, "
                     f"whole machine {_pct(s['machine_share'])} over {result['wall_s']:.1f} s; server CPU "
                     f"{result['server_cpu_s'] / s['n']:.2f} s per session{same}", "",
                     f"server {result['server_peak_rss_mb']:.0f} MB"))
        summary.append((n, "sessions", s, None))
    return rows, summary, max(peaks)
