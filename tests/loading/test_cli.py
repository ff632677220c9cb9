"""`python -m data load`: exit codes, one-line summary, failures listed, warehouse untouched."""
from __future__ import annotations

import json
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
