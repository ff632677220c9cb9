"""`python -m data export --db PATH --out DIR`: the warehouse as one Parquet file per table.

Writes DIR/<table>.parquet for every canonical table (data.schema.TABLES),
empty tables included, with the warehouse's column types (TIMESTAMP columns
as Parquet timestamps without time zone). That folder is what
`python -m metrics report --engine spark --tables DIR` and the dashboard with
WAREHOUSE_ENGINE=spark read (docs/spark.md), so a warehouse can move to a
data lake as it is. The bookkeeping tables (load log, data version, the
derived customer facts) are not exported: on Spark the facts are computed
from customers and orders.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from data import warehouse
from data.schema import TABLES


def export(con: duckdb.DuckDBPyConnection, out: str | Path) -> list[Path]:
    """Write every canonical table of the warehouse `con` reads to `out`/<table>.parquet; the paths back."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in TABLES.items():
        path = out / f"{name}.parquet"
        columns = ", ".join(table.column_names)
        con.sql(f"SELECT {columns} FROM {name}").write_parquet(str(path))  # constant names
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m data export",
                                     description="Write each canonical table as <table>.parquet in a folder.")
    parser.add_argument("--db", required=True, help="the DuckDB warehouse file")
    parser.add_argument("--out", required=True, type=Path, help="the folder to write")
    args = parser.parse_args(argv)
    if warehouse.current(args.db) is None:
        parser.error(f"no warehouse at {args.db}")
    con = warehouse.read_cursor(args.db)  # the current snapshot, read-only
    try:
        for path in export(con, args.out):
            print(path)
    finally:
        con.close()
    return 0
