"""The warehouse schema matches the metric contract (../shared/METRICS.md section 1).

The contract table is parsed from METRICS.md itself, so a change on either
side shows up here: column names and order, DuckDB types, required columns
(NOT NULL), and the unique key of every canonical table, checked on a fresh
warehouse, on a demo-built one (the generator rebuilds its tables) and against
the declaration in data/schema.py. The value rules the DDL can enforce
(amount >= 0, satisfaction 1..5, ...) are checked by trying to break them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from data import demo, warehouse
from data.schema import TABLES

METRICS_MD = Path(__file__).resolve().parents[1].parent / "shared" / "METRICS.md"
CONTRACT_TYPES = {"VARCHAR", "DATE", "TIMESTAMP", "DOUBLE", "INTEGER", "BOOLEAN"}


@dataclass(frozen=True)
class ContractColumn:
    table: str
    name: str
    type: str
    unique: bool
    required: bool


def _section(text: str, heading: str) -> str:
    """The body of the markdown section whose heading starts with `heading`."""
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"METRICS.md has no section '## {heading}'"
    return match.group(1)


def _contract_type(cell: str) -> tuple[str, bool]:
    """'VARCHAR, unique' -> ('VARCHAR', True); 'INTEGER 1..5' -> ('INTEGER', False)."""
    base, *notes = (part.strip() for part in cell.split(","))
    type_name = base.split()[0].upper()
    assert type_name in CONTRACT_TYPES, f"unexpected contract type {cell!r}"
    return type_name, "unique" in notes


def parse_contract(path: Path = METRICS_MD) -> list[ContractColumn]:
    """Rows of the section-1 table; a blank table cell continues the table above."""
    rows = [line for line in _section(path.read_text(encoding="utf-8"), "1.").splitlines()
            if line.startswith("|")]
    columns, table = [], ""
    for line in rows[2:]:  # skip the header and the |---| rule
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        table = cells[0] or table
        type_name, unique = _contract_type(cells[2])
        columns.append(ContractColumn(table, cells[1], type_name, unique, cells[3] == "yes"))
    return columns


CONTRACT = parse_contract() if METRICS_MD.exists() else []
CONTRACT_TABLES = sorted({c.table for c in CONTRACT})


def _contract(table: str) -> list[ContractColumn]:
    return [c for c in CONTRACT if c.table == table]


@pytest.fixture(scope="module", params=["fresh", "demo"])
def cur(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on a fresh warehouse, and on one the demo generator built."""
    path = tmp_path_factory.mktemp(request.param) / "warehouse.duckdb"
    if request.param == "demo":
        demo.build(path, customers=300)
    cursor = warehouse.cursor(path)
    yield cursor
    cursor.close()
    warehouse.close(path)


def test_contract_was_found_and_parsed() -> None:
    assert METRICS_MD.exists(), f"the metric contract is missing at {METRICS_MD}"
    assert CONTRACT_TABLES == sorted(["customers", "orders", "complaints", "surveys", "contacts"])
    assert all(sum(c.unique for c in _contract(t)) == 1 for t in CONTRACT_TABLES)


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_columns_and_types_match_contract(cur: duckdb.DuckDBPyConnection, table: str) -> None:
    actual = cur.execute(
        "SELECT column_name, data_type, is_nullable = 'NO' FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
    expected = [(c.name, c.type, c.required) for c in _contract(table)]
    assert actual == expected


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_primary_key_is_the_unique_column(cur: duckdb.DuckDBPyConnection, table: str) -> None:
    keys = cur.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]).fetchall()
    assert keys == [([c.name for c in _contract(table) if c.unique],)]


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_schema_module_declares_the_contract(table: str) -> None:
    declared = TABLES[table]
    assert [(c.name, c.type, c.required) for c in declared.columns] == \
        [(c.name, c.type, c.required) for c in _contract(table)]
    assert [declared.key] == [c.name for c in _contract(table) if c.unique]


def test_schema_module_has_no_extra_tables() -> None:
    assert sorted(TABLES) == CONTRACT_TABLES


def test_bookkeeping_tables_start_at_version_zero(tmp_path: Path) -> None:
    cursor = warehouse.cursor(tmp_path / "w.duckdb")
    try:
        assert warehouse.data_version(cursor) == 0
        assert cursor.execute("SELECT count(*) FROM load_log").fetchone() == (0,)
    finally:
        cursor.close()
        warehouse.close(tmp_path / "w.duckdb")


# Rows that break a rule of the contract the DDL itself can refuse.
_C = "INSERT INTO customers (customer_id) VALUES ('c1');"
BROKEN_ROWS = {
    "duplicate key": _C + _C,
    "negative amount": "INSERT INTO orders VALUES ('o1', 'c1', DATE '2024-01-01', -1, NULL)",
    "unknown level": "INSERT INTO complaints (complaint_id, customer_id, opened_at, level) "
                     "VALUES ('k1', 'c1', TIMESTAMP '2024-01-01', 'ceo')",
    "resolved before opened": "INSERT INTO complaints (complaint_id, customer_id, opened_at, level, "
                              "resolved_at) VALUES ('k1', 'c1', TIMESTAMP '2024-01-02', 'frontline', "
                              "TIMESTAMP '2024-01-01')",
    "satisfaction 6": "INSERT INTO surveys (response_id, customer_id, responded_at, satisfaction) "
                      "VALUES ('s1', 'c1', TIMESTAMP '2024-01-01', 6)",
    "effort 0": "INSERT INTO surveys VALUES ('s1', 'c1', TIMESTAMP '2024-01-01', 3, NULL, NULL, 0)",
    "missing required": "INSERT INTO contacts (contact_id, customer_id, contacted_at) "
                        "VALUES ('t1', 'c1', TIMESTAMP '2024-01-01')",
}


@pytest.mark.parametrize("sql", BROKEN_ROWS.values(), ids=BROKEN_ROWS.keys())
def test_ddl_refuses_rows_that_break_the_contract(tmp_path: Path, sql: str) -> None:
    cursor = warehouse.cursor(tmp_path / "w.duckdb")
    try:
        with pytest.raises(duckdb.ConstraintException):
            cursor.execute(sql)
    finally:
        cursor.close()
        warehouse.close(tmp_path / "w.duckdb")
