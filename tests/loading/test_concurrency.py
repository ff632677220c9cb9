"""Readers on other threads during a 1 M-row load see all old rows or all new ones, never a mix."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from data import warehouse
from data.loading import load, open_extract

ROWS = 1_000_000


def write_orders_csv(path: Path) -> None:
    """1 M valid orders for the sample customers C1, C2 (written by DuckDB, in a second)."""
    duckdb.execute(
        "COPY (SELECT 'N' || i AS order_id, CASE WHEN i % 2 = 0 THEN 'C1' ELSE 'C2' END AS customer_id, "
        "DATE '2024-03-01' + CAST(i % 300 AS INTEGER) AS order_date, (i % 997) / 4.0 AS amount "
        "FROM range(?) AS t(i)) TO '" + str(path).replace("'", "''") + "' (HEADER)", [ROWS])


def test_readers_see_old_or_new_never_a_mix(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "orders_1m.csv"
    write_orders_csv(csv)
    old = 3  # the sample's orders
    seen: list[int] = []
    done = threading.Event()

    def reader() -> None:
        cur = warehouse.cursor(db)
        while not done.is_set():
            with warehouse.reading():  # as the page cache adapter reads
                seen.append(cur.execute("SELECT count(*) FROM orders").fetchone()[0])
            time.sleep(0.01)
        cur.close()

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    cur = warehouse.cursor(db)
    extract = open_extract(csv)
    started = time.perf_counter()
    report = load(cur, extract, "orders", "append", user="bench")
    elapsed = time.perf_counter() - started
    cur.close()
    time.sleep(0.1)
    done.set()
    for t in readers:
        t.join()
    assert report.ok and report.load_id, report.summary()
    assert set(seen) == {old, old + ROWS}, set(seen)  # before and after the commit, nothing between
    print(f"1M-row orders load with full validation: {elapsed:.1f} s")
