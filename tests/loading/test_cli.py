"""`python -m data load`: exit codes, one-line summary, failures listed, warehouse untouched."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from data.loading import cli

from .conftest import CASES, contents, rows


def run(capsys: pytest.CaptureFixture, db: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["--db", str(db), *args])
    return code, capsys.readouterr().out


def test_good_file_loads_with_summary_mapping_ignored_columns_and_date_formats(db: Path,
                                                                              capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, db, "--table", "customers", str(CASES / "customers_gb18030.csv"))
    assert code == 0
    assert out.splitlines() == [
        "loaded (load #1) customers_gb18030.csv -> customers (append): 2 rows, 2 added, 0 replaced, 0 removed, "
        "signup_date 2024-01-05 .. 2024-02-10",
        "mapping: 客户编号 -> customer_id, 客户名称 -> customer_name, 地区 -> region, 细分 -> segment, "
        "注册日期 -> signup_date, 流失日期 -> churn_date, 流失原因 -> churn_reason",
        "ignored columns: none",
        "dates: signup_date YYYY/MM/DD (year first); churn_date YYYY/MM/DD (year first)"]


def test_xlsx_sheet_option(db: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, db, "--table", "surveys", "--sheet", "Responses", str(CASES / "surveys_two_sheets.xlsx"))
    assert code == 0, out


def test_refusal_prints_failures_and_leaves_the_warehouse(db: Path, capsys: pytest.CaptureFixture) -> None:
    before = contents(db)
    code, out = run(capsys, db, "--table", "orders", str(CASES / "orders_duplicate_key.csv"))
    assert code == 1 and "2 failures" in out and "nothing was written" in out
    assert out.count("duplicate key in file") == 3  # summary line + two rows
    assert contents(db) == before


@pytest.mark.parametrize("name", ["empty.csv", "garbage.csv"])
def test_unreadable_files_are_refused(db: Path, capsys: pytest.CaptureFixture, name: str) -> None:
    before = contents(db)
    code, out = run(capsys, db, "--table", "orders", str(CASES / name))
    assert code == 1 and "nothing was written" in out
    assert contents(db) == before


def test_only_the_first_50_failures_are_printed(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "many.csv"
    path.write_text("order_id,customer_id,order_date,amount\n" + "".join(f"X{i},C99,2024-01-01,1\n" for i in range(70)))
    code, out = run(capsys, db, "--table", "orders", str(path))
    assert code == 1 and out.count("unknown customer") == 51 and "... 20 more failures (70 in all)" in out


def test_mapping_file_with_value_map_and_modes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,cust,when,tier\nK30,C1,2024-04-01 10:00,L1\n")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"id": "complaint_id", "cust": "customer_id", "when": "opened_at",
                                   "tier": "level", "values": {"level": {"L1": "escalated"}}}))
    code, _ = run(capsys, db, "--table", "complaints", "--mapping", str(mapping), str(path))
    assert code == 0 and rows(db, "SELECT level FROM complaints WHERE complaint_id = 'K30'") == [("escalated",)]
    code, out = run(capsys, db, "--table", "complaints", "--mapping", str(mapping), "--mode", "upsert", str(path))
    assert code == 3 and "--force" in out  # the same file again
    code, _ = run(capsys, db, "--table", "complaints", "--mapping", str(mapping), "--mode", "upsert", "--force", str(path))
    assert code == 0


def test_history_and_undo(db: Path, capsys: pytest.CaptureFixture) -> None:
    before = contents(db)["orders"]
    run(capsys, db, "--table", "orders", "--mode", "upsert", str(CASES / "orders_upsert.csv"))
    code, out = run(capsys, db, "--history")
    assert code == 0 and "orders_upsert.csv" in out
    code, out = run(capsys, db, "--undo")
    assert code == 0 and out.startswith("undone load #1")
    assert contents(db)["orders"] == before
    assert run(capsys, db, "--undo")[0] == 1


def run_all(capsys: pytest.CaptureFixture, db: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("args, message", [
    (["--table", "orders", "no/such/file.csv"], "error: no such file: no/such/file.csv"),
    (["--table", "orders", "--mapping", "BAD_JSON", "FILE"], "error: the mapping file"),
    (["--table", "orders", "--date-format", "%d/%m", "FILE"], "error: bad date format '%d/%m'"),
    (["--table", "nosuchtable", "FILE"], "error: argument --table: invalid choice"),
    (["FILE"], "error: FILE and --table are required"),
])
def test_usage_errors_print_one_line_and_exit_2(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
                                                args: list[str], message: str) -> None:
    bad = tmp_path / "map.json"
    bad.write_text('{"order_id": "order_id",,}')
    args = [str(bad) if a == "BAD_JSON" else str(CASES / "orders_upsert.csv") if a == "FILE" else a for a in args]
    before = contents(db)
    code, out, err = run_all(capsys, db, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith(message), err
    assert "Traceback" not in err and contents(db) == before


def test_reload_is_recognised_by_its_hash_before_validation(db: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "o.csv"
    path.write_text("order_id,customer_id,order_date,amount\nO70,C1,2024-04-01,5\n")
    assert run(capsys, db, "--table", "orders", str(path))[0] == 0
    before = contents(db)
    code, out = run(capsys, db, "--table", "orders", str(path))  # as an append every key would now fail
    assert code == 3 and out.splitlines() == [
        "not loaded: o.csv was already loaded into orders (load #1); use --force to load it again"]
    assert run(capsys, db, "--table", "orders", "--dry-run", str(path))[0] == 3
    code, out = run(capsys, db, "--table", "orders", "--force", str(path))
    assert code == 1 and "key already in warehouse" in out  # forced: validated, and refused
    assert contents(db) == before


def test_dry_run_writes_nothing_not_even_the_warehouse_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "new" / "w.duckdb"
    code, out = run(capsys, db, "--table", "customers", "--dry-run", str(CASES / "customers_gb18030.csv"))
    assert code == 0 and out.startswith("ready to load customers_gb18030.csv -> customers (append): 2 rows")
    assert not db.exists() and not db.parent.exists()


def test_dry_run_on_an_existing_warehouse_leaves_its_bytes(db: Path, capsys: pytest.CaptureFixture) -> None:
    from data import warehouse

    warehouse.close(db)
    before = db.read_bytes()
    code, _ = run(capsys, db, "--table", "customers", "--dry-run", str(CASES / "customers_gb18030.csv"))
    assert code == 0 and db.read_bytes() == before


def test_partial_mapping_keeps_the_automatic_mapping_and_says_what_is_ignored(db: Path, tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "s.csv"
    path.write_text("Antwort,customer_id,responded_at,satisfaction,complained,Notiz\n"
                    "S70,C1,2024-04-01 10:00,4,yes,egal\nS71,C2,2024-04-02 11:00,2,no,\n")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Antwort": "response_id"}))
    code, out = run(capsys, db, "--table", "surveys", "--mapping", str(mapping), str(path))
    assert code == 0, out
    assert out.splitlines()[1:3] == [
        "mapping: Antwort -> response_id, customer_id -> customer_id, responded_at -> responded_at, "
        "satisfaction -> satisfaction, complained -> complained", "ignored columns: Notiz"]
    assert rows(db, "SELECT response_id, complained FROM surveys WHERE response_id LIKE 'S7_' ORDER BY 1") == [
        ("S70", True), ("S71", False)]


def test_ambiguous_dates_are_refused_naming_date_format_then_load_with_it(db: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "o.csv"
    path.write_text("order_id,customer_id,order_date,amount\nO80,C1,02/06/2025,10\nO81,C2,03/07/2025,20\n")
    before = contents(db)
    code, out = run(capsys, db, "--table", "orders", str(path))
    assert code == 1 and "ambiguous date format" in out and "--date-format %d/%m/%Y" in out
    assert contents(db) == before
    code, out = run(capsys, db, "--table", "orders", "--date-format", "%m/%d/%Y", str(path))
    assert code == 0 and "dates: order_date MM/DD/YYYY (as given)" in out
    assert rows(db, "SELECT order_id, order_date FROM orders WHERE order_id LIKE 'O8_' ORDER BY 1") == [
        ("O80", date(2025, 2, 6)), ("O81", date(2025, 3, 7))]


@pytest.mark.parametrize("tail, rule, where", [
    (b"O99,C1,2024-01-01,1\x00\n", "not a readable file", "is a NUL (zero) byte"),
    (b"O99,C1,2024-01-01,Z\xfcrich\n", "not a readable file", "byte sequence(s) that are not"),
    (b'O99,C1,2024-01-01,"' + b"x" * 5_000_000 + b'"\n', "not a readable file", "5.0 MB long"),
])
def test_problems_after_the_first_megabyte_are_found_and_said_whole(db: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture,
                                                                    tail: bytes, rule: str, where: str) -> None:
    body = "".join(f"X{i},C1,2024-01-01,1\n" for i in range(70_000)).encode()
    path = tmp_path / "big.csv"
    path.write_bytes(b"order_id,customer_id,order_date,amount\n" + "价格".encode() + b",C1,2024-01-01,1\n"
                     + body + tail)
    assert len(body) > 1 << 20
    before = contents(db)
    code, out = run(capsys, db, "--table", "orders", str(path))
    assert code == 1 and rule in out and where in out and "line 70003" in out, out
    assert contents(db) == before
