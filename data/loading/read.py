"""Open an extract file and stage its rows, as text, in a temporary DuckDB table.

`open_extract(path)` looks at the bytes on disk (never the whole file in memory):
the format from its magic bytes (XLSX, Parquet, a password-protected or old
binary workbook, else delimited text), the text encoding and the layout of
the records (textscan.py: strict decoding, line of every record, NUL bytes,
rows with the wrong number of values), the delimiter (comma, semicolon, tab,
pipe), the header, the sheets of a workbook. Text that is not UTF-8 is
transcoded to a UTF-8 temp file in streamed chunks, because DuckDB's CSV
reader has no GB18030. Duplicate column names are refused.

`stage(cur, extract)` then creates the temp table `raw_stage(row_no, src_1, ...)`
on that cursor: one VARCHAR column per source column, and `row_no`, the
**line** of the row: the line of the file its record starts on (the header is
line 1; blank lines and line breaks inside quoted values count, as in a text
editor), the row number of a worksheet (as Excel shows it), and for Parquet,
which has no lines, the record number plus one (as if the column names were
line 1). Every failure the loader reports uses this number.

A file that cannot be read raises `ExtractError(rule, detail)`; the loading core
turns it into one failure of the validation report.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

import duckdb
import pyarrow as pa

from i18n import N_
from i18n.message import Joined, Message

from data.loading.errors import ExtractError
from data.loading.rules import DUPLICATE_COLUMN, EMPTY_FILE, NO_SHEET, PASSWORD, UNREADABLE, WRONG_VALUES
from data.loading.textscan import NAMES, Layout, choose_encoding, scan_layout, to_utf8
from data.rows import one

SAMPLE_BYTES = 1 << 20
CHUNK_CHARS = 1 << 22
DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted XLSX or an old .xls
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
SEPARATED = {"\t": Message(N_("tab-separated")), ",": Message(N_("comma-separated")),
             ";": Message(N_("semicolon-separated")), "|": Message(N_("pipe-separated"))}


@dataclass
class Extract:
    """An extract on disk and what was learnt about it."""

    path: Path
    name: str
    file_hash: str
    format: str  # csv | xlsx | parquet
    headers: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    text_path: Path | None = None  # the UTF-8 file DuckDB reads (a temp file after transcoding)
    layout: Layout | None = None   # where the records of a delimited file start

    def describe(self) -> Message:
        """One line for the page and the CLI: format, encoding, delimiter or sheet."""
        if self.format == "csv":
            return Message(N_("delimited text, {encoding}, {separated}, {columns} columns"),
                           encoding=NAMES.get(self.encoding or "", self.encoding), columns=len(self.headers),
                           separated=SEPARATED[self.delimiter or ","])
        if self.format == "xlsx":
            return Message(N_("Excel workbook, sheet '{sheet}' of {sheets}, {columns} columns"), sheet=self.sheet,
                           sheets=len(self.sheets), columns=len(self.headers))
        return Message(N_("Parquet, {columns} columns"), columns=len(self.headers))

    def cleanup(self) -> None:
        """Remove the transcoded temp file, if one was made."""
        if self.text_path is not None and self.text_path != self.path:
            self.text_path.unlink(missing_ok=True)
            self.text_path = None


def save_upload(source: BinaryIO, name: str) -> Path:
    """Copy an uploaded file object to a temp file in chunks; DuckDB and pandas read it from disk."""
    suffix = Path(name).suffix[:10]
    fd, out = tempfile.mkstemp(prefix="upload-", suffix=suffix)
    with os.fdopen(fd, "wb") as dst:
        source.seek(0)
        shutil.copyfileobj(source, dst, 1 << 20)
    return Path(out)


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, streamed."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_extract(path: str | Path, name: str | None = None, sheet: str | None = None,
                 encoding: str | None = None) -> Extract:
    """Inspect the file at `path` (`name` is how the analyst calls it, `encoding` a text encoding they
    name instead of detection); raises ExtractError."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(SAMPLE_BYTES)
    if not head:
        raise ExtractError(EMPTY_FILE, Message(N_("the file has no bytes")))
    base = dict(path=path, name=name or path.name, file_hash=file_hash(path))
    if head.startswith(XLSX_MAGIC):
        return _open_xlsx(base, sheet)
    if head.startswith(PARQUET_MAGIC):
        return _open_parquet(base)
    if head.startswith(OLE_MAGIC):
        if ENCRYPTED in head:
            raise ExtractError(PASSWORD, Message(N_(
                "the workbook is protected with a password; open it in Excel, remove the password "
                "(File > Info > Protect Workbook > Encrypt with Password) and save it again")))
        raise ExtractError(UNREADABLE, Message(N_("an old Excel 97-2003 (.xls) workbook or another Office file; save it "
                                                  "as .xlsx or CSV")))
    return _open_text(base, head, encoding)


# -- delimited text ---------------------------------------------------------------

def sniff_delimiter(sample: str) -> str:
    """The candidate delimiter that splits the sample's lines into the most consistent columns."""
    best, best_score = ",", (0.0, 1)
    for delim in DELIMITERS:
        try:
            rows = [r for r in itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delim), 60)
                    if r][:50]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(r) == width for r in rows) / len(rows), width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _open_text(base: dict, head: bytes, named: str | None) -> Extract:
    path = base["path"]
    if b"\r" in head.rstrip(b"\r") and b"\n" not in head:
        raise ExtractError(UNREADABLE, Message(N_("the lines end with a carriage return (CR) alone, the old Mac format; "
                                                  "save the file with Windows (CR LF) or Unix (LF) line ends")))
    encoding = choose_encoding(path, head, named)
    text_path = path if encoding in ("utf-8", "utf-8-sig") else to_utf8(path, encoding)
    try:
        with open(text_path, "rb") as f:
            sample = f.read(SAMPLE_BYTES).decode("utf-8", errors="ignore").lstrip("\ufeff")
        if len(sample) >= SAMPLE_BYTES // 4 and "\n" in sample:
            sample = sample[: sample.rfind("\n")]  # drop a line cut by the sample's end
        if not sample.strip():
            raise ExtractError(EMPTY_FILE, Message(N_("no header and no rows")))
        delimiter = sniff_delimiter(sample)
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        headers = clean_headers(header)
        layout = scan_layout(text_path, delimiter, len(headers))
    except ExtractError:
        if text_path != path:
            text_path.unlink(missing_ok=True)
        raise
    if layout.ragged:
        if text_path != path:
            text_path.unlink(missing_ok=True)
        raise ExtractError(WRONG_VALUES,
                           Message(N_("{n} row(s) do not have the {columns} values the header names"),
                                   n=len(layout.ragged), columns=str(len(headers))),
                           [(line, Message(N_("{n} values, the header has {columns}"), n=str(n), columns=str(len(headers))))
                            for line, n in layout.ragged])
    return Extract(**base, format="csv", headers=headers, encoding=encoding, delimiter=delimiter,
                   text_path=text_path, layout=layout)


def clean_headers(header: list) -> list[str]:
    """Header names stripped (BOM too), blanks named 'column N'; a name used twice is refused."""
    names = [str(raw if raw is not None else "").replace("\ufeff", "").strip() or f"column {i}"
             for i, raw in enumerate(header, start=1)]
    twice = sorted({n for n in names if names.count(n) > 1}, key=names.index)
    if twice:
        where = Joined((Message(N_("'{name}' (columns {positions})"), name=n,
                                positions=Joined(str(i + 1) for i, m in enumerate(names) if m == n)) for n in twice),
                       "; ")
        raise ExtractError(DUPLICATE_COLUMN, Message(N_("the header names a column more than once: {where}"), where=where))
    return names


# -- workbooks and Parquet ------------------------------------------------------------

def _open_xlsx(base: dict, sheet: str | None) -> Extract:
    import openpyxl

    try:
        book = openpyxl.load_workbook(base["path"], read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged zip
        raise ExtractError(UNREADABLE, Message(N_("not a readable XLSX workbook ({error})"), error=str(e))) from e
    try:
        sheets = list(book.sheetnames)
        chosen = sheet or sheets[0]
        if chosen not in sheets:
            raise ExtractError(NO_SHEET, Message(N_("no sheet '{sheet}'; the workbook has {sheets}"), sheet=chosen,
                                                 sheets=Joined(sheets)))
        header = next(book[chosen].iter_rows(max_row=1, values_only=True), ())
    finally:
        book.close()
    if not any(v is not None for v in header):
        raise ExtractError(EMPTY_FILE, Message(N_("sheet '{sheet}' has no header row"), sheet=chosen))
    return Extract(**base, format="xlsx", headers=clean_headers(list(header)), sheets=sheets, sheet=chosen)


def _open_parquet(base: dict) -> Extract:
    try:
        names = duckdb.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(base["path"])]).fetchall()
    except duckdb.Error as e:
        raise ExtractError(UNREADABLE, Message(N_("not a readable Parquet file ({error})"), error=str(e))) from e
    return Extract(**base, format="parquet", headers=clean_headers([n[0] for n in names]))


# -- staging ------------------------------------------------------------------------

def src_column(i: int) -> str:
    """The staged name of source column i (0-based): generated, never the analyst's text."""
    return f'"src_{int(i) + 1}"'


def stage(cur: duckdb.DuckDBPyConnection, extract: Extract) -> int:
    """Create TEMP TABLE raw_stage(row_no, src_1..src_n) from the extract; returns its row count."""
    cur.execute("SET SESSION preserve_insertion_order = true")  # row numbers follow the file
    cur.execute("DROP TABLE IF EXISTS raw_stage")
    try:
        {"csv": _stage_csv, "xlsx": _stage_xlsx, "parquet": _stage_parquet}[extract.format](cur, extract)
    except duckdb.Error as e:
        raise ExtractError(UNREADABLE, reader_message(e)) from e
    rows = one(cur.execute("SELECT count(*) FROM raw_stage"))[0]
    if rows == 0:
        raise ExtractError(EMPTY_FILE, Message(N_("a header but no data rows")))
    return rows


PLAIN = {"state machine reached an invalid state":
         N_("The file is not well-formed CSV: for example, its lines change from Windows (CR LF) to Unix (LF) endings "
            "part-way, or a value holds a quote without being quoted. DuckDB's reader says: {error}")}


def reader_message(error: Exception) -> Message:
    """DuckDB's whole reader error in one line, without its dump of reader options, led by plain words
    (DuckDB's own words are not translated)."""
    lines = [ln.strip() for ln in str(error).splitlines()]
    kept = []
    for line in lines:
        if line.startswith(("file =", "delimiter =", "quote =", "escape =", "new_line =", "header =", "skip_rows =",
                            "comment =", "strict_mode =", "date_format =", "timestamp_format =", "null_padding =",
                            "sample_size =", "ignore_errors =", "all_varchar =", "Possible fixes", "* ", "Parser options")):
            break
        if line:
            kept.append(line)
    lead = next((words for key, words in PLAIN.items() if key in str(error)), "{error}")
    return Message(lead, error=" ".join(kept))


def _lines_table(starts) -> pa.Table:
    return pa.table({"i": pa.array(range(1, len(starts) + 1), pa.int64()), "line": pa.array(starts, pa.int64())})


def _stage_csv(cur: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    columns = {f"src_{i + 1}": "VARCHAR" for i in range(len(extract.headers))}
    params = {"path": str(extract.text_path), "delim": extract.delimiter, "columns": columns}
    read = """SELECT row_number() OVER () AS i, * FROM read_csv($path, delim = $delim, quote = '"', escape = '"',
              header = true, auto_detect = false, columns = $columns)"""
    starts = extract.layout.start_lines if extract.layout is not None else None
    if starts is None:  # no blank line, no line break inside a value: the record's line is its index + 1
        cur.execute(f"CREATE TEMP TABLE raw_stage AS SELECT i + 1 AS row_no, * EXCLUDE (i) FROM ({read})", params)
    else:
        lines = _lines_table(starts)
        cur.register("record_lines", lines)
        try:
            cur.execute(f"CREATE TEMP TABLE raw_stage AS SELECT l.line AS row_no, s.* EXCLUDE (i) FROM ({read}) AS s "
                        "JOIN record_lines AS l USING (i) ORDER BY l.line", params)
        finally:
            cur.unregister("record_lines")
    found = one(cur.execute("SELECT count(*) FROM raw_stage"))[0]
    if extract.layout is not None and found != extract.layout.records:
        raise ExtractError(UNREADABLE, Message(N_("the CSV reader found {found} rows where the file has {records} "
                                                  "records"), found=found, records=extract.layout.records))


def cell_text(value: object) -> str | None:
    """A workbook cell as the text the loader parses: dates ISO, booleans true/false, numbers as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _stage_xlsx(cur: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    import openpyxl

    width = len(extract.headers)
    columns: list[list[object]] = [[] for _ in range(width)]
    lines, ragged = [], []
    book = openpyxl.load_workbook(extract.path, read_only=True, data_only=True)
    try:  # read-only sheets yield empty rows too, so the count is the sheet's row number
        for line, row in enumerate(book[extract.sheet].iter_rows(values_only=True), start=1):
            if line == 1:
                continue
            texts = [cell_text(v) for v in row]
            if not any(t is not None and t.strip() for t in texts):
                continue  # a blank row
            if any(t is not None and t.strip() for t in texts[width:]):
                ragged.append((line, Message(N_("a value beyond the {columns} named columns"), columns=str(width))))
            lines.append(line)
            for i in range(width):
                columns[i].append(texts[i] if i < len(texts) else None)
    finally:
        book.close()
    if ragged:
        raise ExtractError(WRONG_VALUES, Message(N_("{n} row(s) have values in columns without a name"),
                                                 n=str(len(ragged))), ragged)
    frame = pa.table({"row_no": pa.array(lines, pa.int64()),
                      **{f"src_{i + 1}": pa.array(c, pa.string()) for i, c in enumerate(columns)}})
    cur.register("xlsx_rows", frame)
    try:
        cur.execute("CREATE TEMP TABLE raw_stage AS SELECT * FROM xlsx_rows")
    finally:
        cur.unregister("xlsx_rows")


def _stage_parquet(cur: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    names = [f"src_{i + 1}" for i in range(len(extract.headers))]
    casts = ", ".join(f"CAST({n} AS VARCHAR) AS {n}" for n in names)
    # the alias list renames the file's columns by position; file_row_number comes last (0-based)
    cur.execute(
        f"CREATE TEMP TABLE raw_stage AS SELECT file_row_number + 2 AS row_no, {casts} "
        f"FROM read_parquet($path, file_row_number = true) AS t({', '.join(names)}, file_row_number) ORDER BY 1",
        {"path": str(extract.path)},
    )
