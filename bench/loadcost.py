"""The cost of a load and of an undo through the CLI, on a copy of a given warehouse.

    python -m bench.loadcost --db bench/warehouses/demo_1000000.duckdb [--runs 3] [--rows 1000000]
                             [--code DIR] [--compare DIR]

Each run copies the warehouse (a single file or a snapshot warehouse) to a
temporary folder, then times `python -m data load --table orders CSV` (an
append of `rows` new orders) and `python -m data load --undo`, each in its own
process, end to end. `--code DIR` runs another checkout's `python -m data`;
`--compare DIR` times a second checkout too, in interleaved rounds (before and
after a change, on the same data and the same machine load). Prints one line
per step: median (min-max, n).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def fmt(s: dict, unit: str = "s") -> str:
    return f"{s['median']:.2f} {unit} ({s['min']:.2f}-{s['max']:.2f}, n={s['n']})"


def orders_csv(db: Path, rows: int, folder: Path) -> Path:
    """A CSV of `rows` new orders for existing customers without a recorded churn (a monthly extract)."""
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


def _copy_warehouse(db: Path, folder: Path) -> Path:
    """A private copy of the warehouse at `db` (its current snapshot when it is a snapshot warehouse)."""
    target = folder / "load_copy.duckdb"
    shutil.copyfile(db.resolve(), target)
    return target


def _timed(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def measure(db: Path, rows: int, runs: int, code: Path = ROOT, *, compare: Path | None = None) -> dict[str, dict]:
    """{"load": stats, "undo": stats} of `runs` load-then-undo rounds on copies of `db`, with the
    checkout `code`; with `compare`, also {"load before": ..., "undo before": ...} of that
    checkout, its rounds interleaved with the others so both meet the same machine load."""
    tmp = Path(tempfile.mkdtemp(prefix="loadcost-"))
    codes = {"": code, **({" before": compare} if compare else {})}
    times: dict[str, list[float]] = {f"{step}{label}": [] for label in codes for step in ("load", "undo")}
    try:
        csv = orders_csv(db.resolve(), rows, tmp)
        for _ in range(runs):
            for label, checkout in codes.items():
                copy = _copy_warehouse(db, tmp)
                base = [sys.executable, "-m", "data", "load", "--db", str(copy)]
                times[f"load{label}"].append(_timed([*base, "--table", "orders", "--mode", "append", str(csv)],
                                                    checkout))
                times[f"undo{label}"].append(_timed([*base, "--undo"], checkout))
                for leftover in tmp.glob("load_copy.duckdb*"):
                    shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        return {step: stats(values) for step, values in times.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadcost", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose `python -m data` is timed")
    parser.add_argument("--compare", type=Path, help="another checkout, timed in interleaved rounds ('before')")
    args = parser.parse_args(argv)
    result = measure(args.db, args.rows, args.runs, args.code, compare=args.compare)
    for step, s in result.items():
        print(f"{step} of {args.rows:,} orders: {fmt(s)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
