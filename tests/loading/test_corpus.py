"""The corpus of real-shaped extracts (make_corpus.py): each loads with exactly the values below, or is
refused with exactly the rule and row below and the warehouse's tables stay exactly as they were.

Expected values are worked out by hand from the files: e.g. 18:00+08:00 is 10:00 UTC, 1.234,50 in a
decimal-comma column is 1234.5, a record after a blank line and a quoted line break is reported on
the line it starts on.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from data import warehouse
from data.loading import Mapping, Report, load, open_extract
from data.loading.core import unreadable
from data.loading.read import ExtractError
from data.loading.template import template_csv
from data.loading.validate import OUT_OF_RANGE
from data.schema import LOAD_ORDER, TABLES

from .conftest import contents, rows

CORPUS = Path(__file__).with_name("corpus")

# file -> (table, mode, mapping overrides, SQL over the loaded rows, the rows it must return)
LOADED: dict[str, tuple] = {
    "complaints_pandas_default.csv": ("complaints", "append", None,
        "SELECT complaint_id, opened_at, resolved_at FROM complaints WHERE complaint_id LIKE 'K5_' ORDER BY 1",
        [("K50", datetime(2024, 4, 1, 10, 0, 0, 123456), datetime(2024, 4, 1, 12, 0, 0, 500000)),
         ("K51", datetime(2024, 4, 2, 8, 30), None)]),
    "contacts_pandas_ns.parquet": ("contacts", "append", None,
        "SELECT contact_id, contacted_at FROM contacts WHERE contact_id LIKE 'T5_' ORDER BY 1",
        [("T50", datetime(2024, 6, 1, 10, 0, 0, 0)), ("T51", datetime(2024, 6, 3, 16, 45))]),
    "contacts_pandas_tz.parquet": ("contacts", "append", None,
        "SELECT contact_id, contacted_at FROM contacts WHERE contact_id LIKE 'T6_' ORDER BY 1",
        [("T60", datetime(2024, 6, 1, 0, 0)), ("T61", datetime(2024, 6, 1, 23, 30, 0, 250000))]),
    "surveys_openpyxl_dates.xlsx": ("surveys", "append", None,
        "SELECT * FROM surveys WHERE response_id LIKE 'S5_' ORDER BY 1",
        [("S50", "C1", datetime(2024, 6, 1, 12), 4, None, None, 2),
         ("S51", "C2", datetime(2024, 6, 2), 5, None, None, None)]),
    "complaints_iso_offsets.csv": ("complaints", "append", None,
        "SELECT complaint_id, opened_at, first_response_at FROM complaints WHERE complaint_id LIKE 'K6_' ORDER BY 1",
        [("K60", datetime(2024, 5, 1, 10), datetime(2024, 5, 1, 10, 30, 0, 250000)),
         ("K61", datetime(2024, 5, 1, 10), datetime(2024, 5, 1, 11)),
         ("K62", datetime(2024, 5, 1, 10), None)]),
    "customers_erp_cp1252.csv": ("customers", "append", Mapping({"Kundennummer": "customer_id"}),
        "SELECT customer_id, customer_name, region, signup_date FROM customers WHERE customer_id LIKE 'C6_' ORDER BY 1",
        [("C60", "Müller GmbH", "Zürich", date(2024, 2, 13)), ("C61", "Café Français", "Köln", date(2024, 3, 1))]),
    "orders_erp_decimal_comma.csv": ("orders", "append", None,
        "SELECT order_id, order_date, amount, margin FROM orders WHERE order_id LIKE 'O6_' ORDER BY 1",
        [("O60", date(2024, 4, 15), 1.5, 0.25), ("O61", date(2024, 4, 16), 12.75, None),
         ("O62", date(2024, 4, 17), 1234.5, 100.0)]),
    "orders_us_thousands.csv": ("orders", "append", None,
        "SELECT order_id, order_date, amount FROM orders WHERE order_id LIKE 'O6_' ORDER BY 1",
        [("O63", date(2024, 4, 15), 1500.0), ("O64", date(2024, 4, 16), 1234.5)]),
    "customers_crm_gb18030.csv": ("customers", "append", None,
        "SELECT customer_id, customer_name, region, segment, signup_date FROM customers WHERE customer_id LIKE 'C7_' "
        "ORDER BY 1",
        [("C70", "华为商贸", "广东", "大客户", date(2024, 1, 5)), ("C71", "李四超市", "浙江", "小企业", date(2024, 2, 10))]),
    "contacts_utf16_tab.txt": ("contacts", "append", None,
        "SELECT contact_id, customer_id, contacted_at, channel, reason FROM contacts WHERE contact_id LIKE 'T7_' "
        "ORDER BY 1",
        [("T70", "C1", datetime(2024, 5, 1, 8), "phone", "账单\r\n第二行"), ("T71", "C3", datetime(2024, 5, 2, 9, 15), "web", None)]),
    "complaints_bom_blank_lines.csv": ("complaints", "append", None,
        "SELECT complaint_id, customer_id, opened_at, level, category FROM complaints WHERE complaint_id LIKE 'K7_' "
        "ORDER BY 1",
        [("K70", "C1", datetime(2024, 3, 15, 9, 30), "frontline", "送货\n晚了"),
         ("K71", "C2", datetime(2024, 3, 20, 14), "escalated", "账单")]),
    "orders_olist.csv": ("orders", "append", None,
        "SELECT order_id, customer_id, order_date, amount FROM orders WHERE length(order_id) = 32 ORDER BY order_date",
        [("53cdb2fc8bc7dce0b6741e2150273451", "C2", date(2024, 7, 24), 141.46),
         ("e481f51cbdc54678b7cc49136f2d6af7", "C1", date(2024, 10, 2), 38.71)]),
    "customers_olist.csv": ("customers", "append", None,
        "SELECT * FROM customers WHERE length(customer_id) = 32",
        [("06b8999e2fba1a1fbc88172c00ba8bc7", None, "SP", None, None, None, None)]),
    "customers_upsert_churn_only.csv": ("customers", "upsert", None,
        "SELECT * FROM customers WHERE customer_id = 'C1'",
        [("C1", "Alpha", "North", "Small business", date(2024, 1, 1), date(2024, 12, 31), None)]),
    "orders_ambiguous_dates.csv": ("orders", "append", Mapping(date_format="%d/%m/%Y"),
        "SELECT order_id, order_date FROM orders WHERE order_id LIKE 'O8_' ORDER BY 1",
        [("O80", date(2024, 6, 2)), ("O81", date(2024, 7, 3))]),
    "orders_ambiguous_decimal.csv": ("orders", "append", Mapping(decimal=","),
        "SELECT order_id, amount FROM orders WHERE order_id LIKE 'O8_' ORDER BY 1", [("O82", 1.5), ("O83", 2.25)]),
    "orders_ambiguous_decimal.csv[point]": ("orders", "append", Mapping(decimal="."),
        "SELECT order_id, amount FROM orders WHERE order_id LIKE 'O8_' ORDER BY 1", [("O82", 1500.0), ("O83", 2250.0)]),
}

# file -> (table, mode, mapping overrides, the exact (row, column, rule) failures)
REFUSED: dict[str, tuple] = {
    "customers_utf8_stray_byte.csv": ("customers", "append", None, [(None, None, "not a readable file")]),
    "orders_implausible_dates.csv": ("orders", "append", None,
                                     [(3, "order_date", OUT_OF_RANGE), (4, "order_date", OUT_OF_RANGE)]),
    "orders_ragged.csv": ("orders", "append", None, [(3, None, "wrong number of values"),
                                                     (4, None, "wrong number of values")]),
    "orders_unclosed_quote.csv": ("orders", "append", None, [(None, None, "not a readable file")]),
    "customers_duplicate_header.csv": ("customers", "append", None, [(None, None, "duplicate column name")]),
    "surveys_password.xlsx": ("surveys", "append", None, [(None, None, "password-protected workbook")]),
    "complaints_blank_lines_unknown_customer.csv": ("complaints", "append", None, [(6, "customer_id", "unknown customer")]),
    "orders_mixed_decimal.csv": ("orders", "append", None, [(3, "amount", "ambiguous number format")]),
    "surveys_openpyxl_bad_score.xlsx": ("surveys", "append", None, [(5, "satisfaction", "satisfaction outside 1..5")]),
    "orders_old_mac_cr.csv": ("orders", "append", None, [(None, None, "not a readable file")]),
    "orders_ambiguous_dates.csv": ("orders", "append", None, [(2, "order_date", "ambiguous date format")]),
    "orders_ambiguous_decimal.csv": ("orders", "append", None, [(2, "amount", "ambiguous number format")]),
}
# the reason said in plain words, with the byte offset and line where there is one
DETAILS = {
    "customers_utf8_stray_byte.csv": "the file is UTF-8 but has 1 byte sequence(s) that are not (a stray byte from "
                                     "another encoding?); the first is at byte offset 92 (line 4)",
    "orders_unclosed_quote.csv": "a quote opened in the record starting on line 3 is never closed",
    "customers_duplicate_header.csv": "the header names a column more than once: 'region' (columns 2, 3)",
    "orders_old_mac_cr.csv": "the lines end with a carriage return (CR) alone, the old Mac format; save the file "
                             "with Windows (CR LF) or Unix (LF) line ends",
}


def run(db: Path, name: str, table: str, mode: str, mapping: Mapping | None) -> Report:
    try:
        extract = open_extract(CORPUS / name.split("[")[0], Path(name).name)
    except ExtractError as e:
        return unreadable(name, table, mode, e)
    cur = warehouse.cursor(db)
    try:
        return load(cur, extract, table, mode, mapping, user="corpus")
    finally:
        cur.close()
        extract.cleanup()


@pytest.mark.parametrize("name", LOADED)
def test_loaded_with_exact_values(db: Path, name: str) -> None:
    table, mode, mapping, sql, expected = LOADED[name]
    report = run(db, name, table, mode, mapping)
    assert report.ok and report.load_id, report.failures.to_dict("records")
    assert rows(db, sql) == expected


@pytest.mark.parametrize("name", REFUSED)
def test_refused_with_exact_rule_and_row_and_the_warehouse_unchanged(db: Path, name: str) -> None:
    table, mode, mapping, expected = REFUSED[name]
    before = contents(db)
    report = run(db, name, table, mode, mapping)
    found = [(None if pd.isna(r.row) else int(r.row), None if pd.isna(r.column) else r.column, r.rule)
             for r in report.failures.itertuples()]
    assert sorted(found, key=str) == sorted(expected, key=str)
    assert report.load_id is None
    if name in DETAILS:
        assert report.failures["value"].tolist() == [DETAILS[name]]
    assert contents(db) == before


def test_offsets_convert_to_the_warehouse_time_zone(db: Path) -> None:
    cur = warehouse.cursor(db)
    cur.execute("INSERT INTO warehouse_meta VALUES ('time_zone', 'Asia/Shanghai')")
    cur.close()
    report = run(db, "complaints_iso_offsets.csv", "complaints", "append", None)
    assert report.ok and report.time_zone == "Asia/Shanghai"
    assert any(line.startswith("time zone: Asia/Shanghai") for line in report.details())
    assert rows(db, "SELECT complaint_id, opened_at FROM complaints WHERE complaint_id LIKE 'K6_' ORDER BY 1") == [
        ("K60", datetime(2024, 5, 1, 18)), ("K61", datetime(2024, 5, 1, 18)), ("K62", datetime(2024, 5, 1, 18))]


def test_summary_says_how_dates_and_numbers_were_read(db: Path) -> None:
    report = run(db, "orders_erp_decimal_comma.csv", "orders", "append", None)
    assert report.details()[2:] == [
        "dates: order_date DD.MM.YYYY (day first, decided by 17.04.2024 (row 4))",
        "numbers: amount decimal comma, shown by 12,75 (row 3); margin decimal comma, shown by 0,25 (row 2)"]


def test_a_mapping_overrides_only_what_it_names(db: Path) -> None:
    report = run(db, "customers_erp_cp1252.csv", "customers", "append", Mapping({"Kundennummer": "customer_id"}))
    assert report.mapping.used() == {"Kundennummer": "customer_id", "customer_name": "customer_name",
                                     "region": "region", "signup_date": "signup_date"}
    assert report.ignored == []


@pytest.mark.parametrize("table", LOAD_ORDER)
def test_every_template_loads_as_it_is(tmp_path: Path, table: str) -> None:
    """Loaded in order into an empty warehouse, each table's template passes every rule."""
    db = tmp_path / "empty.duckdb"
    for name in LOAD_ORDER[: LOAD_ORDER.index(table) + 1]:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(template_csv(name))
        assert path.read_text().splitlines()[0] == ",".join(TABLES[name].column_names)
        report = run(db, str(path), name, "append", None)
        assert report.ok and report.load_id and report.preview["rows_in_file"] == 3, report.failures
        assert report.ignored == []
    warehouse.close(db)


def test_a_tiny_legacy_file_that_reads_two_ways_is_refused_then_loads_with_its_encoding_named(db: Path,
                                                                                               tmp_path: Path) -> None:
    path = tmp_path / "koeln.csv"
    path.write_bytes("customer_id,region\nC90,Köln\n".encode("cp1252"))
    with pytest.raises(ExtractError) as refused:
        open_extract(path)
    assert refused.value.rule == "encoding not certain"
    assert refused.value.detail == ("the file is not UTF-8 and could be GB18030 'C90,K鰈n' or Windows-1252 'C90,Köln'; "
                                    "save it as UTF-8, or name the encoding (--encoding)")
    extract = open_extract(path, encoding="cp1252")
    cur = warehouse.cursor(db)
    assert load(cur, extract, "customers", "append", user="corpus").ok
    cur.close()
    extract.cleanup()
    assert rows(db, "SELECT region FROM customers WHERE customer_id = 'C90'") == [("Köln",)]


def test_an_unknown_warehouse_time_zone_refuses_the_load(db: Path) -> None:
    cur = warehouse.cursor(db)
    cur.execute("INSERT INTO warehouse_meta VALUES ('time_zone', 'Mars/Olympus')")
    cur.close()
    before = contents(db)
    report = run(db, "complaints_iso_offsets.csv", "complaints", "append", None)
    assert report.failures["rule"].tolist() == ["unknown time zone"] and report.load_id is None
    assert contents(db) == before
