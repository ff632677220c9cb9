"""Turn the staged text columns into the canonical table's typed columns.

`detect_dates()` and `detect_numbers()` look at *every* value of each mapped
date and number column and decide how to read it, or say it cannot be decided:

* dates: year-first shapes (2025-06-02, 2025/06/02, 20250602, 2025年6月2日)
  read themselves; for 02/06/2025 the values decide when one of the first two
  numbers exceeds 12 somewhere in the column; when none does the column is
  ambiguous and the load does not guess (the analyst's date format decides);
* numbers in delimited text: the decimal mark is the one the values prove
  (12,75 or 1.234,5 prove a decimal comma; 12.5 or 1,234.5 a decimal point);
  values like 1,500 alone prove nothing: in a comma-delimited file the comma
  is a thousands separator (a decimal comma would need quoting everywhere),
  in a semicolon- or tab-delimited file it is ambiguous and refused unless the
  analyst says which. Workbook and Parquet numbers come typed: decimal point.

`build_typed(cur, table, extract, mapping, dates, numbers, time_zone)` then
creates TEMP TABLE `typed` with, for every canonical column C, `raw_C` (the
trimmed source text, NULL when blank or not mapped) and `C` (the typed value,
NULL when blank or when the text does not parse). Timestamps may carry a `T`,
any fraction of a second (truncated below the microsecond) and an offset (`Z`,
`+08:00`), which converts them to the warehouse's time zone; without an
offset a timestamp is taken to be in that zone already. Every value (formats,
patterns, value maps) is a bound parameter; column names come from TABLES and
the generated staging names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
from i18n import N_
from i18n.message import Message

from data.loading.mapping import Mapping
from data.loading.read import Extract, src_column
from data.loading.synonyms import builtin_values
from data.rows import one
from data.schema import TABLES, Column, quote_ident

TAIL = r"($|[ T]\d)"
YEAR_FIRST = {"%Y-%m-%d": r"^\d{4}-\d{1,2}-\d{1,2}", "%Y/%m/%d": r"^\d{4}/\d{1,2}/\d{1,2}",
              "%Y.%m.%d": r"^\d{4}\.\d{1,2}\.\d{1,2}", "%Y%m%d": r"^\d{8}", "%Y年%m月%d日": r"^\d{4}年\d{1,2}月\d{1,2}日"}
DAY_MONTH = {"/": r"^(\d{1,2})/(\d{1,2})/\d{4}", ".": r"^(\d{1,2})\.(\d{1,2})\.\d{4}", "-": r"^(\d{1,2})-(\d{1,2})-\d{4}"}
DATE_FORMATS = (*YEAR_FIRST, *(f"%d{s}%m{s}%Y" for s in DAY_MONTH), *(f"%m{s}%d{s}%Y" for s in DAY_MONTH))
TIME_SUFFIXES = ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S", "T%H:%M")
# date-and-time text split into the part strptime reads, the fraction of a second and the offset
TIME_PARTS = r"^(.*?\d{1,2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$"
SPACES = " \u00a0\u202f'"  # space, no-break spaces, apostrophe: thousands separators that are never decimal marks
SPACED = r"[+-]?\d{1,3}([" + SPACES + r"]\d{3})+([.,]\d+)?"
POINT_PROOF = r"[+-]?(\d*\.\d{1,2}|\d*\.\d{4,}|\d{4,}\.\d+|\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,})"
COMMA_PROOF = r"[+-]?(\d*,\d{1,2}|\d*,\d{4,}|\d{4,},\d+|\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,})"
COMMA_GROUPS = r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"
POINT_GROUPS = r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?"
COMMA_PLAIN = r"[+-]?\d+(,\d+)?"
ONE_COMMA_GROUP, ONE_POINT_GROUP = r"[+-]?\d{1,3},\d{3}", r"[+-]?\d{1,3}\.\d{3}"
DECIMAL_NAMES = {".": "decimal point", ",": "decimal comma"}


@dataclass(frozen=True)
class Choice:
    """How one column is read: `value` (a date format or a decimal mark), how it was decided, or why not.

    `how` is said in the summary (a Message: English in the CLI, the page's language on the page);
    `told` is False when there is nothing worth saying (whole numbers, typed cells)."""

    value: str | None
    how: Message
    ambiguous: bool = False
    example: str | None = None  # the value that shows the ambiguity or decided it
    row: int | None = None
    plain: bool = False  # every value is just the date (no time) or a plain number: the fast cast reads it
    told: bool = True


AS_GIVEN = Message(N_("as given"))
AMBIGUOUS = Message(N_("ambiguous"))


def raw_ident(column: str) -> str:
    """The quoted name of the raw text column of canonical `column`."""
    return quote_ident(column).replace('"', '"raw_', 1)


def parsed_ident(column: str) -> str:
    """The quoted name of the number parsed from an INTEGER column's text (to tell 2.5 from 'abc')."""
    return quote_ident(column).replace('"', '"num_', 1)


def formats_for(date_format: str) -> list[str]:
    """The strptime formats tried for a column: the date part alone or with a time of day."""
    if "%H" in date_format:
        return [date_format]
    return [date_format + suffix for suffix in TIME_SUFFIXES]


def readable(date_format: str) -> str:
    """%d/%m/%Y -> DD/MM/YYYY, as the page and the summaries say it."""
    return date_format.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD").replace("%H", "hh") \
        .replace("%M", "mm").replace("%S", "ss")


def date_shape(date_format: str) -> str:
    """A regex for text shaped like `date_format` (to tell 31/02/2024 from 'soon')."""
    parts = re.split(r"(%[YmdHMSf])", date_format)
    digits = {"%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}", "%H": r"\d{1,2}", "%M": r"\d{2}", "%S": r"\d{2}"}
    return "".join(digits.get(p, re.escape(p)) for p in parts) + r"([ T][0-9:.,]+)?\s*(Z|[+-]\d{2}(:?\d{2})?)?"


def _source(extract: Extract, mapping: Mapping, column: str) -> str | None:
    src = mapping.source_for(column)
    return src_column(extract.headers.index(src)) if src in extract.headers else None


def _values(src: str) -> str:
    return f"SELECT row_no, trim({src}) AS v FROM raw_stage WHERE nullif(trim({src}), '') IS NOT NULL"


def _shapes(cur: duckdb.DuckDBPyConnection, src: str, width: int | None) -> list[tuple[str, int, int, str]]:
    """(shape, values, first row, its cut value) per shape of the column's values: digits as 9, cut to
    `width` characters (+ when longer). A column has few shapes, so they are judged in Python."""
    cut = f"left(v, {int(width)})" if width else "v"
    longer = f" || CASE WHEN length(v) > {int(width)} THEN '+' ELSE '' END" if width else ""
    return cur.execute(
        f"""
        WITH distinct_values AS (   -- grouping the raw text is fast; trim and translate then run per distinct value
            SELECT {src} AS raw, count(*) AS n, min(row_no) AS first_row FROM raw_stage GROUP BY 1),
        kinds AS (
            SELECT {cut}{longer} AS cut, sum(n) AS n, min(first_row) AS first_row
            FROM (SELECT trim(raw) AS v, n, first_row FROM distinct_values WHERE nullif(trim(raw), '') IS NOT NULL)
            GROUP BY cut)
        SELECT translate(cut, '0123456789', '9999999999') AS shape, sum(n), min(first_row),
               arg_min(cut, first_row)
        FROM kinds GROUP BY shape
        """).fetchall()


def _count(shapes: list[tuple], pattern: str, full: bool = False) -> tuple[int, int | None, str | None]:
    """(values, first row, first value) of the shapes matching `pattern`."""
    match = re.fullmatch if full else re.match
    hits = [s for s in shapes if match(pattern, s[0])]
    if not hits:
        return 0, None, None
    first = min(hits, key=lambda s: s[2])
    return sum(s[1] for s in hits), first[2], first[3]


def _date_choice(cur: duckdb.DuckDBPyConnection, src: str, given: str | None) -> Choice:
    shapes = _shapes(cur, src, 12)
    total = sum(s[1] for s in shapes)
    if total == 0:
        return Choice("%Y-%m-%d", Message(N_("no values")))
    if given:
        fits = one(cur.execute(f"SELECT count(*) FILTER (WHERE regexp_full_match(v, $given)) FROM ({_values(src)})",
                               {"given": date_shape(given)}))[0]
        if fits == total:
            return Choice(given, AS_GIVEN)
    candidates = {**YEAR_FIRST, **{f"?{s}": p for s, p in DAY_MONTH.items()}}
    counts = {name: _count(shapes, p + TAIL)[0] for name, p in candidates.items()}
    shape = max(candidates, key=lambda s: counts[s])  # ties: the earlier shape
    if not shape.startswith("?"):
        return Choice(shape, Message(N_("year first")), plain=all(re.fullmatch(YEAR_FIRST[shape], s[0]) for s in shapes))
    sep = shape[1]
    a_max, b_max, differ, a_ex, a_row, b_ex, b_row, both_ex, both_row = one(cur.execute(
        f"""
        WITH parts AS (     -- the first two numbers of every value shaped like 02/06/2025
            SELECT row_no, v, CAST(regexp_extract(v, $p, 1) AS INTEGER) AS a,
                   CAST(regexp_extract(v, $p, 2) AS INTEGER) AS b
            FROM ({_values(src)}) WHERE regexp_matches(v, $p))
        SELECT max(a), max(b), count(*) FILTER (WHERE a <> b), arg_max(v, a), arg_max(row_no, a),
               arg_max(v, b), arg_max(row_no, b), arg_min(v, row_no) FILTER (WHERE a <> b),
               min(row_no) FILTER (WHERE a <> b)
        FROM parts
        """,
        {"p": DAY_MONTH[sep]},
    ))
    day_first, month_first = f"%d{sep}%m{sep}%Y", f"%m{sep}%d{sep}%Y"
    if a_max > 12 and b_max <= 12:
        return Choice(day_first, Message(N_("day first, decided by {example} (row {row})"), example=a_ex, row=str(a_row)),
                      example=a_ex, row=a_row)
    if b_max > 12 and a_max <= 12:
        return Choice(month_first, Message(N_("month first, decided by {example} (row {row})"), example=b_ex,
                                           row=str(b_row)), example=b_ex, row=b_row)
    if a_max > 12 and b_max > 12:
        return Choice(day_first, Message(N_("day first (the values fit neither order)")))
    if differ == 0:
        return Choice(day_first, Message(N_("day and month are equal in every value")))
    if given in (day_first, month_first):
        return Choice(given, AS_GIVEN)
    return Choice(None, AMBIGUOUS, ambiguous=True, example=both_ex, row=both_row)


def detect_dates(cur: duckdb.DuckDBPyConnection, table: str, extract: Extract, mapping: Mapping) -> dict[str, Choice]:
    """Per mapped DATE/TIMESTAMP column, how its values are read (or that they are ambiguous)."""
    found = {}
    for col in TABLES[table].columns:
        src = _source(extract, mapping, col.name)
        if col.type in ("DATE", "TIMESTAMP") and src is not None:
            found[col.name] = _date_choice(cur, src, mapping.date_format)
    return found


def _despaced(text: str) -> str:
    """SQL: `text` without space or apostrophe thousands separators (1 234,5 -> 1234,5)."""
    return f"CASE WHEN regexp_full_match({text}, $spaced) THEN regexp_replace({text}, $spaces, '', 'g') ELSE {text} END"


PLAIN_NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"


def _number_choice(cur: duckdb.DuckDBPyConnection, src: str, extract: Extract, given: str | None) -> Choice:
    shapes = [(re.sub(f"[{SPACES}]", "", s) if re.fullmatch(SPACED, s) else s, n, row, v)
              for s, n, row, v in _shapes(cur, src, None)]
    plain = all(re.fullmatch(PLAIN_NUMBER, s[0]) for s in shapes)
    if given:
        return Choice(given, AS_GIVEN, plain=plain and given == ".")
    if extract.format != "csv":
        return Choice(".", Message(N_("typed cells")), plain=plain, told=False)
    p_n, p_row, p_ex = _count(shapes, POINT_PROOF, full=True)
    c_n, c_row, c_ex = _count(shapes, COMMA_PROOF, full=True)
    amb_n, amb_row, amb_ex = _count(shapes, f"{ONE_COMMA_GROUP}|{ONE_POINT_GROUP}", full=True)
    comma_groups = _count(shapes, ONE_COMMA_GROUP, full=True)[0]
    if p_n and c_n:
        return Choice(None, Message(N_("mixed: {point} (row {point_row}) has a decimal point, {comma} (row {comma_row}) "
                                       "a decimal comma"), point=p_ex, point_row=str(p_row), comma=c_ex,
                                    comma_row=str(c_row)),
                      ambiguous=True, example=c_ex, row=c_row)
    if p_n:
        return Choice(".", Message(N_("decimal point, shown by {example} (row {row})"), example=p_ex, row=str(p_row)),
                      example=p_ex, row=p_row, plain=plain)
    if c_n:
        return Choice(",", Message(N_("decimal comma, shown by {example} (row {row})"), example=c_ex, row=str(c_row)),
                      example=c_ex, row=c_row)
    if not amb_n:
        return Choice(".", Message(N_("whole numbers")), plain=plain, told=False)
    if extract.delimiter == "," and comma_groups == amb_n:
        return Choice(".", Message(N_("comma as thousands separator ({example}, row {row}): the file is "
                                      "comma-delimited"), example=amb_ex, row=str(amb_row)),
                      example=amb_ex, row=amb_row)
    return Choice(None, AMBIGUOUS, ambiguous=True, example=amb_ex, row=amb_row)


def detect_numbers(cur: duckdb.DuckDBPyConnection, table: str, extract: Extract,
                   mapping: Mapping) -> dict[str, Choice]:
    """Per mapped DOUBLE/INTEGER column, its decimal mark (or that it is ambiguous)."""
    found = {}
    for col in TABLES[table].columns:
        src = _source(extract, mapping, col.name)
        if col.type in ("DOUBLE", "INTEGER") and src is not None:
            found[col.name] = _number_choice(cur, src, extract, mapping.decimal)
    return found


def _value_map(col: Column, mapping: Mapping) -> dict[str, str]:
    known = dict(builtin_values(col.type, col.name))
    known.update({k.strip().lower(): v for k, v in mapping.values.get(col.name, {}).items()})
    return known


def _number_expr(text: str, decimal: str, plain: bool = False) -> str:
    """SQL: the DOUBLE in `text` read with `decimal` as the decimal mark; NULL if it is not such a number.

    `plain`: every value is a plain number (no separators), which a cast reads as it is."""
    if plain:
        number = f"TRY_CAST({text} AS DOUBLE)"
        return f"CASE WHEN isfinite({number}) THEN {number} END"
    t = f"({_despaced(text)})"
    if decimal == ",":
        inner = (f"CASE WHEN regexp_full_match({t}, $point_groups) THEN replace(replace({t}, '.', ''), ',', '.') "
                 f"WHEN regexp_full_match({t}, $comma_plain) THEN replace({t}, ',', '.') END")
    else:
        inner = f"CASE WHEN regexp_full_match({t}, $comma_groups) THEN replace({t}, ',', '') ELSE {t} END"
    number = f"TRY_CAST({inner} AS DOUBLE)"
    return f"CASE WHEN isfinite({number}) THEN {number} END"


def _moment_expr(col: Column, text: str, parts: str, fmt: str, zone: str) -> str:
    """SQL: the DATE or TIMESTAMP in `text` (its TIME_PARTS struct is `parts`), offsets converted to `zone`."""
    base = f"try_strptime(coalesce(nullif({parts}.base, ''), {text}), ${fmt})"
    micros = (f"CASE WHEN {parts}.frac <> '' THEN to_microseconds(CAST(rpad(left({parts}.frac, 6), 6, '0') AS BIGINT)) "
              f"ELSE INTERVAL 0 SECOND END")
    zz = f"replace({parts}.zone, ':', '')"
    offset = (f"CASE WHEN {parts}.zone = 'Z' THEN 0 ELSE (CASE WHEN left({zz}, 1) = '-' THEN -1 ELSE 1 END) * "
              f"(CAST(substr({zz}, 2, 2) AS INTEGER) * 60 + CASE WHEN length({zz}) = 5 "
              f"THEN CAST(substr({zz}, 4, 2) AS INTEGER) ELSE 0 END) END")
    utc = f"({base} + {micros} - to_minutes({offset}))"
    converted = utc if zone == "UTC" else f"timezone($zone, timezone('UTC', {utc}))"
    moment = f"CASE WHEN {parts}.zone = '' THEN {base} + {micros} ELSE {converted} END"
    return f"CAST({moment} AS {col.type})"


def build_typed(cur: duckdb.DuckDBPyConnection, table: str, extract: Extract, mapping: Mapping,
                dates: dict[str, Choice], numbers: dict[str, Choice], time_zone: str = "UTC") -> None:
    """Create TEMP TABLE typed(row_no, raw_C..., C...) from raw_stage for canonical `table`."""
    inner, outer = ["row_no"], ["row_no"]
    params: dict = {"spaced": SPACED, "spaces": f"[{SPACES}]", "comma_groups": COMMA_GROUPS, "point_groups": POINT_GROUPS,
                    "comma_plain": COMMA_PLAIN, "time_parts": TIME_PARTS}
    if time_zone != "UTC":
        params["zone"] = time_zone
    for i, col in enumerate(TABLES[table].columns):
        raw, name = raw_ident(col.name), quote_ident(col.name)
        src = _source(extract, mapping, col.name)
        if src is None:
            inner.append(f"CAST(NULL AS VARCHAR) AS {raw}")
            outer += [raw, f"CAST(NULL AS {col.type}) AS {name}"]
            if col.type == "INTEGER":
                outer.append(f"CAST(NULL AS DOUBLE) AS {parsed_ident(col.name)}")
            continue
        inner.append(f"nullif(trim({src}), '') AS {raw}")
        text = raw
        values = _value_map(col, mapping)
        if values:
            params[f"k{i}"], params[f"v{i}"] = list(values), list(values.values())
            text = f"coalesce(map_extract_value(MAP($k{i}::VARCHAR[], $v{i}::VARCHAR[]), lower({raw})), {raw})"
        outer.append(raw)
        if col.type in ("DATE", "TIMESTAMP") and dates.get(col.name) and dates[col.name].plain:
            params[f"f{i}"] = dates[col.name].value  # dates alone: one format, no time part to split off
            outer.append(f"CAST(try_strptime({text}, $f{i}) AS {col.type}) AS {name}")
        elif col.type in ("DATE", "TIMESTAMP"):
            choice = dates.get(col.name)
            params[f"f{i}"] = formats_for(choice.value if choice and choice.value else "%Y-%m-%d")
            inner.append(f"regexp_extract({raw}, $time_parts, ['base', 'frac', 'zone']) AS \"parts_{i}\"")
            parts = f'"parts_{i}"'
            outer.append(f"{_moment_expr(col, text, parts, f'f{i}', time_zone)} AS {name}")
        elif col.type in ("DOUBLE", "INTEGER"):
            choice = numbers.get(col.name)
            number = _number_expr(text, choice.value if choice and choice.value else ".", bool(choice and choice.plain))
            if col.type == "DOUBLE":
                outer.append(f"{number} AS {name}")
            else:
                outer += [f"CASE WHEN {number} = round({number}) AND abs({number}) < 2147483648 "
                          f"THEN CAST({number} AS INTEGER) END AS {name}", f"{number} AS {parsed_ident(col.name)}"]
        elif col.type == "BOOLEAN":
            outer.append(f"TRY_CAST({text} AS BOOLEAN) AS {name}")
        else:
            outer.append(f"{text} AS {name}")
    sql = f"CREATE TEMP TABLE typed AS SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM raw_stage)"
    cur.execute("DROP TABLE IF EXISTS typed")
    cur.execute(sql, {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)})
