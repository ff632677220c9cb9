"""bench/results.md as a history: each benchmark run appends one dated section.

A run's section names its date, the machine and how busy it was (the load
average at start and end: the benchmark machine is shared, so a slow run under
load is told apart from a regression), then its table, the issue's targets and
the growth between its smallest and largest warehouse. Earlier sections are
never rewritten, so a regression shows as a change between two sections.
"""
from __future__ import annotations

import os
import platform
from datetime import datetime, UTC
from importlib.metadata import version
from pathlib import Path

# The targets of issue 15, at 1 M customers: page metric calls warm and cold, the report,
# the 1 M-row load (kept from the first benchmark), the app server's peak memory, and in the
# browser (bench/browser.py) a filter change to the last chart drawn and the first render
# after a server start.
TARGETS = {"warm": 1.0, "cold": 2.0, "report": 1.5, "load": 15.0, "app_memory_mb": 3072,
           "filter_change": 1.5, "first_render": 3.0}
BROWSER = ("filter_change:", "first_render", "sessions")  # summary entries of bench/browser_run.py
TARGET_SIZE = 1_000_000

HEADER = """# Benchmark results

`python -m bench` appends one section per run (newest last); earlier runs stay, so a
regression shows. Times: median (min-max, n runs). Cold = a new process per run (opening
the warehouse + the page's metric calls, after imports); warm = the same calls again in one
process, without the Streamlit cache. CPU: the CPU time of the same work (all threads, user +
system; from the run of 2026-11-24 on). Memory: peak resident set size. Load average: the
machine's 1-minute load at the start and end of the run (2 cores; above 2 means the run
shared them with other work, and its times are slower than on an idle machine).
"""


def machine() -> str:
    """CPU, cores, memory, Python and the versions of the libraries that set the speed."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 1024 ** 2
    libs = ", ".join(f"{p} {version(p)}" for p in ("duckdb", "pandas", "streamlit", "plotly"))
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM; Python {platform.python_version()}; {libs}"


def load_average() -> float:
    """The machine's 1-minute load average now."""
    return os.getloadavg()[0]


def _targets(summary: list[tuple], size: int) -> list[str]:
    lines = [f"### Targets at {size:,} customers", ""]
    for n, what, c, w in summary:
        if n != size:
            continue
        if what in ("report", "load"):
            ok = c <= TARGETS[what]
            lines.append(f"- {what} {c:.2f} s (target {TARGETS[what]} s): {'met' if ok else 'NOT met'}")
        elif what == "app_memory_mb":
            ok = c <= TARGETS[what]
            lines.append(f"- app peak memory {c:.0f} MB (target {TARGETS[what]} MB): {'met' if ok else 'NOT met'}")
        elif what.startswith("filter_change:"):
            ok = c <= TARGETS["filter_change"]
            lines.append(f"- browser, page {what.split(':', 1)[1]}: filter change to last chart drawn {c:.2f} s "
                         f"(target {TARGETS['filter_change']} s): {'met' if ok else 'NOT met'}")
        elif what == "first_render":
            ok = c <= TARGETS[what]
            lines.append(f"- browser, first render after a server start (process start to / rendered) {c:.2f} s "
                         f"(target {TARGETS[what]} s): {'met' if ok else 'NOT met'}")
        elif what == "sessions":
            load, change = c["load_s"], c["change_s"]
            lines.append(f"- browser, {c['n']} concurrent sessions (no target; reported): navigation to rendered "
                         f"p50 {load['p50']:.2f} s, p95 {load['p95']:.2f} s; filter change to last chart drawn "
                         f"p50 {change['p50']:.2f} s, p95 {change['p95']:.2f} s; the browser itself used "
                         f"{100 * c['client_share']:.0f} % of the machine's cores, the server "
                         f"{100 * c['server_share']:.0f} %")
        elif w is not None:
            ok = (c is None or c <= TARGETS["cold"]) and w <= TARGETS["warm"]
            cold = "not run" if c is None else f"{c:.2f} s"
            lines.append(f"- page {what}: cold {cold}, warm {w:.2f} s (targets {TARGETS['cold']} s / "
                         f"{TARGETS['warm']} s): {'met' if ok else 'NOT met'}")
    return lines


def _growth(summary: list[tuple], small: int, big: int, cpu: dict) -> list[str]:
    factor = big / small
    lines = [f"### Growth from {small:,} to {big:,} customers ({factor:g}x the data)", "",
             "Wall time, then CPU time (all threads): the CPU ratio is the growth of the work, "
             "which other jobs on the machine disturb far less than the wall time.", ""]
    base = {what: (c, w) for n, what, c, w in summary if n == small}
    for n, what, c, w in summary:
        if n != big or what not in base or what in ("load", "app_memory_mb") or what.startswith(BROWSER):
            continue
        parts, over = [], False
        walls, cpus = (c, w), cpu.get((big, what), (None, None))
        base_cpus = cpu.get((small, what), (None, None))
        for i, kind in enumerate(("cold", "warm")):
            if walls[i] is None or not base[what][i]:
                continue
            ratios = [walls[i] / base[what][i]]
            if cpus[i] is not None and base_cpus[i]:
                ratios.append(cpus[i] / base_cpus[i])
            over = over or max(ratios) > factor
            parts.append(f"{kind} wall x{ratios[0]:.1f}" + (f", CPU x{ratios[1]:.1f}" if len(ratios) > 1 else ""))
        lines.append(f"- {what}: " + "; ".join(parts) + (f" (more than linear: above {factor:g}x)" if over else ""))
    return lines


def section(rows: list[tuple], summary: list[tuple], sizes: list[int], started: datetime,
            load_start: float, load_end: float, notes: list[str] | None = None,
            cpu: dict | None = None) -> str:
    """The Markdown section of one run. `rows` are (customers, what, cold, warm, memory)
    table rows; `summary` are (customers, what, cold median, warm median or None); `cpu`
    maps (customers, what) to the CPU-time medians (cold, warm or None)."""
    lines = [f"## Run {started:%Y-%m-%d %H:%M} UTC, sizes {', '.join(f'{n:,}' for n in sizes)}", "",
             f"Machine: {machine()}", "",
             f"Load average: {load_start:.1f} at start, {load_end:.1f} at end.", ""]
    lines += [*(notes or []), ""] if notes else []
    lines += ["| customers | what | cold / end to end | warm | peak memory |", "|---|---|---|---|---|"]
    lines += [f"| {n:,} | {what} | {c} | {w} | {m} |" for n, what, c, w, m in rows]
    target = TARGET_SIZE if TARGET_SIZE in sizes else max(sizes)
    lines += ["", *_targets(summary, target)]
    if len(sizes) > 1:
        lines += ["", *_growth(summary, min(sizes), max(sizes), cpu or {})]
    return "\n".join(lines) + "\n"


def append(path: Path, text: str) -> None:
    """Append a run's section to the results file, creating it with its header if new."""
    old = path.read_text(encoding="utf-8") if path.exists() else HEADER
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def now() -> datetime:
    """The run's start time, in UTC."""
    return datetime.now(UTC)
