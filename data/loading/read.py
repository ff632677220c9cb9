"""Open an extract file and stage its rows, as text, in a temporary DuckDB table.

`open_extract(path)` looks at the bytes on disk (never the whole file in memory):
the format from its magic bytes (XLSX, Parquet, else delimited text), the text
encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK), the delimiter
(comma, semicolon, tab, pipe), the header, the sheets of a workbook. Text that
is not UTF-8 is transcoded to a UTF-8 temp file in streamed chunks, because
DuckDB's CSV reader has no GB18030.

`stage(cur, extract)` then creates the temp table `raw_stage(row_no, src_1, ...)`
on that cursor: one VARCHAR column per source column, and `row_no`, the row
as the analyst sees it (the header is row 1 of a CSV or sheet, so the first data
row is row 2; a Parquet file has no header row, its first record is row 1).

A file that cannot be read raises `ExtractError(rule, detail)`; the loading core
turns it into one failure of the validation report.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import duckdb

SAMPLE_BYTES = 1 << 20
CHUNK_CHARS = 1 << 22
DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"


class ExtractError(Exception):
    """The file cannot be read as an extract; `rule` names the problem for the report."""

    def __init__(self, rule: str, detail: str = "") -> None:
        super().__init__(f"{rule}: {detail}" if detail else rule)
        self.rule, self.detail = rule, detail


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

    def describe(self) -> str:
        """One line for the page and the CLI: format, encoding, delimiter or sheet."""
        if self.format == "csv":
            delim = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[self.delimiter or ","]
            return f"delimited text, {self.encoding}, {delim}-separated, {len(self.headers)} columns"
        if self.format == "xlsx":
            return f"Excel workbook, sheet '{self.sheet}' of {len(self.sheets)}, {len(self.headers)} columns"
        return f"Parquet, {len(self.headers)} columns"

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


def open_extract(path: str | Path, name: str | None = None, sheet: str | None = None) -> Extract:
    """Inspect the file at `path` (`name` is how the analyst calls it); raises ExtractError."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(SAMPLE_BYTES)
    if not head:
        raise ExtractError("empty file", "the file has no bytes")
    base = dict(path=path, name=name or path.name, file_hash=file_hash(path))
    if head.startswith(XLSX_MAGIC):
        return _open_xlsx(base, sheet)
    if head.startswith(PARQUET_MAGIC):
        return _open_parquet(base)
    return _open_text(base, head)


# -- delimited text ---------------------------------------------------------------

def detect_encoding(head: bytes) -> str:
    """The encoding of a text sample: BOMs first, then strict UTF-8, then GB18030."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ExtractError("not a readable file", "binary content (NUL bytes): not CSV, XLSX or Parquet")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return encoding
    raise ExtractError("not a readable file", "not text in UTF-8, UTF-16 or GB18030, nor XLSX or Parquet")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    return controls <= len(text) // 1000


def sniff_delimiter(sample: str) -> str:
    """The candidate delimiter that splits the sample's lines into the most consistent columns."""
    lines = sample.splitlines()[:50]
    best, best_score = ",", (0.0, 1)
    for delim in DELIMITERS:
        rows = [r for r in csv.reader(lines, delimiter=delim) if r]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(r) == width for r in rows) / len(rows), width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _open_text(base: dict, head: bytes) -> Extract:
    encoding = detect_encoding(head)
    sample = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    if len(head) == SAMPLE_BYTES and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # drop a line cut by the sample's end
    if not sample.strip():
        raise ExtractError("empty file", "no header and no rows")
    delimiter = sniff_delimiter(sample)
    header = next(csv.reader(io.StringIO(sample), delimiter=delimiter))
    text_path = base["path"] if encoding in ("utf-8", "utf-8-sig") else transcode(base["path"], encoding)
    return Extract(**base, format="csv", headers=clean_headers(header), encoding=encoding,
                   delimiter=delimiter, text_path=text_path)


def transcode(path: Path, encoding: str) -> Path:
    """Stream `path` from `encoding` into a UTF-8 temp file; line endings kept as they are."""
    fd, out = tempfile.mkstemp(prefix="extract-", suffix=".csv")
    try:
        with open(path, encoding=encoding, newline="") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            for chunk in iter(lambda: src.read(CHUNK_CHARS), ""):
                dst.write(chunk)
    except UnicodeDecodeError as e:
        Path(out).unlink(missing_ok=True)
        raise ExtractError("not a readable file", f"invalid {encoding} bytes at byte {e.start}") from e
    return Path(out)


def clean_headers(header: list) -> list[str]:
    """Header names stripped (BOM too); blanks named 'column N'; repeats get ' (2)', ' (3)'."""
    seen: dict[str, int] = {}
    names = []
    for i, raw in enumerate(header, start=1):
        name = str(raw if raw is not None else "").replace("\ufeff", "").strip() or f"column {i}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


# -- workbooks and Parquet ------------------------------------------------------------

def _open_xlsx(base: dict, sheet: str | None) -> Extract:
    import openpyxl

    try:
        book = openpyxl.load_workbook(base["path"], read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged zip
        raise ExtractError("not a readable file", f"not a readable XLSX workbook ({e})") from e
    try:
        sheets = list(book.sheetnames)
        chosen = sheet or sheets[0]
        if chosen not in sheets:
            raise ExtractError("sheet not found", f"no sheet '{chosen}'; the workbook has {', '.join(sheets)}")
        header = next(book[chosen].iter_rows(max_row=1, values_only=True), ())
    finally:
        book.close()
    if not any(v is not None for v in header):
        raise ExtractError("empty file", f"sheet '{chosen}' has no header row")
    return Extract(**base, format="xlsx", headers=clean_headers(list(header)), sheets=sheets, sheet=chosen)


def _open_parquet(base: dict) -> Extract:
    try:
        names = duckdb.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(base["path"])]).fetchall()
    except duckdb.Error as e:
        raise ExtractError("not a readable file", f"not a readable Parquet file ({e})") from e
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
        raise ExtractError("not a readable file", str(e).splitlines()[0]) from e
    rows = cur.execute("SELECT count(*) FROM raw_stage").fetchone()[0]
    if rows == 0:
        raise ExtractError("empty file", "a header but no data rows")
    return rows


def _stage_csv(cur: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    columns = {f"src_{i + 1}": "VARCHAR" for i in range(len(extract.headers))}
    cur.execute(
        """
        CREATE TEMP TABLE raw_stage AS
        SELECT row_number() OVER () + 1 AS row_no, *
        FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true,
                      auto_detect = false, columns = $columns, null_padding = true)
        """,
        {"path": str(extract.text_path), "delim": extract.delimiter, "columns": columns},
    )


def _stage_xlsx(cur: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    import pandas as pd

    frame = pd.read_excel(extract.path, sheet_name=extract.sheet, dtype=str, header=0, engine="openpyxl")
    frame.columns = [f"src_{i + 1}" for i in range(frame.shape[1])]
    frame.insert(0, "row_no", frame.index + 2)
    cur.register("xlsx_frame", frame)
    try:
        cur.execute("CREATE TEMP TABLE raw_stage AS SELECT * FROM xlsx_frame")
    finally:
        cur.unregister("xlsx_frame")


def _stage_parquet(cur: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    names = [f"src_{i + 1}" for i in range(len(extract.headers))]
    casts = ", ".join(f"CAST({n} AS VARCHAR) AS {n}" for n in names)
    # the alias list renames the file's columns by position; file_row_number comes last
    cur.execute(
        f"CREATE TEMP TABLE raw_stage AS SELECT file_row_number + 1 AS row_no, {casts} "  # noqa: S608 (generated names)
        f"FROM read_parquet($path, file_row_number = true) AS t({', '.join(names)}, file_row_number)",
        {"path": str(extract.path)},
    )
