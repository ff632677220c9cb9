"""Properties of reading: whatever Python's csv module writes (quotes, delimiters and line breaks
inside values, blank lines, CRLF, CJK, any of the encodings) stages back exactly, each record
numbered with the line it starts on; numbers written with either decimal mark read back exactly."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.loading import Mapping
from data.loading.coerce import build_typed, detect_numbers
from data.loading.read import ExtractError, open_extract, stage

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# no lone CR: csv.writer leaves "1\r" unquoted, which no reader can tell from a CR LF line end
TEXT = st.text(alphabet=st.sampled_from(list('ab ,;"\n\t\'Zü客户华东1.-')), min_size=0, max_size=8)


@st.composite
def extracts(draw) -> tuple[list[list[str]], list[bool], str, str, str]:
    width = draw(st.integers(2, 4))
    rows = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width).filter(lambda r: any(v.strip() for v in r)),
                         min_size=1, max_size=6))
    blank_before = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    return rows, blank_before, draw(st.sampled_from([",", ";", "\t"])), draw(st.sampled_from(["\n", "\r\n"])), \
        draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))


@SETTINGS
@given(extracts())
def test_staged_values_and_lines_match_what_was_written(tmp_path: Path, case) -> None:
    rows, blank_before, delimiter, newline, encoding = case
    width = len(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([f"h{i}" for i in range(width)])
    lines, line = [], 2
    for row, blank in zip(rows, blank_before):
        if blank:
            out.write(newline)
            line += 1
        lines.append(line)
        before = out.tell()
        writer.writerow(row)
        line += out.getvalue()[before:].count("\n")  # line breaks inside quoted values count
    if encoding == "gb18030" and out.getvalue().isascii():
        encoding = "utf-8"  # ASCII is UTF-8: the loader rightly calls it that
    path = tmp_path / "x.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    try:
        extract = open_extract(path)
    except ExtractError as e:  # a few legacy bytes can read as GB18030 and as Windows-1252: refused, never guessed
        assert encoding == "gb18030" and e.rule == "encoding not certain", e
        extract = open_extract(path, encoding="gb18030")
    con = duckdb.connect()
    try:
        stage(con, extract)
        staged = con.execute("SELECT * FROM raw_stage ORDER BY row_no").fetchall()
    finally:
        con.close()
        extract.cleanup()
    assert extract.delimiter == delimiter and extract.encoding == encoding
    assert [r[0] for r in staged] == lines
    assert [[v or "" for v in r[1:]] for r in staged] == rows


@SETTINGS
@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=6), st.sampled_from([",", "."]))
def test_numbers_with_either_decimal_mark_read_back_exactly(tmp_path: Path, cents: list[int], decimal: str) -> None:
    group = "." if decimal == "," else ","
    def written(c: int) -> str:
        whole = f"{c // 100:,}".replace(",", group)
        return f"{whole}{decimal}{c % 100:02d}"
    delimiter = ";" if decimal == "," else ","
    body = "".join(f'O{i}{delimiter}"{written(c)}"\n' for i, c in enumerate(cents))
    path = tmp_path / "n.csv"
    path.write_text(f"order_id{delimiter}amount\n{body}", encoding="utf-8")
    extract = open_extract(path)
    con = duckdb.connect()
    mapping = Mapping({"order_id": "order_id", "amount": "amount"})
    stage(con, extract)
    numbers = detect_numbers(con, "orders", extract, mapping)
    build_typed(con, "orders", extract, mapping, {}, numbers)
    got = [r[0] for r in con.execute("SELECT amount FROM typed ORDER BY row_no").fetchall()]
    con.close()
    assert numbers["amount"].value == decimal or all(c % 100 == 0 and c < 100_000 for c in cents)
    assert got == [c / 100 for c in cents]


def test_a_few_legacy_bytes_that_read_two_ways_are_refused(tmp_path: Path) -> None:
    """'üü' in GB18030 is also '¨¹¨¹' in Windows-1252: four bytes decide nothing."""
    path = tmp_path / "x.csv"
    path.write_bytes("customer_id,customer_name\nC1,11üü\n".encode("gb18030"))
    with pytest.raises(ExtractError) as refused:
        open_extract(path)
    assert refused.value.rule == "encoding not certain"
    assert open_extract(path, encoding="gb18030").encoding == "gb18030"
