"""The cost of a load and of an undo through the CLI, on a copy of a given warehouse.

    python -m bench.loadcost --db bench/warehouses/demo_1000000.duckdb [--runs 3] [--rows 1000000]
                             [--code DIR]

Each run copies the warehouse (a single file or a snapshot warehouse) to a
temporary folder, then times `python -m data load --table orders CSV` (an
append of `rows` new orders) and `python -m data load --undo`, each in its own
process, end to end. `--code DIR` runs another checkout's `python -m data`
(to measure before and after a change on the same data). Prints one line per
step: median (min-max, n).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import ROOT, fmt, orders_csv, stats


def _copy_warehouse(db: Path, folder: Path) -> Path:
    """A private copy of the warehouse at `db` (its current snapshot when it is a snapshot warehouse)."""
    target = folder / "load_copy.duckdb"
    shutil.copyfile(db.resolve(), target)
    return target


def _timed(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def measure(db: Path, rows: int, runs: int, code: Path) -> dict[str, dict]:
    """{"load": stats, "undo": stats} of `runs` load-then-undo rounds on copies of `db`."""
    tmp = Path(tempfile.mkdtemp(prefix="loadcost-"))
    try:
        csv = orders_csv(db.resolve(), rows, tmp)
        loads, undos = [], []
        for _ in range(runs):
            copy = _copy_warehouse(db, tmp)
            base = [sys.executable, "-m", "data", "load", "--db", str(copy)]
            loads.append(_timed([*base, "--table", "orders", "--mode", "append", str(csv)], code))
            undos.append(_timed([*base, "--undo"], code))
            for leftover in tmp.glob("load_copy.duckdb*"):
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        return {"load": stats(loads), "undo": stats(undos)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadcost", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose `python -m data` is timed")
    args = parser.parse_args(argv)
    result = measure(args.db, args.rows, args.runs, args.code)
    for step, s in result.items():
        print(f"{step} of {args.rows:,} orders: {fmt(s)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
