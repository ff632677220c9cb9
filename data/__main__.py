"""`python -m data COMMAND`: the warehouse from the command line.

    init    --db PATH   create an empty warehouse (nothing is changed if one is there)
    demo    --db PATH   build the demo warehouse (data/demo.py)
    load    ...         load an extract, list the history, undo, restore (data/loading/cli.py)
    refresh --db PATH   rebuild the customer facts after a change made outside the loader
    export  --db PATH --out DIR   write one <table>.parquet per table (data/export.py, docs/spark.md)

Exit codes shared by every command: 0 done, 1 refused, 2 usage, 3 already loaded,
4 busy (another process is changing the warehouse: the one line printed says which).
"""
from __future__ import annotations

import argparse
import sys

from data import snapshots, warehouse


def init(argv: list[str]) -> int:
    """Create an empty warehouse at --db (a snapshot warehouse, see docs/warehouse.md)."""
    parser = argparse.ArgumentParser(prog="python -m data init", description=init.__doc__)
    parser.add_argument("--db", default=str(warehouse.warehouse_path()))
    args = parser.parse_args(argv)
    if warehouse.current(args.db) is not None:
        print(f"{args.db}: a warehouse is already there; nothing changed")
        return 0
    warehouse.ready(args.db, wait=0)
    print(f"{args.db}: empty warehouse created")
    return 0


def refresh(argv: list[str]) -> int:
    """New data version, customer facts rebuilt from the tables."""
    parser = argparse.ArgumentParser(prog="python -m data refresh", description=refresh.__doc__)
    parser.add_argument("--db", default=str(warehouse.warehouse_path()))
    args = parser.parse_args(argv)
    with warehouse.change(args.db, what="rebuilding the customer facts", wait=0) as cur:
        version = warehouse.bump_data_version(cur)
    print(f"{args.db}: customer facts rebuilt for data version {version}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"init": init, "refresh": refresh,
                "demo": lambda a: __import__("data.demo", fromlist=["main"]).main(a),
                "load": lambda a: __import__("data.loading.cli", fromlist=["main"]).main(a),
                "export": lambda a: __import__("data.export", fromlist=["main"]).main(a)}
    if not argv or argv[0] not in commands:
        print("usage: python -m data {init|demo|load|refresh|export} [options]  (--help after the command for details)")
        return 2
    try:
        return commands[argv[0]](argv[1:])
    except warehouse.Busy as e:
        print(e)
        return snapshots.EXIT_BUSY


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
