"""`make bench`: time the dashboard at 20 k, 200 k and 1 M customers.

For each demo warehouse (built once under bench/warehouses/, reused after):
    * each page's metric calls (recorded from the pages, see bench/calls.py),
      cold (a new process per run) and warm (same process, no Streamlit cache);
    * `python -m metrics report` end to end;
    * loading a 1 M-row orders CSV through the loading core (`python -m data load`)
      into a copy of the warehouse, and undoing it (bench/loadcost.py; alone:
      `python -m bench.loadcost --db FILE`);
    * in headless Chromium against the server `make run` starts (bench/browser.py,
      bench/sessions.py): each page's filter change to its last chart drawn, the first
      render after a server start, and N concurrent sessions (p50 / p95), with the
      server's peak memory and the browser's own CPU share.
Medians of several runs, with min and max, go to stdout and are appended to
bench/results.md as a new dated section (bench/history.py), with the build time
and peak memory of any warehouse this run built.

Options: --sizes 20000,200000,1000000  --cold 3  --warm 5  --runs 3  --skip-load
         --skip-browser (none of the browser figures)  --skip-render  --skip-filters  --sessions 20 (0 skips)
         --browser-sizes 1000000 (only these sizes get the browser figures; default: every size)
         --note TEXT (repeatable: a line for the run's section)
         --load-only (only the load and undo, appended to results.md)  --compare DIR (the same
         load and undo with another checkout, e.g. the code before a change, interleaved)
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import history
from bench.loadcost import fmt, measure, stats

ROOT = Path(__file__).resolve().parents[1]
WAREHOUSES = ROOT / "bench" / "warehouses"
RESULTS = ROOT / "bench" / "results.md"
BUILDS: dict[int, dict] = {}  # customers -> seconds and peak memory of a build made by this run


def warehouse(customers: int) -> Path:
    """The demo warehouse with `customers`, built on first use."""
    WAREHOUSES.mkdir(parents=True, exist_ok=True)
    db = WAREHOUSES / f"demo_{customers}.duckdb"
    if not db.exists():
        print(f"building {db.name} ...", flush=True)
        BUILDS[customers] = measured([sys.executable, "-m", "data", "demo", "--db", str(db),
                                      "--customers", str(customers)], quiet=False)
    return db


def measured(cmd: list[str], quiet: bool = True) -> dict:
    """Run `cmd`; its wall seconds, CPU seconds (all threads, user + system) and peak memory.

    CPU time is the work done, which other jobs on a shared machine barely change;
    wall time is what a user waits, which they do."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL if quiet else None)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own usage
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024}


def cold(db: Path, calls_file: Path, view: str, runs: int) -> tuple[dict, float, dict]:
    """Wall-time stats, peak memory and CPU-time stats of `runs` fresh processes."""
    out = [json.loads(subprocess.run([sys.executable, "-m", "bench.child", str(db), str(calls_file), view],
                                     cwd=ROOT, check=True, capture_output=True, text=True).stdout)
           for _ in range(runs)]
    return (stats([o["seconds"] for o in out]), max(o["peak_rss_mb"] for o in out),
            stats([o["cpu_seconds"] for o in out]))


def warm(db: Path, calls: list, runs: int) -> tuple[dict, dict]:
    """Wall-time and CPU-time stats of `runs` repeats in this process (after one not counted)."""
    from bench.calls import replay
    from data import warehouse as wh

    cur = wh.cursor(db)

    def once() -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        replay(cur, calls)
        return time.perf_counter() - t0, time.process_time() - c0

    once()  # first run warms DuckDB's buffers; not counted
    runs_ = [once() for _ in range(runs)]
    cur.close()
    wh.close(db)
    return stats([w for w, _ in runs_]), stats([c for _, c in runs_])




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", default="20000,200000,1000000")
    parser.add_argument("--cold", type=int, default=3, help="cold runs per page; 0 skips them")
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="runs of report, load and render")
    parser.add_argument("--skip-browser", action="store_true", help="no browser figures at all")
    parser.add_argument("--skip-render", action="store_true", help="no first render after a server start")
    parser.add_argument("--skip-filters", action="store_true", help="no filter change per page")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions; 0 skips them")
    parser.add_argument("--browser-sizes", help="sizes that get the browser figures (default: every size)")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--note", action="append", default=[],
                        help="a line for this run's section (e.g. what else ran on the machine)")
    parser.add_argument("--load-only", action="store_true", help="only the load and undo at the largest size")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also time the load and undo of another checkout (before a change), interleaved")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.load_only:
        return load_only(max(sizes), args.runs, args.compare)
    started, load_start = history.now(), history.load_average()

    from bench.calls import record_page_calls
    from charts.deck import chromium_path

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    from bench.browser_run import Plan
    browser_plan = Plan(args.runs, 0 if args.skip_browser else args.sessions,
                        filters=not (args.skip_browser or args.skip_filters),
                        render=not (args.skip_browser or args.skip_render))
    browser_sizes = [int(s) for s in args.browser_sizes.split(",")] if args.browser_sizes else sizes
    calls = record_page_calls(str(warehouse(20_000)))
    calls_file = tmp / "calls.pickle"
    calls_file.write_bytes(pickle.dumps(calls))
    rows, summary = [], []
    cpu: dict[tuple[int, str], tuple[float, float | None]] = {}  # (customers, what) -> CPU medians

    def record(row: tuple) -> None:
        rows.append(row)
        print(" | ".join(map(str, row)), flush=True)

    for n in sizes:
        db = warehouse(n)
        if n in BUILDS:
            b = BUILDS[n]
            record((n, "build: python -m data demo", f"{b['seconds']:.0f} s (n=1); CPU {b['cpu_seconds']:.0f} s",
                    "", f"{b['peak_rss_mb']:,.0f} MB"))
        for view, view_calls in calls.items():
            w, w_cpu = warm(db, view_calls, args.warm)
            if args.cold:  # --cold 0 skips the cold runs (a large warehouse on a busy machine)
                c, peak, c_cpu = cold(db, calls_file, view, args.cold)
                cold_cell, peak_cell = f"{fmt(c)}; CPU {c_cpu['median']:.2f} s", f"{peak:.0f} MB"
            else:
                c, c_cpu, cold_cell, peak_cell = {"median": None}, {"median": None}, "not run", ""
            record((n, f"page {view} ({len(view_calls)} calls)", cold_cell,
                    f"{fmt(w)}; CPU {w_cpu['median']:.2f} s", peak_cell))
            summary.append((n, view, c["median"], w["median"]))
            cpu[n, view] = (c_cpu["median"], w_cpu["median"])
        reports = [measured([sys.executable, "-m", "metrics", "report", "--db", str(db)]) for _ in range(args.runs)]
        r, r_cpu = stats([o["seconds"] for o in reports]), stats([o["cpu_seconds"] for o in reports])
        record((n, "python -m metrics report", f"{fmt(r)}; CPU {r_cpu['median']:.2f} s", "",
                f"{max(o['peak_rss_mb'] for o in reports):.0f} MB"))
        summary.append((n, "report", r["median"], None))
        cpu[n, "report"] = (r_cpu["median"], None)
        if not args.skip_load and n == max(sizes):
            cost = measure(db, 1_000_000, args.runs, ROOT, compare=args.compare)
            for step, s in cost.items():
                what = "load 1 M-row orders CSV (append, CLI)" if step.startswith("load") else "undo of that load (CLI)"
                record((n, what + step[4:], fmt(s), "", ""))
            summary.append((n, "load", cost["load"]["median"], None))
        chromium = chromium_path()
        if browser_plan.render or browser_plan.filters or browser_plan.sessions:
            if chromium is None:
                print("no Chromium (BROWSER_PATH or /usr/bin/chromium): the browser figures are skipped", flush=True)
            elif n in browser_sizes:
                from bench.browser_run import measure as browser_figures
                browser_rows, browser_summary, peak = browser_figures(n, db, chromium, browser_plan, tmp)
                for row in browser_rows:
                    record(row)
                summary.extend(browser_summary)
                if peak:
                    summary.append((n, "app_memory_mb", peak, None))
    history.append(RESULTS, history.section(rows, summary, sizes, started, load_start, history.load_average(),
                                                    notes=args.note, cpu=cpu))
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def load_only(customers: int, runs: int, compare: Path | None) -> int:
    """Time the load and the undo alone, and append them to bench/results.md with date and machine."""
    cost = measure(warehouse(customers), 1_000_000, runs, ROOT, compare=compare)
    lines = ["", f"## Load and undo at {customers:,} customers ({history.now():%Y-%m-%d %H:%M} UTC, "
             f"`python -m bench --load-only`)", "", f"Machine: {history.machine()}", ""]
    lines += [f"- {step} of 1,000,000 orders (CLI, end to end): {fmt(s)}" for step, s in cost.items()]
    print("\n".join(lines))
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
