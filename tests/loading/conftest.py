"""The sample warehouse the loading tests load into, and helpers to compare its contents.

Five customers and one row in every other table, written by hand so each case's
expected failures follow from reading it:
    C1 signup 2024-01-01;  C2 signup 2024-02-01;  C3 signup 2024-03-01, churned 2024-06-30;
    C4 no dates;  C5 signup 2024-01-01, churned 2024-01-31, no orders.
    orders O1 (C1, 2024-01-10, 100), O2 (C2, 2024-02-15, 50.5), O3 (C3, 2024-03-05, 20).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from data import warehouse
from data.schema import TABLES

CASES = Path(__file__).with_name("cases")

SAMPLE_SQL = """
INSERT INTO customers VALUES
    ('C1', 'Alpha', 'North', 'Small business', DATE '2024-01-01', NULL, NULL),
    ('C2', 'Beta', 'South', 'Enterprise', DATE '2024-02-01', NULL, NULL),
    ('C3', 'Gamma', 'North', 'Small business', DATE '2024-03-01', DATE '2024-06-30', 'Moved away'),
    ('C4', NULL, NULL, NULL, NULL, NULL, NULL),
    ('C5', 'Epsilon', 'East', 'Mid-market', DATE '2024-01-01', DATE '2024-01-31', 'Budget cut');
INSERT INTO orders VALUES
    ('O1', 'C1', DATE '2024-01-10', 100.0, 30.0),
    ('O2', 'C2', DATE '2024-02-15', 50.5, NULL),
    ('O3', 'C3', DATE '2024-03-05', 20.0, 5.0);
INSERT INTO complaints VALUES
    ('K1', 'C1', TIMESTAMP '2024-01-12 09:00', 'frontline', 'phone', 'Delivery',
     TIMESTAMP '2024-01-12 10:00', TIMESTAMP '2024-01-13 09:00');
INSERT INTO surveys VALUES ('S1', 'C1', TIMESTAMP '2024-01-20 12:00', 4, false, NULL, 2);
INSERT INTO contacts VALUES ('T1', 'C1', TIMESTAMP '2024-01-12 10:00', 'phone', 'Delivery', 'K1');
"""


def build_sample(path: Path) -> Path:
    """Create the sample warehouse at `path`."""
    cur = warehouse.cursor(path)
    cur.execute(SAMPLE_SQL)
    cur.close()
    return path


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A fresh sample warehouse file; the process connection is closed afterwards."""
    path = build_sample(tmp_path / "sample.duckdb")
    yield path
    warehouse.close(path)


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every canonical table's rows sorted by key, the load log and the data version."""
    cur = warehouse.cursor(path)
    try:
        found = {name: cur.execute(f'SELECT * FROM "{name}" ORDER BY "{t.key}"').fetchall()
                 for name, t in TABLES.items()}
        found["load_log"] = cur.execute("SELECT * FROM load_log ORDER BY load_id").fetchall()
        found["data_version"] = [(warehouse.data_version(cur),)]
        return found
    finally:
        cur.close()


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    cur = warehouse.cursor(path)
    try:
        return cur.execute(sql, params or []).fetchall()
    finally:
        cur.close()
