"""`make bench`: time the dashboard at 20 k, 200 k and 1 M customers.

For each demo warehouse (built once under bench/warehouses/, reused after):
    * each page's metric calls (recorded from the pages, see bench/calls.py),
      cold (a new process per run) and warm (same process, no Streamlit cache);
    * `python -m metrics report` end to end;
    * loading a 1 M-row orders CSV through the loading core (`python -m data load`)
      into a copy of the warehouse;
    * the app's first page render in headless Chromium, with the server's peak memory.
Medians of several runs, with min and max, go to stdout and bench/results.md.

Options: --sizes 20000,200000,1000000  --cold 3  --warm 5  --runs 3  --skip-render  --skip-load
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAREHOUSES = ROOT / "bench" / "warehouses"
RESULTS = ROOT / "bench" / "results.md"
TARGETS = {"warm": 1.0, "cold": 3.0, "report": 5.0, "load": 15.0, "app_memory_mb": 3072}


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def fmt(s: dict, unit: str = "s") -> str:
    return f"{s['median']:.2f} {unit} ({s['min']:.2f}-{s['max']:.2f}, n={s['n']})"


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


def orders_csv(db: Path, rows: int, folder: Path) -> Path:
    """A CSV of `rows` new orders for existing customers without a recorded churn (a monthly extract)."""
    import duckdb

    path = folder / f"orders_{rows}.csv"
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"""
        COPY (
            WITH c AS (SELECT customer_id, row_number() OVER (ORDER BY customer_id) - 1 AS k
                       FROM customers WHERE churn_date IS NULL),  -- no order may predate a churn
                 n AS (SELECT COUNT(*) AS total FROM c),
                 r AS (SELECT i, i % n.total AS k FROM range({int(rows)}) t(i) CROSS JOIN n)
            SELECT 'N' || lpad(CAST(r.i AS VARCHAR), 9, '0') AS order_id, c.customer_id,
                   DATE '2026-10-01' + CAST(r.i % 30 AS INTEGER) AS order_date,
                   round(20 + (r.i * 7919) % 500, 2) AS amount, round(5 + (r.i * 31) % 90, 2) AS margin
            FROM r JOIN c ON c.k = r.k  -- an equi-join: each new order goes to one existing customer
        ) TO '{path}' (HEADER, DELIMITER ',')""")
    con.close()
    return path


def load(db: Path, csv: Path, runs: int, folder: Path) -> dict:
    times = []
    for _ in range(runs):
        copy = folder / "load_copy.duckdb"
        shutil.copy(db, copy)
        times.append(timed([sys.executable, "-m", "data", "load", "--db", str(copy), "--table", "orders",
                            str(csv), "--mode", "append"]))
        copy.unlink()
    return stats(times)


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
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

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
            lo = load(db, orders_csv(db, 1_000_000, tmp), args.runs, tmp)
            record((n, "load 1 M-row orders CSV (append)", fmt(lo), "", ""))
            summary.append((n, "load", lo["median"], None))
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
