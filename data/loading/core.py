"""The one loading pipeline the page and the CLI share: stage, type, validate, write.

`check()` runs everything but the write and returns a `Report` (failures,
counts per rule, preview, same-file warning). `load()` does the same and, when
nothing fails (and a same-file reload is confirmed with force=True), writes in
the same transaction: the checks against the warehouse (keys, customers) and
the write see one consistent state, and a refusal leaves no trace.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from data import warehouse
from data.loading import coerce, validate, write
from data.loading.mapping import Mapping, suggest
from data.loading.read import Extract, ExtractError, stage
from data.schema import TABLES


@dataclass
class Report:
    """The outcome of checking (and maybe loading) one extract into one table."""

    table: str
    mode: str
    file_name: str
    mapping: Mapping
    failures: pd.DataFrame
    date_formats: dict[str, str] = field(default_factory=dict)
    preview: dict = field(default_factory=dict)
    same_file: list[dict] = field(default_factory=list)
    load_id: int | None = None

    @property
    def ok(self) -> bool:
        """No failing row: the file may be written."""
        return self.failures.empty

    @property
    def needs_confirmation(self) -> bool:
        """The same file was loaded into this table before and is still in effect."""
        return bool(self.same_file)

    def counts(self) -> pd.DataFrame:
        return validate.rule_counts(self.failures)

    def summary(self) -> str:
        """One line: what was (or would be) loaded, or why not."""
        if not self.ok:
            rules = ", ".join(f"{r.rule} ({r.failures})" for r in self.counts().itertuples())
            return f"refused {self.file_name} -> {self.table}: {len(self.failures)} failures: {rules}"
        p = self.preview
        verb = f"loaded (load #{self.load_id})" if self.load_id else "ready to load"
        return (f"{verb} {self.file_name} -> {self.table} ({self.mode}): {p['rows_in_file']:,} rows, "
                f"{p['rows_to_add']:,} added, {p['rows_to_replace']:,} replaced, {p['rows_to_remove']:,} removed, "
                f"{p['date_column']} {p['date_from']} .. {p['date_to']}")


class _Rollback(Exception):
    """Raised inside the transaction to leave the warehouse as it was."""


def check(cur: duckdb.DuckDBPyConnection, extract: Extract, table: str, mode: str = "append",
          mapping: Mapping | None = None) -> Report:
    """Validate the extract against `table` and the warehouse; never writes."""
    return _run(cur, extract, table, mode, mapping, user=None, force=False)


def load(cur: duckdb.DuckDBPyConnection, extract: Extract, table: str, mode: str = "append",
         mapping: Mapping | None = None, *, user: str, force: bool = False) -> Report:
    """Validate, then write when nothing fails; report.load_id is set when written.

    A file already loaded into this table (same hash) is written only with force=True.
    """
    return _run(cur, extract, table, mode, mapping, user=user, force=force)


def unreadable(file_name: str, table: str, mode: str, error: ExtractError) -> Report:
    """The report for a file open_extract() refused (empty, binary, missing sheet)."""
    return Report(table, mode, file_name, Mapping(), _file_failure(error))


def _file_failure(error: ExtractError) -> pd.DataFrame:
    return pd.DataFrame([(None, None, error.detail, error.rule)], columns=validate.FAILURE_COLUMNS).astype(
        {"row": "Int64"})


def _run(cur: duckdb.DuckDBPyConnection, extract: Extract, table: str, mode: str,
         mapping: Mapping | None, *, user: str | None, force: bool) -> Report:
    if table not in TABLES or mode not in write.MODES:
        raise ValueError(f"unknown table {table!r} or mode {mode!r}")
    mapping = mapping if mapping is not None else suggest(table, extract.headers)
    report = Report(table, mode, extract.name, mapping, pd.DataFrame(columns=validate.FAILURE_COLUMNS))
    # A check reads the warehouse as it is; a load validates and writes a new state (warehouse.change).
    opened = (warehouse.transaction(cur) if user is None
              else warehouse.change(cur, what=f"loading {extract.name} into {table}"))
    try:
        with opened as wcur:
            _validate(wcur, extract, report)
            if user is None or not report.ok or (report.needs_confirmation and not force):
                raise _Rollback
            in_file = {c for s, c in mapping.columns.items() if s in extract.headers}
            report.load_id = write.write(wcur, table, mode, file_name=extract.name, file_hash=extract.file_hash,
                                         rows=report.preview["rows_in_file"], user=user, columns=in_file)
    except _Rollback:
        pass
    except ExtractError as e:
        report.failures = _file_failure(e)
    finally:
        for temp in ("typed", "raw_stage"):
            cur.execute(f"DROP TABLE IF EXISTS {temp}")  # noqa: S608 (constant names)
    return report


def _validate(cur: duckdb.DuckDBPyConnection, extract: Extract, report: Report) -> None:
    """Stage, type and check the file; fills report.failures, preview and same_file."""
    stage(cur, extract)
    table, mapping = report.table, report.mapping
    usable = Mapping({s: c for s, c in mapping.columns.items() if s in extract.headers
                      and c in TABLES[table].column_names}, mapping.values, mapping.date_format)
    report.date_formats = coerce.detect_date_formats(cur, table, extract, usable)
    if mapping.date_format:
        report.date_formats = {c: mapping.date_format for c in report.date_formats}
    coerce.build_typed(cur, table, extract, usable, report.date_formats)
    report.failures = validate.failures(cur, table, report.mode, mapping, extract.headers, report.date_formats)
    report.preview = write.preview(cur, table, report.mode)
    report.same_file = write.same_file_loads(cur, table, extract.file_hash)
