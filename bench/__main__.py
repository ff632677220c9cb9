"""`make bench`: time the dashboard at 20 k, 200 k and 1 M customers.

For each demo warehouse (built once under bench/warehouses/, reused after):
    * each page's metric calls (recorded from the pages, see bench/calls.py),
      cold (a new process per run) and warm (same process, no Streamlit cache);
    * `python -m metrics report` end to end;
    * loading a 1 M-row orders CSV through the loading core (`python -m data load`)
      into a copy of the warehouse, and undoing it (bench/loadcost.py; alone:
      `python -m bench.loadcost --db FILE`);
    * the app's first page render in headless Chromium, with the server's peak memory.
Medians of several runs, with min and max, go to stdout and bench/results.md.

Options: --sizes 20000,200000,1000000  --cold 3  --warm 5  --runs 3  --skip-render  --skip-load
         --load-only (only the load and undo, appended to results.md)  --compare DIR (the same
         load and undo with another checkout, e.g. the code before a change, interleaved)
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from bench.loadcost import fmt, measure, stats

ROOT = Path(__file__).resolve().parents[1]
WAREHOUSES = ROOT / "bench" / "warehouses"
RESULTS = ROOT / "bench" / "results.md"
TARGETS = {"warm": 1.0, "cold": 3.0, "report": 5.0, "load": 15.0, "app_memory_mb": 3072}


def warehouse(customers: int) -> Path:
    """The demo warehouse with `customers`, built on first use."""
    WAREHOUSES.mkdir(parents=True, exist_ok=True)
    db = WAREHOUSES / f"demo_{customers}.duckdb"
    if not db.exists():
        print(f"building {db.name} ...", flush=True)
        subprocess.run([sys.executable, "-m", "data", "demo", "--db", str(db), "--customers", str(customers)],
                       cwd=ROOT, check=True)
    return db


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def cold(db: Path, calls_file: Path, view: str, runs: int) -> tuple[dict, float]:
    out = [json.loads(subprocess.run([sys.executable, "-m", "bench.child", str(db), str(calls_file), view],
                                     cwd=ROOT, check=True, capture_output=True, text=True).stdout)
           for _ in range(runs)]
    return stats([o["seconds"] for o in out]), max(o["peak_rss_mb"] for o in out)


def warm(db: Path, calls: list, runs: int) -> dict:
    import metrics
    from data import warehouse as wh
    from metrics.params import resolve_filters

    cur = wh.cursor(db)
    filters = resolve_filters(cur)

    def once() -> float:
        t0 = time.perf_counter()
        for call in calls:
            getattr(metrics, call.metric)(cur, filters, call.params, **dict(call.kwargs))
        return time.perf_counter() - t0

    once()  # first run warms DuckDB's buffers; not counted
    result = stats([once() for _ in range(runs)])
    cur.close()
    wh.close(db)
    return result


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 1024 ** 2
    libs = ", ".join(f"{p} {version(p)}" for p in ("duckdb", "pandas", "streamlit", "plotly"))
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM; Python {platform.python_version()}; {libs}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", default="20000,200000,1000000")
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="runs of report, load and render")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--load-only", action="store_true", help="only the load and undo at the largest size")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also time the load and undo of another checkout (before a change), interleaved")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.load_only:
        return load_only(max(sizes), args.runs, args.compare)

    from bench.calls import record_page_calls
    from charts.deck import chromium_path

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    calls = record_page_calls(str(warehouse(20_000)))
    calls_file = tmp / "calls.pickle"
    calls_file.write_bytes(pickle.dumps(calls))
    rows, summary = [], []

    def record(row: tuple) -> None:
        rows.append(row)
        print(" | ".join(map(str, row)), flush=True)

    for n in sizes:
        db = warehouse(n)
        for view, view_calls in calls.items():
            c, peak = cold(db, calls_file, view, args.cold)
            w = warm(db, view_calls, args.warm)
            record((n, f"page {view} ({len(view_calls)} calls)", fmt(c), fmt(w), f"{peak:.0f} MB"))
            summary.append((n, view, c["median"], w["median"]))
        r = stats([timed([sys.executable, "-m", "metrics", "report", "--db", str(db)]) for _ in range(args.runs)])
        record((n, "python -m metrics report", fmt(r), "", ""))
        summary.append((n, "report", r["median"], None))
        if not args.skip_load and n == max(sizes):
            cost = measure(db, 1_000_000, args.runs, ROOT, compare=args.compare)
            for step, s in cost.items():
                what = "load 1 M-row orders CSV (append, CLI)" if step.startswith("load") else "undo of that load (CLI)"
                record((n, what + step[4:], fmt(s), "", ""))
            summary.append((n, "load", cost["load"]["median"], None))
        chromium = chromium_path()
        if not args.skip_render and chromium:
            from bench.render import first_render
            out = [first_render(str(db), chromium) for _ in range(args.runs)]
            peak = max(o["peak_rss_mb"] for o in out)
            record((n, "first render of / in Chromium", fmt(stats([o["seconds"] for o in out])), "",
                         f"server {peak:.0f} MB"))
            summary.append((n, "app_memory_mb", peak, None))
    write_results(rows, summary, sizes)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def load_only(customers: int, runs: int, compare: Path | None) -> int:
    """Time the load and the undo alone, and append them to bench/results.md with date and machine."""
    cost = measure(warehouse(customers), 1_000_000, runs, ROOT, compare=compare)
    lines = ["", f"## Load and undo at {customers:,} customers ({datetime.now():%Y-%m-%d %H:%M}, "
             f"`python -m bench --load-only`)", "", f"Machine: {machine()}", ""]
    lines += [f"- {step} of 1,000,000 orders (CLI, end to end): {fmt(s)}" for step, s in cost.items()]
    print("\n".join(lines))
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return 0


def write_results(rows: list[tuple], summary: list[tuple], sizes: list[int]) -> None:
    lines = [f"# Benchmark results ({datetime.now():%Y-%m-%d %H:%M})", "", f"Machine: {machine()}", "",
             "Times: median (min-max, n runs). Cold = a new process per run (opening the warehouse + the "
             "page's metric calls, after imports); warm = the same calls again in one process, without "
             "the Streamlit cache. Memory: peak resident set size.", "",
             "| customers | what | cold / end to end | warm | peak memory |", "|---|---|---|---|---|"]
    lines += [f"| {n:,} | {what} | {c} | {w} | {m} |" for n, what, c, w, m in rows]
    big = max(sizes)
    lines += ["", f"## Targets at {big:,} customers", ""]
    for n, what, c, w in summary:
        if n != big:
            continue
        if what == "report":
            lines.append(f"- report {c:.2f} s (target {TARGETS['report']} s): {'met' if c <= TARGETS['report'] else 'NOT met'}")
        elif what == "load":
            lines.append(f"- load {c:.2f} s (target {TARGETS['load']} s): {'met' if c <= TARGETS['load'] else 'NOT met'}")
        elif what == "app_memory_mb":
            lines.append(f"- app peak memory {c:.0f} MB (target {TARGETS['app_memory_mb']} MB): "
                         f"{'met' if c <= TARGETS['app_memory_mb'] else 'NOT met'}")
        else:
            ok = c <= TARGETS["cold"] and w <= TARGETS["warm"]
            lines.append(f"- page {what}: cold {c:.2f} s, warm {w:.2f} s (targets 3 s / 1 s): {'met' if ok else 'NOT met'}")
    if len(sizes) > 1 and 200_000 in sizes and big > 200_000:
        lines += ["", f"## Growth from 200,000 to {big:,} customers ({big // 200_000}x the data)", ""]
        base = {(what): (c, w) for n, what, c, w in summary if n == 200_000}
        for n, what, c, w in summary:
            if n == big and what in base and what not in ("load", "app_memory_mb"):
                lines.append(f"- {what}: cold x{c / base[what][0]:.1f}" + (f", warm x{w / base[what][1]:.1f}" if w else ""))
    lines += ["", "Where a page misses the warm target, the bound is the number of metric calls it makes "
              "(listed above), each reading the per-customer facts table once; README.md, 'Performance', "
              "says which and by how much."]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
