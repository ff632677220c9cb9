"""The one loading pipeline the page and the CLI share: stage, type, validate, write.

`check()` runs everything but the write and returns a `Report` (failures,
counts per rule, preview, the mapping used and the ignored columns, how dates,
numbers and time zones were read). `load()` does the same and, when nothing
fails, writes in the same transaction: the checks against the warehouse (keys,
customers) and the write see one consistent state, and a refusal leaves no
trace. A file already loaded into the table (same SHA-256) is recognised
before anything is validated and is neither checked nor written without
force=True. The analyst's mapping overrides only what it names; in upsert
mode the rows keep their warehouse values in the columns the file lacks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd
from i18n import N_
from i18n.message import Joined, Message

from data import warehouse
from data.loading import coerce, validate, write
from data.loading.coerce import Choice, readable
from data.loading.mapping import Mapping, suggest
from data.loading.read import Extract, ExtractError, stage
from data.loading.rules import UNKNOWN_TIME_ZONE, rule_message
from data.rows import one
from data.schema import DEFAULT_TIME_ZONE, TABLES, quote_ident

MODE_NAMES = {"append": Message(N_("append")), "upsert": Message(N_("upsert")), "replace": Message(N_("replace"))}


@dataclass
class Report:
    """The outcome of checking (and maybe loading) one extract into one table."""

    table: str
    mode: str
    file_name: str
    mapping: Mapping
    failures: pd.DataFrame
    headers: list[str] = field(default_factory=list)
    dates: dict[str, Choice] = field(default_factory=dict)
    numbers: dict[str, Choice] = field(default_factory=dict)
    time_zone: str = DEFAULT_TIME_ZONE
    preview: dict = field(default_factory=dict)
    same_file: list[dict] = field(default_factory=list)
    checked: bool = False
    load_id: int | None = None
    notes: dict[int, Message] = field(default_factory=dict)  # failure index -> its value said in words

    def failure_value(self, index: int, lang: str) -> object:
        """The `value` of failure `index` in `lang`: a refusal's explanation translated, a value of the data as is."""
        note = self.notes.get(index)
        return note.say(lang) if note is not None else self.failures["value"].iloc[index]

    @property
    def ok(self) -> bool:
        """No failing row (a file recognised as already loaded is not checked: see needs_confirmation)."""
        return self.failures.empty

    @property
    def already_loaded(self) -> bool:
        """The same file (same SHA-256) was loaded into this table before and is still in effect."""
        return bool(self.same_file)

    @property
    def needs_confirmation(self) -> bool:
        """Already loaded and not checked: nothing is validated until the analyst says to load it again."""
        return self.already_loaded and not self.checked

    @property
    def date_formats(self) -> dict[str, str]:
        """canonical date column -> the strptime format its values were read with."""
        return {c: ch.value for c, ch in self.dates.items() if ch.value}

    @property
    def ignored(self) -> list[str]:
        """The file's columns that are not loaded."""
        used = {s for s, c in self.mapping.used().items() if c in TABLES[self.table].column_names}
        return [h for h in self.headers if h not in used]

    def counts(self) -> pd.DataFrame:
        return validate.rule_counts(self.failures)

    def summary(self) -> str:
        """One line in English (the CLI): what was (or would be) loaded, or why not."""
        return self.summary_message().say("en")

    def summary_message(self) -> Message:
        """What was (or would be) loaded, or why not, to be said in a language."""
        if self.needs_confirmation:
            return Message(N_("not loaded: {file} was already loaded into {table} (load {loads}); use --force to load "
                              "it again"), file=self.file_name, table=self.table,
                           loads=Joined(f"#{x['load_id']}" for x in self.same_file))
        if not self.ok:
            rules = Joined(Message(N_("{rule} ({n})"), rule=rule_message(r.rule), n=int(r.failures))
                           for r in self.counts().itertuples())
            return Message(N_("refused {file} -> {table}: {n} failures: {rules}"), file=self.file_name,
                           table=self.table, n=str(len(self.failures)), rules=rules)
        p = self.preview
        values = dict(file=self.file_name, table=self.table, mode=MODE_NAMES[self.mode], rows=p["rows_in_file"],
                      added=p["rows_to_add"], replaced=p["rows_to_replace"], removed=p["rows_to_remove"],
                      load_id=str(self.load_id), column=p["date_column"], start=p["date_from"], end=p["date_to"])
        dated = p["date_from"] is not None
        if self.load_id and dated:
            return Message.ngettext(
                "loaded (load #{load_id}) {file} -> {table} ({mode}): {rows} row, {added} added, {replaced} replaced, "
                "{removed} removed, {column} {start} .. {end}",
                "loaded (load #{load_id}) {file} -> {table} ({mode}): {rows} rows, {added} added, {replaced} replaced, "
                "{removed} removed, {column} {start} .. {end}", p["rows_in_file"], **values)
        if self.load_id:
            return Message.ngettext(
                "loaded (load #{load_id}) {file} -> {table} ({mode}): {rows} row, {added} added, {replaced} replaced, "
                "{removed} removed",
                "loaded (load #{load_id}) {file} -> {table} ({mode}): {rows} rows, {added} added, {replaced} replaced, "
                "{removed} removed", p["rows_in_file"], **values)
        if dated:
            return Message.ngettext(
                "ready to load {file} -> {table} ({mode}): {rows} row, {added} added, {replaced} replaced, "
                "{removed} removed, {column} {start} .. {end}",
                "ready to load {file} -> {table} ({mode}): {rows} rows, {added} added, {replaced} replaced, "
                "{removed} removed, {column} {start} .. {end}", p["rows_in_file"], **values)
        return Message.ngettext(
            "ready to load {file} -> {table} ({mode}): {rows} row, {added} added, {replaced} replaced, {removed} removed",
            "ready to load {file} -> {table} ({mode}): {rows} rows, {added} added, {replaced} replaced, "
            "{removed} removed", p["rows_in_file"], **values)

    def details(self) -> list[str]:
        """The mapping used, the columns ignored and how dates, numbers and time zones were read (English, the CLI)."""
        return [m.say("en") for m in self.detail_messages()]

    def detail_messages(self) -> list[Message]:
        """`details()` as messages to be said in a language."""
        if not self.checked or not self.headers:
            return []
        used = self.mapping.used()
        lines = [Message(N_("mapping: {pairs}"), pairs=Joined(f"{s} -> {c}" for s, c in used.items())) if used
                 else Message(N_("mapping: (none)")),
                 Message(N_("ignored columns: {columns}"), columns=Joined(self.ignored)) if self.ignored
                 else Message(N_("ignored columns: none"))]
        if self.dates:
            dates = [Message(N_("{column} {format} ({how})"), column=c, format=readable(ch.value), how=ch.how)
                     if ch.value else Message(N_("{column} ambiguous: day first or month first?"), column=c)
                     for c, ch in self.dates.items()]
            lines.append(Message(N_("dates: {columns}"), columns=Joined(dates, "; ")))
        numbers = [Message(N_("{column} {how}"), column=c, how=ch.how) if ch.value
                   else Message(N_("{column} {how}: decimal comma or thousands separator?"), column=c, how=ch.how)
                   for c, ch in self.numbers.items() if ch.told]
        if numbers:
            lines.append(Message(N_("numbers: {columns}"), columns=Joined(numbers, "; ")))
        if any(TABLES[self.table].column(c).type == "TIMESTAMP" for c in self.dates):
            lines.append(Message(N_("time zone: {zone} (the warehouse's); times with an offset (Z, +08:00) are "
                                    "converted to it, times without one are taken as {zone}"), zone=self.time_zone))
        return lines


class _Rollback(Exception):
    """Raised inside the transaction to leave the warehouse as it was."""


def time_zone(cur: duckdb.DuckDBPyConnection) -> str:
    """The warehouse's time zone (warehouse_meta 'time_zone'), DEFAULT_TIME_ZONE when it was never set."""
    row = cur.execute("SELECT value FROM warehouse_meta WHERE key = 'time_zone'").fetchone()
    return row[0] if row and row[0] else DEFAULT_TIME_ZONE


def check(cur: duckdb.DuckDBPyConnection, extract: Extract, table: str, mode: str = "append",
          mapping: Mapping | None = None, *, force: bool = False) -> Report:
    """Validate the extract against `table` and the warehouse; never writes.

    A file already loaded into this table is not validated unless force=True."""
    return _run(cur, extract, table, mode, mapping, user=None, force=force)


def load(cur: duckdb.DuckDBPyConnection, extract: Extract, table: str, mode: str = "append",
         mapping: Mapping | None = None, *, user: str, force: bool = False) -> Report:
    """Validate, then write when nothing fails; report.load_id is set when written.

    A file already loaded into this table (same hash) is neither validated nor written without force=True.
    `mapping` overrides only what it names; every other column keeps the automatic mapping.
    """
    return _run(cur, extract, table, mode, mapping, user=user, force=force)


def unreadable(file_name: str, table: str, mode: str, error: ExtractError) -> Report:
    """The report for a file open_extract() refused (empty, binary, missing sheet)."""
    report = Report(table, mode, file_name, Mapping(), pd.DataFrame(), checked=True)
    _refuse(report, error)
    return report


def _refuse(report: Report, error: ExtractError) -> None:
    """The report's failures are the refusal of the file: one per line it names, else one for the file."""
    said: list[tuple[int | None, Message | None]] = list(error.rows) or [(None, error.message)]
    rows = [(line, None, message.say("en") if message is not None else "", error.rule) for line, message in said]
    report.failures = pd.DataFrame(rows, columns=validate.FAILURE_COLUMNS).astype({"row": "Int64"})
    report.notes = {i: message for i, (_, message) in enumerate(said) if message is not None}
    report.checked = True


def _run(cur: duckdb.DuckDBPyConnection, extract: Extract, table: str, mode: str,
         mapping: Mapping | None, *, user: str | None, force: bool) -> Report:
    if table not in TABLES or mode not in write.MODES:
        raise ValueError(f"unknown table {table!r} or mode {mode!r}")
    auto = suggest(table, extract.headers)
    mapping = mapping.over(auto) if mapping is not None else auto
    order = {h: i for i, h in enumerate(extract.headers)}  # show and apply the mapping in the file's order
    mapping.columns = dict(sorted(mapping.columns.items(), key=lambda kv: order.get(kv[0], len(order))))
    report = Report(table, mode, extract.name, mapping, pd.DataFrame(columns=validate.FAILURE_COLUMNS),
                    headers=list(extract.headers))
    try:
        report.same_file = write.same_file_loads(cur, table, extract.file_hash)
        if report.same_file and not force:
            raise _Rollback  # recognised by its hash: nothing validated, nothing copied
        # A check reads the warehouse as it is; a load validates and writes a new state (warehouse.change).
        opened = (warehouse.transaction(cur) if user is None
                  else warehouse.change(cur, what=f"loading {extract.name} into {table}"))
        with opened as wcur:
            _validate(wcur, extract, report)
            if user is None or not report.ok:
                raise _Rollback
            report.load_id = write.write(wcur, table, mode, file_name=extract.name, file_hash=extract.file_hash,
                                         rows=report.preview["rows_in_file"], user=user, columns=_present(report))
    except _Rollback:
        pass
    except ExtractError as e:
        _refuse(report, e)
    finally:
        for temp in ("typed", "raw_stage"):
            cur.execute(f"DROP TABLE IF EXISTS {temp}")
    return report


def _present(report: Report) -> list[str]:
    """The canonical columns the file has, in table order."""
    mapped = set(report.mapping.used().values())
    return [c for c in TABLES[report.table].column_names if c in mapped]


def _keep_absent_columns(cur: duckdb.DuckDBPyConnection, report: Report) -> None:
    """Upsert: a row replacing a warehouse row keeps that row's values in the columns the file lacks."""
    spec = TABLES[report.table]
    absent = [c for c in spec.column_names if c not in _present(report)]
    if not absent or spec.key not in _present(report):
        return
    key = quote_ident(spec.key)
    sets = ", ".join(f"{quote_ident(c)} = w.{quote_ident(c)}" for c in absent)
    cur.execute(f"UPDATE typed SET {sets} FROM {quote_ident(report.table)} AS w WHERE typed.{key} = w.{key}")


def _validate(cur: duckdb.DuckDBPyConnection, extract: Extract, report: Report) -> None:
    """Stage, type and check the file; fills report.failures, preview and the reading choices."""
    report.checked = True
    stage(cur, extract)
    table, mapping = report.table, report.mapping
    usable = Mapping({s: c for s, c in mapping.used().items() if s in extract.headers
                      and c in TABLES[table].column_names}, mapping.values, mapping.date_format, mapping.decimal)
    report.time_zone = time_zone(cur)
    if not one(cur.execute("SELECT count(*) FROM pg_timezone_names() WHERE name = ?", [report.time_zone]))[0]:
        raise ExtractError(UNKNOWN_TIME_ZONE, Message(N_("the warehouse's time zone '{zone}' (warehouse_meta "
                                                         "'time_zone') is not a zone name such as UTC or Asia/Shanghai"),
                                                      zone=report.time_zone))
    report.dates = coerce.detect_dates(cur, table, extract, usable)
    report.numbers = coerce.detect_numbers(cur, table, extract, usable)
    coerce.build_typed(cur, table, extract, usable, report.dates, report.numbers, report.time_zone)
    if report.mode == "upsert":
        _keep_absent_columns(cur, report)
    report.failures = validate.failures(cur, table, report.mode, mapping, extract.headers, report.dates,
                                        report.numbers, date.today())
    report.preview = write.preview(cur, table, report.mode)
