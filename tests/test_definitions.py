"""The shared definitions in metrics/definitions.py agree with the SQL that applies them."""
from __future__ import annotations

import re

import duckdb

from metrics.definitions import SPEED_BUCKETS
from metrics.sql import CTE_DIR


def test_the_sql_speed_buckets_are_the_declared_ones_in_order() -> None:
    sql = (CTE_DIR / "cmp.sql").read_text(encoding="utf-8")
    named = re.findall(r"THEN '([^']+)'|ELSE '([^']+)'", sql)
    in_sql = [a or b for a, b in named]
    assert sorted(in_sql, key=SPEED_BUCKETS.index) == list(SPEED_BUCKETS)


def test_the_sql_bounds_put_each_hour_in_its_bucket() -> None:
    body = (CTE_DIR / "cmp.sql").read_text(encoding="utf-8")
    case = body[body.index("CASE"):body.index("END AS speed_bucket") + 3].replace("t.resolution_hours", "h")
    con = duckdb.connect()
    hours = [0.5, 24, 24.01, 72, 72.5, 168, 169, 720, 721, None]
    got = con.execute(f"SELECT {case} FROM unnest(CAST(? AS DOUBLE[])) AS u(h)", [hours]).df().iloc[:, 0].tolist()
    assert got == ["<=1d", "<=1d", "1-3d", "1-3d", "3-7d", "3-7d", "7-30d", "7-30d", ">30d", "unresolved"]
