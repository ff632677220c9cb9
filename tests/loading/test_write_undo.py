"""Modes, same-file detection, history, undo and restore: the exact earlier rows come back.

The sample warehouse is made a snapshot warehouse first (warehouse.ready), as the app
and the CLI do, so every load leaves a restore point.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data import warehouse
from data.loading import NothingToUndo, history, load, open_extract, undo_last, undoable
from data.loading.write import restore, restore_points

from .conftest import CASES, contents, rows


@pytest.fixture(autouse=True)
def snapshot_warehouse(db: Path) -> Path:
    """The sample warehouse in the snapshot layout (its builder's connection released)."""
    warehouse.ready(db)
    return db


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
    assert rows(db, "SELECT * FROM orders ORDER BY 1") == [  # O1 keeps its margin: the file has none
        ("O1", "C1", date(2024, 1, 10), 111.0, 30.0), ("O12", "C2", date(2024, 5, 1), 12.0, None),
        ("O2", "C2", date(2024, 2, 15), 50.5, None), ("O3", "C3", date(2024, 3, 5), 20.0, 5.0)]
    assert undo(db)["load_id"] == report.load_id
    after = contents(db)
    assert after["orders"] == before["orders"]  # O1 back with margin 30.0, O12 gone
    assert rows(db, "SELECT load_id, undone FROM load_log") == [(report.load_id, True)]  # marked undone
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
        undo(db)  # the sample's own rows were not loaded: nothing before them to go back to


def test_only_the_latest_load_is_undoable(db: Path) -> None:
    first = load_case(db, "orders_semicolon.csv", "orders", "append")
    second = load_case(db, "contacts_utf16.txt", "contacts", "append")
    cur = warehouse.cursor(db)
    latest = undoable(cur)
    assert latest is not None and latest["load_id"] == second.load_id != first.load_id
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


def write_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_file(db: Path, path: Path, table: str, mode: str):
    cur = warehouse.cursor(db)
    extract = open_extract(path)
    try:
        report = load(cur, extract, table, mode, user="tester")
    finally:
        extract.cleanup()
        cur.close()
    assert report.load_id, report.summary()
    return report


def test_restore_to_before_the_third_latest_load_gives_the_tables_of_then(db: Path, tmp_path: Path) -> None:
    first = load_file(db, write_csv(tmp_path, "c.csv", "customer_id,customer_name,region\nC6,Zeta,West\n"),
                      "customers", "append")
    then = contents(db)  # the state the restore must bring back, value by value
    third = load_file(db, write_csv(tmp_path, "o.csv", "order_id,customer_id,order_date,amount\n"
                                    "O1,C1,2024-01-10,7\nO20,C6,2024-04-01,8.25\n"), "orders", "upsert")
    second = load_file(db, write_csv(tmp_path, "r.csv", "customer_id,customer_name,region,segment,signup_date\n"
                                     "C1,Alpha,South,Enterprise,2024-01-01\nC2,B,South,,2024-02-01\n"
                                     "C3,G,,,2024-03-01\nC4,,,,\nC5,E,East,,2024-01-01\nC6,Z,West,,\n"),
                       "customers", "replace")
    latest = load_file(db, write_csv(tmp_path, "k.csv", "complaint_id,customer_id,opened_at,level\n"
                                     "K9,C6,2024-04-02 10:00,escalated\n"), "complaints", "append")
    cur = warehouse.cursor(db)
    points = [p["load_id"] for p in restore_points(cur)]
    assert points == [latest.load_id, second.load_id, third.load_id, first.load_id]
    undone = restore(cur, third.load_id)
    cur.close()
    assert [u["load_id"] for u in undone] == [latest.load_id, second.load_id, third.load_id]
    now = contents(db)
    for table in ("customers", "orders", "complaints", "surveys", "contacts"):
        assert now[table] == then[table], table
    assert now["data_version"][0][0] == then["data_version"][0][0] + 4  # three loads and the restore
    cur = warehouse.cursor(db)
    shown = history(cur)
    cur.close()
    assert shown[["load_id", "undone", "restore_point"]].values.tolist() == [
        [latest.load_id, True, False], [second.load_id, True, False], [third.load_id, True, False],
        [first.load_id, False, True]]
    # and the customer facts follow the restored rows (C1 back in North, its order O1 at 100)
    assert rows(db, "SELECT region, annual_revenue FROM customer_facts WHERE customer_id = 'C1'") == [("North", 100.0)]


def test_upsert_changes_only_the_columns_in_the_file_and_undo_restores_them(db: Path, tmp_path: Path) -> None:
    before = contents(db)
    report = load_file(db, write_csv(tmp_path, "churn.csv", "customer_id,churn_date\nC1,2024-09-30\nC9,2024-09-30\n"),
                       "customers", "upsert")
    assert rows(db, "SELECT * FROM customers WHERE customer_id IN ('C1', 'C9') ORDER BY 1") == [
        ("C1", "Alpha", "North", "Small business", date(2024, 1, 1), date(2024, 9, 30), None),
        ("C9", None, None, None, None, date(2024, 9, 30), None)]
    assert undo(db)["load_id"] == report.load_id
    assert contents(db)["customers"] == before["customers"]


def test_facts_follow_an_upsert_of_customers_into_another_region(db: Path, tmp_path: Path) -> None:
    load_file(db, write_csv(tmp_path, "move.csv", "customer_id,region\nC2,North\nC5,North\n"), "customers", "upsert")
    assert rows(db, "SELECT customer_id, region, customer_name FROM customer_facts ORDER BY 1") == [
        ("C1", "North", "Alpha"), ("C2", "North", "Beta"), ("C3", "North", "Gamma"), ("C4", None, None),
        ("C5", "North", "Epsilon")]


def test_facts_follow_an_upsert_of_an_order_amount(db: Path, tmp_path: Path) -> None:
    load_file(db, write_csv(tmp_path, "amount.csv", "order_id,customer_id,order_date,amount\nO2,C2,2024-02-15,9000\n"),
              "orders", "upsert")
    assert rows(db, "SELECT annual_revenue, total_revenue FROM customer_facts WHERE customer_id = 'C2'") == [
        (9000.0, 9000.0)]


def test_facts_carry_a_name_changed_by_a_replace(db: Path, tmp_path: Path) -> None:
    load_file(db, write_csv(tmp_path, "names.csv", "customer_id,customer_name\nC1,Alpha Ltd\nC2,Beta\nC3,Gamma\n"
                            "C4,\nC5,Epsilon\n"), "customers", "replace")
    assert rows(db, "SELECT customer_name, region FROM customer_facts WHERE customer_id = 'C1'") == [
        ("Alpha Ltd", None)]


def test_a_single_file_written_in_place_keeps_working_without_restore_points(tmp_path: Path) -> None:
    from .conftest import build_sample
    path = build_sample(tmp_path / "single.duckdb")
    try:
        report = load_file(path, CASES / "orders_semicolon.csv", "orders", "append")
        assert not path.is_symlink() and not warehouse.snapshot_dir(path).exists()
        cur = warehouse.cursor(path)
        assert undoable(cur) is None and history(cur)["load_id"].tolist() == [report.load_id]
        cur.close()
    finally:
        warehouse.close(path)
