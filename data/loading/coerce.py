"""Turn the staged text columns into the canonical table's typed columns.

`build_typed(cur, table, extract, mapping)` creates TEMP TABLE `typed` with, for
every canonical column C, `raw_C` (the trimmed source text, NULL when blank or
not mapped) and `C` (the typed value, NULL when blank or when the text does not
parse). Validation compares the two to find bad values; the writer inserts the
typed columns. Every value (formats, value maps) is a bound parameter; column
names come from TABLES and the generated staging names.
"""
from __future__ import annotations

import re

import duckdb

from data.loading.mapping import Mapping
from data.loading.read import Extract, src_column
from data.loading.synonyms import builtin_values
from data.schema import TABLES, Column, quote_ident

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y",
                "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
TIME_SUFFIXES = ("", " %H:%M:%S", " %H:%M", " %H:%M:%S.%f", "T%H:%M:%S", "T%H:%M:%S.%f", "T%H:%M")
DETECT_SAMPLE = 2000
THOUSANDS = r"-?\d{1,3}(,\d{3})+(\.\d*)?"


def raw_ident(column: str) -> str:
    """The quoted name of the raw text column of canonical `column`."""
    return quote_ident(column).replace('"', '"raw_', 1)


def formats_for(date_format: str) -> list[str]:
    """The strptime formats tried for a column: the date part alone or with a time of day."""
    return [date_format + suffix for suffix in TIME_SUFFIXES]


def date_shape(date_format: str) -> str:
    """A regex for text shaped like `date_format` (to tell 31/02/2024 from 'soon')."""
    parts = re.split(r"(%[YmdHMSf])", date_format)
    digits = {"%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}"}
    return "".join(digits.get(p, re.escape(p)) for p in parts) + r"([ T][0-9:.]+)?"


def _source(extract: Extract, mapping: Mapping, column: str) -> str | None:
    src = mapping.source_for(column)
    return src_column(extract.headers.index(src)) if src in extract.headers else None


def detect_date_formats(cur: duckdb.DuckDBPyConnection, table: str, extract: Extract,
                        mapping: Mapping) -> dict[str, str]:
    """Per mapped date/timestamp column, the date format that parses most of a sample.

    Ties go to the earlier entry of DATE_FORMATS (ISO first, then day-first).
    """
    found: dict[str, str] = {}
    for col in TABLES[table].columns:
        src = _source(extract, mapping, col.name)
        if col.type not in ("DATE", "TIMESTAMP") or src is None:
            continue
        parsed = ", ".join(f"count(try_strptime(v, $f{i}))" for i in range(len(DATE_FORMATS)))
        counts = cur.execute(
            f"""
            WITH sample AS (  -- the first non-blank values of the column
                SELECT trim({src}) AS v FROM raw_stage WHERE nullif(trim({src}), '') IS NOT NULL
                ORDER BY row_no LIMIT {DETECT_SAMPLE})
            SELECT {parsed} FROM sample
            """,  # noqa: S608 (generated column names)
            {f"f{i}": formats_for(f) for i, f in enumerate(DATE_FORMATS)},
        ).fetchone()
        best = max(range(len(DATE_FORMATS)), key=lambda i: (counts[i], -i))
        found[col.name] = DATE_FORMATS[best]
    return found


def _value_map(col: Column, mapping: Mapping) -> dict[str, str]:
    known = dict(builtin_values(col.type, col.name))
    known.update({k.strip().lower(): v for k, v in mapping.values.get(col.name, {}).items()})
    return known


def _typed_expr(col: Column, text: str, fmt_param: str) -> str:
    """SQL turning the (value-mapped) text `text` into the column's type; NULL if it does not parse."""
    if col.type == "DOUBLE":
        number = f"TRY_CAST(CASE WHEN regexp_full_match({text}, '{THOUSANDS}') THEN replace({text}, ',', '') ELSE {text} END AS DOUBLE)"
        return f"CASE WHEN isfinite({number}) THEN {number} END"
    if col.type == "INTEGER":
        number = f"TRY_CAST({text} AS DOUBLE)"
        return f"CASE WHEN {number} = round({number}) AND abs({number}) < 2147483648 THEN CAST({number} AS INTEGER) END"
    if col.type == "BOOLEAN":
        return f"TRY_CAST({text} AS BOOLEAN)"
    if col.type in ("DATE", "TIMESTAMP"):
        return f"CAST(try_strptime({text}, ${fmt_param}) AS {col.type})"
    return text


def build_typed(cur: duckdb.DuckDBPyConnection, table: str, extract: Extract, mapping: Mapping,
                date_formats: dict[str, str]) -> None:
    """Create TEMP TABLE typed(row_no, raw_C..., C...) from raw_stage for canonical `table`."""
    selects, params = ["row_no"], {}
    for i, col in enumerate(TABLES[table].columns):
        src = _source(extract, mapping, col.name)
        if src is None:
            selects += [f"CAST(NULL AS VARCHAR) AS {raw_ident(col.name)}",
                        f"CAST(NULL AS {col.type}) AS {quote_ident(col.name)}"]
            continue
        raw = f"nullif(trim({src}), '')"
        text = raw
        values = _value_map(col, mapping)
        if values:
            params[f"k{i}"], params[f"v{i}"] = list(values), list(values.values())
            text = f"coalesce(map_extract_value(MAP($k{i}::VARCHAR[], $v{i}::VARCHAR[]), lower({raw})), {raw})"
        if col.type in ("DATE", "TIMESTAMP"):
            params[f"f{i}"] = formats_for(mapping.date_format or date_formats[col.name])
        selects += [f"{raw} AS {raw_ident(col.name)}", f"{_typed_expr(col, text, f'f{i}')} AS {quote_ident(col.name)}"]
    cur.execute("DROP TABLE IF EXISTS typed")
    cur.execute(f"CREATE TEMP TABLE typed AS SELECT {', '.join(selects)} FROM raw_stage", params)  # noqa: S608
