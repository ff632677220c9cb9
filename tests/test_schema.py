"""The warehouse schema matches the metric contract (docs/contract.md section 1).

The contract table is parsed from docs/contract.md itself, so a change on
either side shows up here: column names and order, DuckDB types, required
columns (NOT NULL), and the unique key of every canonical table, checked on a
fresh warehouse, on a demo-built one (the generator rebuilds its tables) and
against the declaration in data/schema.py. The document's table and
data/schema.sql are both generated from that declaration, and the parameter
table of section 2 agrees with metrics.params.Params. The value rules the DDL
can enforce (amount >= 0, satisfaction 1..5, ...) are checked by trying to
break them. Nothing in the repository refers to a path outside it.
"""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb
import pytest

from data import demo, warehouse
from data.schema import (DEFAULT_TIME_ZONE, EARLIEST_DATE, FUTURE_DAYS, LEVELS, SCHEMA_SQL, TABLES,
                         contract_table, ddl)
from metrics.params import Params

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_MD = ROOT / "docs" / "contract.md"
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
    assert match, f"docs/contract.md has no section '## {heading}'"
    return match.group(1)


def _contract_type(cell: str) -> tuple[str, bool]:
    """'VARCHAR, unique' -> ('VARCHAR', True); 'INTEGER 1..5' -> ('INTEGER', False)."""
    base, *notes = (part.strip() for part in cell.split(","))
    type_name = base.split()[0].upper()
    assert type_name in CONTRACT_TYPES, f"unexpected contract type {cell!r}"
    return type_name, "unique" in notes


def parse_contract(path: Path = CONTRACT_MD) -> list[ContractColumn]:
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


CONTRACT = parse_contract()
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


def test_contract_table_is_generated_from_the_declaration() -> None:
    section = _section(CONTRACT_MD.read_text(encoding="utf-8"), "1.")
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    assert table == contract_table(), "regenerate it with: python -m data.schema --markdown"


def test_schema_sql_is_generated_from_the_declaration() -> None:
    assert SCHEMA_SQL.read_text(encoding="utf-8") == ddl(), "regenerate it with: python -m data.schema"


def test_every_value_rule_is_in_the_ddl() -> None:
    """Each declared CHECK (range, allowed values, not-before) appears on its column's DDL line."""
    text = ddl()
    for table in TABLES.values():
        for col in table.columns:
            check = col.check()
            if check:
                assert re.search(rf"^\s+{col.name}\s+{col.type}\b.*CHECK \({re.escape(check)}\)",
                                 text, re.M), (table.name, col.name)


def test_load_rules_state_the_declared_limits() -> None:
    text = CONTRACT_MD.read_text(encoding="utf-8")
    rules = " ".join(_section(text, "1.").split())
    assert f"before {EARLIEST_DATE:%Y-%m-%d}, or more than {FUTURE_DAYS} days after the day of the load" in rules
    assert " / ".join(f"`{level}`" for level in LEVELS) in rules
    assert f"when none is set it is {DEFAULT_TIME_ZONE}" in " ".join(_section(text, "0.").split())


def _parameter_defaults(text: str) -> dict[str, str]:
    """name -> default cell of the section-2 parameter table."""
    rows = [line for line in _section(text, "2.").splitlines() if line.startswith("|")][2:]
    return {cells[0]: cells[1] for cells in
            ([c.strip() for c in row.strip().strip("|").split("|")] for row in rows)}


def test_parameter_table_matches_params() -> None:
    documented = _parameter_defaults(CONTRACT_MD.read_text(encoding="utf-8"))
    knobs = {f.name: f.default for f in fields(Params)}
    assert set(documented) == set(knobs) | {"as_of", "start", "end"}
    for name, default in knobs.items():
        assert float(documented[name]) == default, name


OUTSIDE = re.compile(r"\.\./" + "shared|/wo" + "rk/")  # split so this file does not match itself
TEXT_SUFFIXES = {".py", ".md", ".sql", ".txt", ".ini", ".toml", ".cfg", ".yml", ".yaml", ".json", ""}


def _repository_files() -> list[Path]:
    """The tracked files (git ls-files), or every file outside hidden folders without git."""
    try:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True,
                                check=True).stdout.decode().split("\0")
        return [ROOT / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob("*") if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)]


def test_nothing_refers_to_a_path_outside_the_repository() -> None:
    found = []
    for path in _repository_files():
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                  if OUTSIDE.search(line)]
    assert found == []
