"""The Spark side of the engine seam: the metric SQL run on Apache Spark through PySpark.

The metric functions take a connection and call `execute(sql, params)` on it,
then `.df()`, `.fetchone()` or `.fetchall()`. `SparkCursor` offers exactly
that on a SparkSession, so every metric runs unchanged on either engine:

- the SQL stays one set of files in DuckDB's dialect (metrics/sql/); `to_spark`
  translates each text with sqlglot once per process and checks the result:
  a construct that would not compute the same number on Spark (a recursive CTE,
  EXTRACT(EPOCH ...), an approximate percentile) is refused, not run;
- `$name` parameters stay bound: they become Spark's named parameter markers
  (`:name`, spark.sql(query, args={...})), never text;
- results come back through Arrow and DuckDB's own pandas conversion, so a
  page gets the same column types from both engines.

Tables come from a `SparkSource`: a folder with one Parquet dataset per table
(`<table>.parquet`, as `python -m data export` writes) registered as temporary
views, or a catalog database holding tables named as in the contract. A table
the source lacks is an empty view with the contract's columns. pyspark is
imported only when a session is opened, and sqlglot only when SQL is translated, so DuckDB
users need neither them nor Java (requirements-spark.txt).
"""
from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from data.schema import TABLES

SPARK_TYPES = {"VARCHAR": "STRING", "DATE": "DATE", "TIMESTAMP": "TIMESTAMP_NTZ", "DOUBLE": "DOUBLE",
               "INTEGER": "INT", "BOOLEAN": "BOOLEAN"}
# Local sessions only (a cluster brings its own settings): a driver big enough for a million
# customers, no web UI, few shuffle partitions for a two-core machine.
LOCAL_CONFIG = {"spark.driver.memory": os.environ.get("SPARK_DRIVER_MEMORY", "4g"),
                "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.sql.shuffle.partitions": "8"}


class NotPortable(ValueError):
    """Metric SQL that Spark would not compute exactly as DuckDB does."""


def _check(source, spark) -> None:
    """Raise NotPortable for the parsed DuckDB `source` or its Spark translation `spark`."""
    from sqlglot import exp

    for with_ in source.find_all(exp.With):
        if with_.args.get("recursive"):
            raise NotPortable("WITH RECURSIVE: Spark has none; generate the series (GENERATE_SERIES)")
    for extract in source.find_all(exp.Extract):
        if extract.name.upper() == "EPOCH":
            raise NotPortable("EXTRACT(EPOCH ...): use DATE_DIFF('microsecond', a, b)")
    names = [cte.alias for cte in spark.find_all(exp.CTE)]
    if len(names) != len(set(names)):  # sqlglot lifts nested WITHs to the top, where names must differ
        raise NotPortable(f"CTE names used twice: {sorted({n for n in names if names.count(n) > 1})}")
    if next(spark.find_all(exp.ApproxQuantile, exp.ApproxDistinct), None) is not None:
        raise NotPortable("an approximate aggregate on Spark: use MEDIAN (exact) or COUNT(DISTINCT ...)")


@lru_cache(maxsize=256)
def to_spark(sql: str) -> str:
    """The Spark SQL of a DuckDB metric query (`$name` parameters become `:name`), checked."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    tree = sqlglot.parse_one(sql, read="duckdb")
    text = tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
    _check(tree, sqlglot.parse_one(text, read="spark"))
    return text


@dataclass(frozen=True)
class SparkSource:
    """Where the tables are: `tables` (a folder of <table>.parquet) or `database` (a catalog database)."""
    tables: Path | None = None
    database: str | None = None
    master: str | None = None

    def __post_init__(self) -> None:
        if (self.tables is None) == (self.database is None):
            raise ValueError("Spark needs exactly one table source: a Parquet folder or a catalog database")

    @classmethod
    def from_env(cls) -> SparkSource:
        """The dashboard's source: SPARK_TABLES or SPARK_DATABASE, and SPARK_MASTER."""
        tables = os.environ.get("SPARK_TABLES")
        return cls(Path(tables) if tables else None, os.environ.get("SPARK_DATABASE") or None,
                   os.environ.get("SPARK_MASTER") or None)

    def describe(self) -> str:
        return f"spark:{self.tables}" if self.tables else f"spark:database {self.database}"


def enabled() -> bool:
    """True when the dashboard reads from Spark (WAREHOUSE_ENGINE=spark)."""
    return os.environ.get("WAREHOUSE_ENGINE", "duckdb").lower() == "spark"


def session(master: str | None = None):
    """The process's SparkSession: `master`, else Spark Connect when SPARK_REMOTE is set, else local[*]."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("complaint-retention-metrics")
    if master or not os.environ.get("SPARK_REMOTE"):
        master = master or "local[*]"
        builder = builder.master(master)
        if master.startswith("local"):
            for key, value in LOCAL_CONFIG.items():
                builder = builder.config(key, value)
    spark = builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()
    if master and master.startswith("local"):
        spark.sparkContext.setLogLevel("ERROR")  # not the per-query planner warnings on a terminal
    return spark


class SparkCursor:
    """The part of a DuckDB cursor the metric functions use, on a SparkSession."""

    def __init__(self, spark) -> None:
        self.spark = spark
        self._frame = None  # the DataFrame of the last execute()

    def _result(self):
        if self._frame is None:
            raise RuntimeError("execute() first")
        return self._frame

    def execute(self, sql: str, params: dict | list | None = None) -> SparkCursor:
        self._frame = self.spark.sql(to_spark(sql), args=params or None)
        return self

    def df(self) -> pd.DataFrame:
        with duckdb.connect() as local:  # DuckDB's conversion: the same dtypes as on DuckDB
            return local.from_arrow(self._result().toArrow()).df()

    def fetchall(self) -> list[tuple]:
        return [tuple(row) for row in self._result().collect()]

    def fetchone(self) -> tuple | None:
        rows = self._result().take(1)
        return tuple(rows[0]) if rows else None

    def close(self) -> None:
        """Nothing to release: the session lives as long as the process."""


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.exists() else []


def data_version(spark, source: SparkSource) -> str:
    """A fingerprint that moves whenever the source's data changes (pages cache by it).

    A Parquet folder: every file's path, size and modification time. A catalog
    database: the files each table reads (a write to a Parquet, Delta or
    Iceberg table makes new files).
    """
    digest = hashlib.sha256()
    for name in TABLES:
        if source.tables:
            for f in _files(source.tables / f"{name}.parquet"):
                stat = f.stat()
                digest.update(f"{f.relative_to(source.tables)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        elif spark.catalog.tableExists(name, source.database):
            digest.update("\n".join(sorted(spark.table(f"{source.database}.{name}").inputFiles())).encode())
    return digest.hexdigest()[:16]


_lock = threading.Lock()
_registered: dict[int, tuple] = {}  # id(session) -> (source, data version) its views show


def _register(spark, source: SparkSource, version: str) -> None:
    for name, table in TABLES.items():
        path = source.tables / f"{name}.parquet" if source.tables else None
        if path is not None and path.exists():
            frame = spark.read.parquet(str(path))
        elif path is None and spark.catalog.tableExists(name, source.database):
            spark.catalog.dropTempView(name)
            continue
        else:  # not in the source: empty, with the contract's columns
            ddl = ", ".join(f"{c.name} {SPARK_TYPES[c.type]}" for c in table.columns)
            frame = spark.createDataFrame([], ddl)
        frame.createOrReplaceTempView(name)
    if source.database:
        spark.catalog.setCurrentDatabase(source.database)
    _registered[id(spark)] = (source, version)


def connect(source: SparkSource) -> SparkCursor:
    """A cursor on the tables of `source` (views registered again when the data version moved)."""
    spark = session(source.master)
    with _lock:
        version = data_version(spark, source)
        if _registered.get(id(spark)) != (source, version):
            _register(spark, source, version)
    return SparkCursor(spark)


def current_version(source: SparkSource) -> str:
    """The data version of `source` (see data_version)."""
    return data_version(session(source.master), source)
