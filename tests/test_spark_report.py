"""The same numbers on Spark: warehouses exported to Parquet and run on local Spark equal DuckDB.

The hand-made sample (tests/sample_warehouse.py, whose report is worked out by
hand in tests/test_report_sample.py) and generated warehouses
(tests/strategies.py) are exported with data.export, read by local Spark and
compared with the DuckDB result: counts exact, floats to 1e-9, medians exact.
Every metric function is compared frame by frame, so the pages get the same
tables too. One SparkSession serves the whole run (spark_support.spark_session).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import metrics
from data import warehouse
from metrics.params import Filters, Params, resolve_filters
from metrics.report import build_report
from spark_support import as_parquet, require_spark, spark_session  # noqa: F401 (the fixture)
from tests.reference import assert_report_matches
from tests.sample_warehouse import build_sample
from tests.strategies import params, report_filters, warehouses, write_warehouse

ROOT = Path(__file__).resolve().parents[1]
# The default window, and a filtered one: a region, an explicit window and as_of, other knobs.
SAMPLE_CASES = [
    (Filters(), Params()),
    (Filters(start=date(2024, 1, 1), end=date(2024, 10, 31), as_of=date(2024, 12, 31), region="North"),
     Params(inactivity_days=90, fast_hours=48, large_share=0.5, min_survey_n=1)),
    (Filters(start=date(2023, 6, 1), end=date(2024, 6, 30), segment="Retail"), Params(horizon_days=180)),
]
# metrics.<name> and the keyword options the pages call it with
METRIC_CALLS = [
    ("overview", {}), ("funnel", {}), ("funnel_monthly", {}), ("lost_customers", {}), ("churn_reasons", {}),
    ("iceberg", {}), ("complaint_mix", {"dimension": "channel"}), ("complaint_mix", {"dimension": "category"}),
    ("complaint_trend", {}), ("retention_groups", {}), ("retention_buckets", {}), ("retention_curves", {}),
    ("account_tiers", {"tier_by": "revenue"}), ("account_tiers", {"tier_by": "decile"}),
    ("account_tiers", {"tier_by": "segment"}), ("pareto_curve", {}), ("effort_summary", {}),
    ("effort_distribution", {}), ("retention_by_effort", {}),
]


def spark_cursor(tables: Path):
    from metrics.spark import SparkSource, connect
    return connect(SparkSource(tables=tables))


def same_report(duck, spark, filters: Filters, p: Params) -> dict:
    """Both engines' reports for the same filters; asserts they agree and returns the DuckDB one."""
    expected = build_report(duck, resolve_filters(duck, filters), p)
    actual = build_report(spark, resolve_filters(spark, filters), p)
    assert_report_matches(actual, expected, rel_tol=1e-9, abs_tol=1e-12)
    return expected


@pytest.fixture(scope="module")
def sample(tmp_path_factory, spark_session) -> Iterator[tuple[Path, Path]]:  # noqa: F811 (the imported fixture, by pytest's name)
    """(the sample DuckDB file, the same exported as Parquet)."""
    folder = tmp_path_factory.mktemp("spark_sample")
    db = folder / "sample.duckdb"
    build_sample(db)
    yield db, as_parquet(db, folder / "tables")
    warehouse.close(db)


@pytest.mark.parametrize("filters, p", SAMPLE_CASES)
def test_sample_report_is_the_same_on_spark(sample, filters: Filters, p: Params) -> None:
    db, tables = sample
    duck = warehouse.cursor(db)
    try:
        expected = same_report(duck, spark_cursor(tables), filters, p)
    finally:
        duck.close()
    assert expected["funnel"]["lost"] > 0  # the case exercises the numbers, not empty tables


def test_sample_medians_are_exact_on_spark(sample) -> None:
    """Medians interpolate between the middle two exactly as DuckDB's do (no approximate percentile)."""
    db, tables = sample
    duck = warehouse.cursor(db)
    try:
        filters = resolve_filters(duck, Filters())
        for tier_by in ("revenue", "segment"):
            d = metrics.account_tiers(duck, filters, Params(), tier_by=tier_by)
            s = metrics.account_tiers(spark_cursor(tables), filters, Params(), tier_by=tier_by)
            for column in ("median_first_response_hours", "median_resolution_hours"):
                assert s[column].tolist() == d[column].tolist() or \
                    s[column].isna().tolist() == d[column].isna().tolist() and \
                    s[column].dropna().tolist() == d[column].dropna().tolist()
            assert d["median_resolution_hours"].notna().any()
    finally:
        duck.close()


def _comparable(value) -> pd.DataFrame | dict:
    if isinstance(value, pd.DataFrame):
        return value.sort_values(list(value.columns), na_position="last", kind="stable").reset_index(drop=True)
    return value


@pytest.mark.parametrize("name, kwargs", METRIC_CALLS, ids=[f"{n}-{'-'.join(map(str, k.values()))}"
                                                           for n, k in METRIC_CALLS])
def test_every_metric_function_gives_the_same_table_on_spark(sample, name: str, kwargs: dict) -> None:
    db, tables = sample
    duck = warehouse.cursor(db)
    try:
        for filters, p in SAMPLE_CASES[:2]:
            filters = resolve_filters(duck, filters)
            expected = _comparable(getattr(metrics, name)(duck, filters, p, **kwargs))
            actual = _comparable(getattr(metrics, name)(spark_cursor(tables), filters, p, **kwargs))
            if isinstance(expected, pd.DataFrame):
                pd.testing.assert_frame_equal(actual, expected, check_exact=False, rtol=1e-9, atol=1e-12)
            else:
                assert_report_matches(actual, expected, rel_tol=1e-9, abs_tol=1e-12)
    finally:
        duck.close()


def test_table_counts_and_a_missing_table(sample, tmp_path) -> None:
    """A Parquet folder without contacts reads as an empty contacts table, as in DuckDB."""
    db, tables = sample
    duck = warehouse.cursor(db)
    try:
        counts = metrics.table_counts(duck)
    finally:
        duck.close()
    assert metrics.table_counts(spark_cursor(tables)) == counts
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("customers", "orders", "complaints", "surveys"):
        (partial / f"{name}.parquet").write_bytes((tables / f"{name}.parquet").read_bytes())
    assert metrics.table_counts(spark_cursor(partial)) == counts | {"contacts": 0}


def test_data_version_moves_when_a_file_changes(sample, tmp_path) -> None:
    from metrics.spark import SparkSource, current_version
    _, tables = sample
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in tables.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    source = SparkSource(tables=copy)
    before = current_version(source)
    assert current_version(source) == before
    (copy / "orders.parquet").write_bytes((tables / "customers.parquet").read_bytes())  # another size
    assert current_version(source) != before


def test_export_then_report_on_the_command_line(sample, tmp_path) -> None:
    """`python -m data export` then `report --engine spark --tables DIR` prints DuckDB's report."""
    require_spark()
    db, _ = sample
    warehouse.close(db)  # the command-line processes open the file themselves
    out = tmp_path / "exported"
    subprocess.run([sys.executable, "-m", "data", "export", "--db", str(db), "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in metrics.inventory.TABLES)
    window = ["--start", "2024-01-01", "--end", "2024-10-31", "--as-of", "2024-12-31", "--region", "North"]

    def report(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "metrics", "report", *args, *window],
                              cwd=ROOT, check=True, capture_output=True, text=True)
        return json.loads(done.stdout)

    expected = report("--db", str(db))
    assert_report_matches(report("--engine", "spark", "--tables", str(out)), expected, rel_tol=1e-9, abs_tol=1e-12)
    assert expected["filters"]["region"] == "North" and expected["start"] == "2024-01-01"


SETTINGS = settings(max_examples=4, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(wh=warehouses(), filters=report_filters(), p=params)
def test_generated_warehouses_report_the_same_on_spark(spark_session, wh, filters: Filters, p: Params) -> None:  # noqa: F811 (the imported fixture, by pytest's name)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "generated.duckdb"
        write_warehouse(wh, db)
        tables = as_parquet(db, Path(tmp) / "tables")
        duck = warehouse.cursor(db)
        try:
            same_report(duck, spark_cursor(tables), filters, p)
        finally:
            duck.close()
            warehouse.close(db)
