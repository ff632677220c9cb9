"""The canonical tables of METRICS.md section 1, declared once.

`TABLES` is the single description of every canonical table (column order,
DuckDB type, required or not, the key) that the loading core, the demo
generator and the tests read. The DDL that creates them is `schema.sql`
beside this file; a test checks the two agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type name: VARCHAR, DATE, TIMESTAMP, DOUBLE, INTEGER, BOOLEAN
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _t(name: str, key: str, *cols: tuple) -> Table:
    return Table(name, key, tuple(Column(*c) for c in cols))


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _t("customers", "customer_id",
           ("customer_id", "VARCHAR", True), ("customer_name", "VARCHAR"),
           ("region", "VARCHAR"), ("segment", "VARCHAR"), ("signup_date", "DATE"),
           ("churn_date", "DATE"), ("churn_reason", "VARCHAR")),
        _t("orders", "order_id",
           ("order_id", "VARCHAR", True), ("customer_id", "VARCHAR", True),
           ("order_date", "DATE", True), ("amount", "DOUBLE", True), ("margin", "DOUBLE")),
        _t("complaints", "complaint_id",
           ("complaint_id", "VARCHAR", True), ("customer_id", "VARCHAR", True),
           ("opened_at", "TIMESTAMP", True), ("level", "VARCHAR", True),
           ("channel", "VARCHAR"), ("category", "VARCHAR"),
           ("first_response_at", "TIMESTAMP"), ("resolved_at", "TIMESTAMP")),
        _t("surveys", "response_id",
           ("response_id", "VARCHAR", True), ("customer_id", "VARCHAR", True),
           ("responded_at", "TIMESTAMP", True), ("satisfaction", "INTEGER", True),
           ("had_problem", "BOOLEAN"), ("complained", "BOOLEAN"), ("effort_score", "INTEGER")),
        _t("contacts", "contact_id",
           ("contact_id", "VARCHAR", True), ("customer_id", "VARCHAR", True),
           ("contacted_at", "TIMESTAMP", True), ("channel", "VARCHAR", True),
           ("reason", "VARCHAR"), ("complaint_id", "VARCHAR")),
    )
}

# Loads in this order satisfy the foreign keys (customers first).
LOAD_ORDER = ("customers", "orders", "complaints", "surveys", "contacts")
LEVELS = ("frontline", "escalated")


def quote_ident(name: str) -> str:
    """Quote a table or column name that comes from the allow-list above.

    Raises ValueError for any name that is not a canonical table or column,
    so a user's text can never reach SQL as an identifier.
    """
    known = set(TABLES) | {c.name for t in TABLES.values() for c in t.columns}
    if name not in known:
        raise ValueError(f"unknown table or column: {name!r}")
    return '"' + name + '"'
