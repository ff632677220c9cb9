"""Every extract case through the loading core: bad files refused with exactly the
failing rows and rules and the warehouse unchanged; good files loaded with their values."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from data import warehouse
from data.loading import Report, check, load, open_extract
from data.loading.core import unreadable
from data.loading.read import ExtractError

from .conftest import CASES, contents, rows

# file, table, mode, sheet -> the exact (row, column, value, rule) failures
BAD: dict[tuple[str, str, str, str | None], list[tuple[int | None, str | None, str | None, str]]] = {
    ("orders_missing_column.csv", "orders", "append", None): [(None, "amount", None, "missing required column")],
    ("orders_unparseable_date.csv", "orders", "append", None): [(3, "order_date", "next week", "unparseable date")],
    ("orders_impossible_date.csv", "orders", "append", None): [(3, "order_date", "31/02/2024", "impossible date")],
    ("orders_duplicate_key.csv", "orders", "append", None): [(2, "order_id", "O20", "duplicate key in file"),
                                                              (4, "order_id", "O20", "duplicate key in file")],
    ("orders_existing_key.csv", "orders", "append", None): [(3, "order_id", "O2", "key already in warehouse")],
    ("orders_unknown_customer.csv", "orders", "append", None): [(2, "customer_id", "C99", "unknown customer")],
    ("orders_negative_amount.csv", "orders", "append", None): [(3, "amount", "-5", "negative amount")],
    ("orders_malformed_number.csv", "orders", "append", None): [(2, "amount", "12abc", "malformed number")],
    ("complaints_resolved_before_opened.csv", "complaints", "append", None):
        [(3, "resolved_at", "2024-04-04 09:00", "resolved_at before opened_at")],
    ("customers_churn_before_signup.csv", "customers", "append", None):
        [(2, "churn_date", "2024-04-01", "churn_date before signup_date")],
    ("surveys_satisfaction_9.csv", "surveys", "append", None): [(4, "satisfaction", "9", "satisfaction outside 1..5")],
    ("empty.csv", "orders", "append", None): [(None, None, "the file has no bytes", "empty file")],
    ("header_only.csv", "orders", "append", None): [(None, None, "a header but no data rows", "empty file")],
    ("garbage.csv", "orders", "append", None):
        [(None, None, "byte offset 26 (line 1) is a NUL (zero) byte: the file is binary or damaged, not text "
                      "(a UTF-16 file needs its byte-order mark)", "not a readable file")],
    ("surveys_two_sheets.xlsx", "surveys", "append", "Answers"):
        [(None, None, "no sheet 'Answers'; the workbook has Notes, Responses", "sheet not found")],
    ("surveys_two_sheets.xlsx", "surveys", "append", "Notes"):
        [(None, c, None, "missing required column") for c in ("response_id", "customer_id", "responded_at", "satisfaction")],
}


def run_case(path: str, table: str, mode: str, sheet: str | None, *, write: bool) -> Report:
    """open + check (or load) as the page and the CLI do; an unreadable file becomes its report."""
    try:
        extract = open_extract(CASES / path, sheet=sheet)
    except ExtractError as e:
        return unreadable(str(path), table, mode, e)
    cur = warehouse.cursor(DB[0])
    try:
        return load(cur, extract, table, mode, user="test") if write else check(cur, extract, table, mode)
    finally:
        cur.close()
        extract.cleanup()


DB: list[Path] = []


@pytest.fixture(autouse=True)
def _current_db(db: Path):
    DB[:] = [db]
    yield


def as_tuples(report: Report) -> list[tuple]:
    return [(None if r.row is None or r.row != r.row else int(r.row), r.column, r.value, r.rule)
            for r in report.failures.astype(object).where(report.failures.notna(), None).itertuples(index=False)]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}[{c[3]}]" if c[3] else c[0] for c in BAD])
def test_bad_case_is_refused_with_exact_failures_and_nothing_written(db: Path, case: tuple) -> None:
    before = contents(db)
    report = run_case(*case, write=True)
    assert not report.ok and report.load_id is None
    assert sorted(as_tuples(report), key=str) == sorted(BAD[case], key=str)
    assert report.counts()["failures"].sum() == len(BAD[case])
    assert contents(db) == before


def test_gb18030_customers_with_chinese_headers_and_values(db: Path) -> None:
    report = run_case("customers_gb18030.csv", "customers", "append", None, write=True)
    assert report.ok and report.load_id
    assert rows(db, "SELECT * FROM customers WHERE customer_id IN ('C10', 'C11') ORDER BY 1") == [
        ("C10", "华为商贸", "华东", "大客户", date(2024, 1, 5), None, None),
        ("C11", "李四超市", "华南", "小企业", date(2024, 2, 10), date(2024, 8, 1), "价格太高")]


def test_utf8_bom_complaints_with_chinese_levels_and_day_first_dates(db: Path) -> None:
    report = run_case("complaints_utf8_bom.csv", "complaints", "append", None, write=True)
    assert report.ok and report.date_formats == {"opened_at": "%d/%m/%Y", "resolved_at": "%d/%m/%Y"}
    assert rows(db, "SELECT complaint_id, opened_at, level, channel, resolved_at FROM complaints "
                    "WHERE complaint_id LIKE 'K1_' ORDER BY 1") == [
        ("K10", datetime(2024, 3, 15, 9, 30), "frontline", "电话", datetime(2024, 3, 16, 10, 0)),
        ("K11", datetime(2024, 3, 20, 14, 0), "escalated", "email", None)]


def test_semicolon_orders_with_thousands_separator(db: Path) -> None:
    assert run_case("orders_semicolon.csv", "orders", "append", None, write=True).ok
    assert rows(db, "SELECT order_id, amount, margin FROM orders WHERE order_id IN ('O10', 'O11') ORDER BY 1") == [
        ("O10", 1234.5, 100.0), ("O11", 99.9, None)]


def test_utf16_tab_separated_contacts(db: Path) -> None:
    assert run_case("contacts_utf16.txt", "contacts", "append", None, write=True).ok
    assert rows(db, "SELECT contact_id, customer_id, contacted_at, reason FROM contacts WHERE contact_id LIKE 'T1_' "
                    "ORDER BY 1") == [("T10", "C1", datetime(2024, 5, 1, 8), "账单"),
                                      ("T11", "C3", datetime(2024, 5, 2, 9, 15), None)]


def test_xlsx_second_sheet_with_chinese_and_letter_booleans(db: Path) -> None:
    assert run_case("surveys_two_sheets.xlsx", "surveys", "append", "Responses", write=True).ok
    assert rows(db, "SELECT * FROM surveys WHERE response_id LIKE 'S1_' ORDER BY 1") == [
        ("S10", "C1", datetime(2024, 6, 1, 12), 2, True, False, 6),
        ("S11", "C2", datetime(2024, 6, 2, 8, 30), 5, False, False, None)]


def test_parquet_contacts(db: Path) -> None:
    report = run_case("contacts.parquet", "contacts", "append", None, write=True)
    assert report.ok
    assert rows(db, "SELECT * FROM contacts WHERE contact_id LIKE 'T2_' ORDER BY 1") == [
        ("T20", "C1", datetime(2024, 6, 1, 10), "email", "Billing", "K1"),
        ("T21", "C2", datetime(2024, 6, 3, 16, 45), "store", None, None)]


def test_preview_counts_rows_to_add_and_replace_and_the_dates(db: Path) -> None:
    p = run_case("orders_upsert.csv", "orders", "upsert", None, write=False).preview
    assert (p["rows_to_add"], p["rows_to_replace"], p["rows_to_remove"]) == (1, 1, 0)
    assert (p["date_from"], p["date_to"]) == (date(2024, 1, 10), date(2024, 5, 1))
    p = run_case("orders_upsert.csv", "orders", "replace", None, write=False).preview
    assert (p["rows_to_add"], p["rows_to_replace"], p["rows_to_remove"]) == (1, 1, 2)


def test_check_never_writes(db: Path) -> None:
    before = contents(db)
    assert run_case("orders_semicolon.csv", "orders", "append", None, write=False).ok
    assert contents(db) == before
