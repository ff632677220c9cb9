"""The canonical tables of docs/contract.md section 1, declared once.

`TABLES` is the single description of every canonical table: column order,
DuckDB type, required or not, the key, what the column means and the value
rules a load must obey. Everything else is derived from it:

- `ddl()` is the SQL that creates the canonical and bookkeeping tables;
  `data/schema.sql` is that text written out (`python -m data.schema` writes
  it; a test checks it is current), and `SCHEMA_SQL` names that file;
- `contract_table()` is the markdown table of docs/contract.md section 1
  (a test checks the document shows exactly this table);
- the loading core (data/loading/validate.py) reads the value rules
  (`low`/`high`, `allowed`, `not_before`, `references`) from the columns.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

LEVELS = ("frontline", "escalated")
# Loads in this order satisfy the foreign keys (customers first).
LOAD_ORDER = ("customers", "orders", "complaints", "surveys", "contacts")
# Implausible dates are refused on load: before this day, or more than
# FUTURE_DAYS days after the day of the load.
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_DAYS = 366
# The warehouse's time zone when none is stored (timestamps are kept without a zone).
DEFAULT_TIME_ZONE = "UTC"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type name: VARCHAR, DATE, TIMESTAMP, DOUBLE, INTEGER, BOOLEAN
    required: bool = False
    meaning: str = ""
    low: int | None = None          # smallest allowed value (inclusive)
    high: int | None = None         # largest allowed value (inclusive)
    allowed: tuple[str, ...] = ()   # the only values allowed (empty: any)
    not_before: str | None = None   # another column of the row this value may not precede
    references: str | None = None   # the table whose key this value must name

    def check(self) -> str | None:
        """The SQL CHECK condition of the value rules, None when there are none."""
        n = self.name
        if self.low is not None and self.high is not None:
            return f"{n} BETWEEN {self.low} AND {self.high}"
        if self.low is not None:
            return f"{n} >= {self.low}"
        if self.allowed:
            return f"{n} IN ({', '.join(repr(v) for v in self.allowed)})"
        if self.not_before:
            return f"{n} >= {self.not_before}"
        return None


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_CUSTOMER = "must exist in customers"

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("customers", "customer_id", "One row per customer / account.", (
        Column("customer_id", "VARCHAR", True, "account / customer key"),
        Column("customer_name", "VARCHAR", meaning="display name"),
        Column("region", "VARCHAR", meaning="filter dimension"),
        Column("segment", "VARCHAR", meaning="business segment, filter dimension"),
        Column("signup_date", "DATE", meaning="start of the relationship"),
        Column("churn_date", "DATE", meaning="recorded end of the relationship; not before signup_date "
                                             "or the first order"),
        Column("churn_reason", "VARCHAR", meaning="recorded reason for leaving"),
    )),
    Table("orders", "order_id", "One row per order; amount is the revenue of the order (>= 0).", (
        Column("order_id", "VARCHAR", True),
        Column("customer_id", "VARCHAR", True, _CUSTOMER, references="customers"),
        Column("order_date", "DATE", True),
        Column("amount", "DOUBLE", True, "revenue of the order, >= 0", low=0),
        Column("margin", "DOUBLE", meaning="gross profit of the order"),
    )),
    Table("complaints", "complaint_id", "One row per complaint; level is 'frontline' or 'escalated'.", (
        Column("complaint_id", "VARCHAR", True),
        Column("customer_id", "VARCHAR", True, _CUSTOMER, references="customers"),
        Column("opened_at", "TIMESTAMP", True),
        Column("level", "VARCHAR", True, "`frontline` (told front-line staff only) or `escalated` "
                                         "(reached customer relations or management)", allowed=LEVELS),
        Column("channel", "VARCHAR", meaning="phone, email, store, web, social, ..."),
        Column("category", "VARCHAR", meaning="what the complaint is about"),
        Column("first_response_at", "TIMESTAMP", meaning=">= opened_at", not_before="opened_at"),
        Column("resolved_at", "TIMESTAMP", meaning="NULL = not resolved; >= opened_at", not_before="opened_at"),
    )),
    Table("surveys", "response_id", "One row per survey response; satisfaction 1..5, effort_score 1..7.", (
        Column("response_id", "VARCHAR", True),
        Column("customer_id", "VARCHAR", True, _CUSTOMER, references="customers"),
        Column("responded_at", "TIMESTAMP", True),
        Column("satisfaction", "INTEGER", True, "1 = very dissatisfied, 5 = very satisfied", low=1, high=5),
        Column("had_problem", "BOOLEAN", meaning="the respondent had a problem with the product or service"),
        Column("complained", "BOOLEAN", meaning="the respondent complained about it to the company"),
        Column("effort_score", "INTEGER", meaning="customer effort, 7 = highest effort", low=1, high=7),
    )),
    Table("contacts", "contact_id", "One row per service contact (call, e-mail, chat, visit).", (
        Column("contact_id", "VARCHAR", True),
        Column("customer_id", "VARCHAR", True, _CUSTOMER, references="customers"),
        Column("contacted_at", "TIMESTAMP", True),
        Column("channel", "VARCHAR", True),
        Column("reason", "VARCHAR"),
        Column("complaint_id", "VARCHAR", meaning="the complaint this contact belongs to"),
    )),
)}

# Value ranges and "not before" rules, by column name, as the loading core reads them.
RANGES: dict[str, tuple[int, int]] = {
    c.name: (c.low, c.high) for t in TABLES.values() for c in t.columns
    if c.low is not None and c.high is not None}
AFTER_OPENED: tuple[str, ...] = tuple(
    c.name for c in TABLES["complaints"].columns if c.not_before == "opened_at")


def quote_ident(name: str) -> str:
    """Quote a table or column name that comes from the allow-list above.

    Raises ValueError for any name that is not a canonical table or column,
    so a user's text can never reach SQL as an identifier.
    """
    known = set(TABLES) | {c.name for t in TABLES.values() for c in t.columns}
    if name not in known:
        raise ValueError(f"unknown table or column: {name!r}")
    return '"' + name + '"'


# ---------------------------------------------------------------- derived: the DDL

def _column_ddl(table: Table, col: Column, width: int) -> str:
    parts = [col.name.ljust(width), col.type]
    if col.name == table.key:
        parts.append("PRIMARY KEY")
    elif col.required:
        parts.append("NOT NULL")
    if col.check():
        parts.append(f"CHECK ({col.check()})")
    return "    " + " ".join(parts)


def table_ddl(table: Table) -> str:
    """CREATE TABLE IF NOT EXISTS for one canonical table, with its key, NOT NULLs and CHECKs."""
    width = max(len(c.name) for c in table.columns)
    body = ",\n".join(_column_ddl(table, c, width) for c in table.columns)
    return f"-- {table.doc}\nCREATE TABLE IF NOT EXISTS {table.name} (\n{body}\n);"


_HEADER = """\
-- GENERATED from data/schema.py by `python -m data.schema`: do not edit by hand.
-- The canonical warehouse of docs/contract.md section 1, plus the bookkeeping
-- tables the loading core keeps. Run by data.warehouse.create_schema.
-- Foreign keys (customer_id must exist in customers) are checked by the loading
-- core, not declared: DuckDB forbids replacing a parent table that has children.
"""

_BOOKKEEPING = """\
-- One row per load into a canonical table; load_id is the next number (data.warehouse.record_load),
-- kept across restores: a restore copies the rows of the loads it undoes, marked undone.
CREATE TABLE IF NOT EXISTS load_log (
    load_id     BIGINT PRIMARY KEY,
    table_name  VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    file_hash   VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    mode        VARCHAR NOT NULL CHECK (mode IN ('append', 'upsert', 'replace', 'demo')),
    loaded_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    loaded_by   VARCHAR NOT NULL,
    undone      BOOLEAN NOT NULL DEFAULT false
);

-- Derived: customer_facts (customers with their order facts) is created and rebuilt
-- by every load from data/facts.sql (data/facts.py), so it is not declared here.

-- Key/value facts about the warehouse; 'data_version' is bumped by every load, undo and restore;
-- 'facts_version' stamps customer_facts; 'base_snapshot' is the snapshot a change started from.
CREATE TABLE IF NOT EXISTS warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
INSERT INTO warehouse_meta VALUES ('data_version', '0') ON CONFLICT DO NOTHING;

-- Named column mappings analysts saved on the upload page, offered again next time.
-- `mapping` is the JSON of data.loading.mapping.Mapping (source -> canonical, value maps, date format).
CREATE TABLE IF NOT EXISTS mapping_preset (
    name       VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    mapping    VARCHAR NOT NULL,
    saved_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    saved_by   VARCHAR NOT NULL,
    PRIMARY KEY (table_name, name)
);

-- Restore points (data/warehouse.py): the snapshot file each load started from. Restoring to
-- before a load makes a copy of that snapshot current; only the last N are kept on disk.
CREATE TABLE IF NOT EXISTS restore_point (load_id BIGINT PRIMARY KEY, snapshot VARCHAR NOT NULL);
"""


def ddl() -> str:
    """The whole schema script: canonical tables from TABLES, then the bookkeeping tables."""
    canonical = "\n\n".join(table_ddl(TABLES[name]) for name in LOAD_ORDER)
    return f"{_HEADER}\n{canonical}\n\n{_BOOKKEEPING}"


# ---------------------------------------------------------------- derived: the contract table

def _type_cell(table: Table, col: Column) -> str:
    cell = col.type
    if col.name == table.key:
        cell += ", unique"
    if col.low is not None and col.high is not None:
        cell += f" {col.low}..{col.high}"
    return cell


def contract_table() -> str:
    """The markdown table of docs/contract.md section 1: table, column, type, required, meaning."""
    lines = ["| table | column | type | required | meaning |", "|---|---|---|---|---|"]
    for name in LOAD_ORDER:
        table = TABLES[name]
        for i, col in enumerate(table.columns):
            lines.append(f"| {name if i == 0 else ''} | {col.name} | {_type_cell(table, col)} | "
                         f"{'yes' if col.required else 'no'} | {col.meaning} |".replace("|  |", "| |"))
    return "\n".join(lines)


if __name__ == "__main__":  # python -m data.schema [--markdown]: write schema.sql, or print the docs table
    if sys.argv[1:] == ["--markdown"]:
        print(contract_table())
    else:
        SCHEMA_SQL.write_text(ddl(), encoding="utf-8")
        print(f"wrote {SCHEMA_SQL}")
