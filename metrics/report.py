"""The `report` document of docs/contract.md section 8, and its CSV form for analysts.

`python -m metrics report --db PATH [--start D] [--end D] [--as-of D]
[--region R] [--segment S] [--format json|csv] [--out DIR]`, or on Spark
`--engine spark (--tables DIR | --spark-database NAME) [--spark-master URL]`
instead of `--db` (docs/spark.md).

Exit codes: 0 done, 2 usage, 4 the warehouse is a single file another program holds for
writing (one line on stderr says so; a snapshot warehouse is never busy for readers).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from data import warehouse
from data.csvsafe import write_csv
from data.snapshots import EXIT_BUSY as BUSY
from metrics.accounts import account_tiers, neglect_ratios
from metrics.funnel import funnel
from metrics.iceberg import iceberg
from metrics.params import DEFAULT_PARAMS, Filters, Params, resolve_filters
from metrics.resolution import buckets_of, groups_of, resolution_cohort, silent_cohort

ICEBERG_KEYS = ["complainers", "escalated", "frontline_only", "silent_share", "silent_method",
                "silent_estimated", "total_dissatisfied_est", "multiplier"]
RATE_KEYS = ["customers", "retained", "rate", "ci_low", "ci_high"]
TIER_KEYS = ["tier", "accounts", "revenue", "revenue_share", "complaints", "complaints_per_100",
             "median_first_response_hours", "median_resolution_hours", "resolved_share", "churn_rate",
             "annual_revenue_lost"]


def _plain(value):
    """A JSON-ready scalar: numpy numbers to int/float, NaN to None, dates to YYYY-MM-DD."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value


def _records(df: pd.DataFrame, keys: list[str]) -> list[dict]:
    return [{k: _plain(row[k]) for k in keys} for _, row in df.iterrows()]


def build_report(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params = DEFAULT_PARAMS) -> dict:
    """The section-8 document for the filters (resolved to their defaults) and params."""
    filters = resolve_filters(con, filters)
    start, end, as_of = filters.dates()
    f = funnel(con, filters, params).to_dict("records")[0]
    ice = iceberg(con, filters, params).to_dict("records")[0]
    tiers = account_tiers(con, filters, params, tier_by="revenue")
    cohort = resolution_cohort(con, filters, params)  # one cohort for the groups and the buckets
    return {
        "as_of": as_of.isoformat(), "start": start.isoformat(), "end": end.isoformat(),
        "filters": {"region": filters.region, "segment": filters.segment},
        "params": params.as_dict(),
        "funnel": {k: _plain(v) for k, v in f.items()},
        "iceberg": {k: _plain(ice[k]) for k in ICEBERG_KEYS},
        "resolution_retention": {
            "groups": _records(groups_of(cohort, silent_cohort(con, filters, params)), ["group", *RATE_KEYS]),
            "buckets": _records(buckets_of(cohort), ["bucket", *RATE_KEYS]),
        },
        "accounts": {"tiers": _records(tiers, TIER_KEYS),
                     **{k: _plain(v) for k, v in neglect_ratios(tiers).items()}},
    }


def report_tables(report: dict) -> dict[str, pd.DataFrame]:
    """The report as flat tables, one per CSV file."""
    head = {"as_of": report["as_of"], "start": report["start"], "end": report["end"], **report["filters"]}
    return {
        "funnel": pd.DataFrame([head | report["funnel"]]),
        "iceberg": pd.DataFrame([head | report["iceberg"]]),
        "retention_groups": pd.DataFrame(report["resolution_retention"]["groups"]),
        "retention_buckets": pd.DataFrame(report["resolution_retention"]["buckets"]),
        "account_tiers": pd.DataFrame(report["accounts"]["tiers"]),
        "neglect": pd.DataFrame([head | {k: v for k, v in report["accounts"].items() if k != "tiers"}]),
        "params": pd.DataFrame([report["params"]]),
    }


def _connect(args: argparse.Namespace):
    """The connection the options name: a read-only DuckDB file, or Spark (metrics/spark.py)."""
    if args.engine == "spark":
        from metrics.spark import SparkSource, connect
        return connect(SparkSource(args.tables, args.spark_database, args.spark_master))
    return warehouse.read_cursor(args.db)  # the current snapshot, read-only: a load elsewhere does not disturb it


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics report", description="Print the metric report.")
    parser.add_argument("--db", help="the warehouse file (DuckDB)")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--tables", type=Path, help="Spark: a folder of <table>.parquet (python -m data export)")
    parser.add_argument("--spark-database", dest="spark_database", help="Spark: a catalog database")
    parser.add_argument("--spark-master", dest="spark_master",
                        help="Spark: the master URL (default local[*], or Spark Connect when SPARK_REMOTE is set)")
    parser.add_argument("--start", type=date.fromisoformat)
    parser.add_argument("--end", type=date.fromisoformat)
    parser.add_argument("--as-of", dest="as_of", type=date.fromisoformat)
    parser.add_argument("--region")
    parser.add_argument("--segment")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--out", type=Path, help="folder for --format csv (one file per table)")
    args = parser.parse_args(argv)
    if args.engine == "spark":
        if (args.tables is None) == (args.spark_database is None):
            parser.error("--engine spark needs --tables DIR or --spark-database NAME")
        if args.tables is not None and not args.tables.is_dir():
            parser.error(f"no folder at {args.tables}")
    elif not args.db or warehouse.current(args.db) is None:
        parser.error(f"no warehouse at {args.db}")
    if args.format == "csv" and not args.out:
        parser.error("--format csv needs --out DIR")
    try:
        con = _connect(args)
    except warehouse.Busy as e:
        print(e, file=sys.stderr)
        return BUSY
    try:
        filters = Filters(args.start, args.end, args.as_of, args.region, args.segment)
        report = build_report(con, filters)
    finally:
        con.close()
        warehouse.close(args.db)
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, table in report_tables(report).items():
        write_csv(table, args.out / f"{name}.csv")
    print(f"wrote {len(report_tables(report))} CSV files to {args.out}")
    return 0
