"""The Spark form of the metric SQL: produced by sqlglot from the one set of files, and checked.

No Java needed: this is translation only (tests/test_spark_report.py runs it).
"""
from __future__ import annotations

import re

import pytest

pytest.importorskip("sqlglot", reason="sqlglot is in requirements-spark.txt")

from metrics.spark import NotPortable, to_spark
from metrics.sql import SQL_DIR, metric_sql, parameter_names

QUERIES = sorted(p.stem for p in SQL_DIR.glob("*.sql"))


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("revenue", ["revenue_window", "revenue_history"])
def test_every_metric_query_translates_with_its_parameters_bound(name: str, revenue: str) -> None:
    sql = metric_sql(name, revenue=revenue)
    spark = re.sub(r"/\*.*?\*/", "", to_spark(sql), flags=re.S)  # without the comments kept from the source
    # every $name parameter became a :name marker: values are bound by Spark, never written in
    assert "$" not in spark
    for param in parameter_names(sql):
        assert f":{param}" in spark, param
    assert "PERCENTILE_APPROX" not in spark.upper() and "RECURSIVE" not in spark.upper()


def test_medians_stay_exact() -> None:
    assert "MEDIAN(k.resolution_hours)" in to_spark(metric_sql("accounts"))
    with pytest.raises(NotPortable, match="approximate"):
        to_spark("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) FROM t")


@pytest.mark.parametrize("sql, reason", [
    ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n", "RECURSIVE"),
    ("SELECT EXTRACT(EPOCH FROM b - a) FROM t", "EPOCH"),
    ("SELECT APPROX_COUNT_DISTINCT(x) FROM t", "approximate"),
])
def test_constructs_that_would_change_a_number_on_spark_are_refused(sql: str, reason: str) -> None:
    with pytest.raises(NotPortable, match=reason):
        to_spark(sql)


def test_hours_come_from_whole_microseconds() -> None:
    spark = to_spark(metric_sql("complaint_stats"))
    assert "DATEDIFF(MICROSECOND, k.opened_at, k.resolved_at) / 3600e6" in spark


def test_a_cte_name_shadowing_the_facts_is_refused() -> None:
    """The inlined facts' CTEs (span, annual) are lifted to the top on Spark: no second `span`."""
    sql = "WITH a AS (SELECT * FROM (WITH span AS (SELECT 1 AS x) SELECT * FROM span) f), span AS (SELECT 2) SELECT 1"
    with pytest.raises(NotPortable, match="span"):
        to_spark(sql)
