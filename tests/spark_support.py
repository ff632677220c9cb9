"""Shared set-up for the Spark tests: one local SparkSession per test run, warehouses as Parquet.

Spark needs Java; without it (or without pyspark) the Spark tests skip with a
message, except in CI (CI=true), where they must run and fail instead.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from data import warehouse
from data.export import export


def require_spark() -> None:
    """Skip (locally) or fail (CI=true) when Java or pyspark is missing."""
    missing = [what for what, ok in (("java", shutil.which("java")),
                                     ("pyspark", importlib.util.find_spec("pyspark"))) if not ok]
    if missing:
        message = (f"Spark tests need {' and '.join(missing)}: `apt-get install openjdk-17-jre-headless` "
                   "and `pip install -r requirements-spark.txt`")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def spark_session():
    """The process's local SparkSession (started once: Spark takes tens of seconds to start)."""
    require_spark()
    from metrics.spark import session
    return session()


def as_parquet(db: Path, out: Path) -> Path:
    """Export the DuckDB warehouse `db` to the folder `out` (one <table>.parquet per table)."""
    cur = warehouse.cursor(db)
    try:
        export(cur, out)
    finally:
        cur.close()
    return out
