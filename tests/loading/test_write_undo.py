"""Modes, same-file detection, history and undo: undo restores the exact earlier rows."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data import warehouse
from data.loading import NothingToUndo, history, load, open_extract, undo_last, undoable

from .conftest import CASES, contents, rows


def load_case(db: Path, name: str, table: str, mode: str, force: bool = False):
    cur = warehouse.cursor(db)
    extract = open_extract(CASES / name)
    try:
        return load(cur, extract, table, mode, user="tester", force=force)
    finally:
        extract.cleanup()
        cur.close()


def undo(db: Path) -> dict:
    cur = warehouse.cursor(db)
    try:
        return undo_last(cur)
    finally:
        cur.close()


def test_upsert_replaces_existing_keys_then_undo_restores_exact_rows(db: Path) -> None:
    before = contents(db)
    report = load_case(db, "orders_upsert.csv", "orders", "upsert")
    assert report.load_id and report.preview["rows_to_replace"] == 1
    assert rows(db, "SELECT * FROM orders ORDER BY 1") == [
        ("O1", "C1", date(2024, 1, 10), 111.0, 30.0), ("O12", "C2", date(2024, 5, 1), 12.0, None),
        ("O2", "C2", date(2024, 2, 15), 50.5, None), ("O3", "C3", date(2024, 3, 5), 20.0, 5.0)]
    assert undo(db)["load_id"] == report.load_id
    after = contents(db)
    assert after["orders"] == before["orders"]  # O1 back with margin 30.0, O12 gone
    assert [r[-1] for r in after["load_log"]] == [True]  # the load is marked undone
    assert after["data_version"][0][0] == before["data_version"][0][0] + 2  # load and undo both bump


def test_replace_then_undo_restores_the_whole_table(db: Path) -> None:
    before = contents(db)
    assert load_case(db, "orders_upsert.csv", "orders", "replace").load_id
    assert [r[0] for r in rows(db, "SELECT order_id FROM orders ORDER BY 1")] == ["O1", "O12"]
    undo(db)
    assert contents(db)["orders"] == before["orders"]


def test_append_then_undo_removes_the_rows(db: Path) -> None:
    before = contents(db)
    assert load_case(db, "orders_semicolon.csv", "orders", "append").load_id
    undo(db)
    assert contents(db)["orders"] == before["orders"]
    with pytest.raises(NothingToUndo):
        undo(db)  # only the most recent load can be undone


def test_only_the_latest_load_is_undoable(db: Path) -> None:
    first = load_case(db, "orders_semicolon.csv", "orders", "append")
    second = load_case(db, "contacts_utf16.txt", "contacts", "append")
    cur = warehouse.cursor(db)
    assert undoable(cur)["load_id"] == second.load_id != first.load_id
    cur.close()


def test_same_file_needs_confirmation(db: Path) -> None:
    assert load_case(db, "orders_upsert.csv", "orders", "upsert").load_id
    before = contents(db)
    again = load_case(db, "orders_upsert.csv", "orders", "upsert")
    assert again.ok and again.needs_confirmation and again.load_id is None
    assert contents(db) == before
    forced = load_case(db, "orders_upsert.csv", "orders", "upsert", force=True)
    assert forced.load_id


def test_history_lists_when_who_file_table_mode_rows_hash(db: Path) -> None:
    report = load_case(db, "customers_gb18030.csv", "customers", "append")
    cur = warehouse.cursor(db)
    frame = history(cur)
    cur.close()
    row = frame.iloc[0]
    assert (row.load_id, row.loaded_by, row.file_name, row.table_name, row["mode"], row["rows"]) == (
        report.load_id, "tester", "customers_gb18030.csv", "customers", "append", 2)
    assert len(row.file_hash) == 64 and not row.undone


def test_replacing_customers_may_not_orphan_orders(db: Path, tmp_path: Path) -> None:
    before = contents(db)
    cur = warehouse.cursor(db)
    extract = open_extract(CASES / "customers_gb18030.csv")
    report = load(cur, extract, "customers", "replace", user="tester")
    cur.close()
    extract.cleanup()
    assert {(r.value, r.rule) for r in report.failures.itertuples()} >= {
        ("C1", "customer missing but used in orders"), ("C3", "customer missing but used in orders"),
        ("C1", "customer missing but used in complaints")}
    assert contents(db) == before
