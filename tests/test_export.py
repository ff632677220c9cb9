"""The data and image downloads of every chart (charts/export.py).

safe_csv: Excel-friendly encoding (UTF-8 with BOM, Chinese intact), formula
cells neutralised in text columns and headers, numbers left as numbers; a
hypothesis property checks no text cell can start a formula and that the
original text is recoverable. figure_config: the modebar PNG options.
"""
from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from charts.export import figure_config, slug
from data.csvsafe import FORMULA_START, safe_csv

BOM = b"\xef\xbb\xbf"


def read_back(data: bytes) -> list[list[str]]:
    """The cells as a spreadsheet would see them (header row first)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_bom_and_keeps_chinese_text() -> None:
    data = safe_csv(pd.DataFrame({"类别": ["物流", "账单"], "投诉": [3, 4]}))
    assert data.startswith(BOM)
    assert read_back(data) == [["类别", "投诉"], ["物流", "3"], ["账单", "4"]]


def test_formula_cells_are_neutralised() -> None:
    texts = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tlead", "\rlead", "=HYPERLINK(\"x\")", "plain", "a=b"]
    rows = read_back(safe_csv(pd.DataFrame({"text": texts})))[1:]
    assert [r[0] for r in rows] == ["'" + t for t in texts[:7]] + ["plain", "a=b"]


def test_numbers_and_dates_are_not_text() -> None:
    df = pd.DataFrame({"n": [-5, 3], "x": [-1.5, np.nan], "ok": [True, False],
                       "day": pd.to_datetime(["2024-01-31", "2024-02-01"])})
    assert read_back(safe_csv(df)) == [["n", "x", "ok", "day"], ["-5", "-1.5", "True", "2024-01-31"],
                                       ["3", "", "False", "2024-02-01"]]


def test_mixed_categorical_and_header_cells_are_neutralised() -> None:
    df = pd.DataFrame({"=head": pd.Categorical(["-a", "b"]), "mixed": [-1, "=x"], "d": [date(2024, 1, 1), None]})
    assert read_back(safe_csv(df)) == [["'=head", "mixed", "d"], ["'-a", "-1", "2024-01-01"], ["b", "'=x", ""]]


def test_index_is_written_only_when_asked() -> None:
    df = pd.DataFrame({"v": [1]}, index=pd.Index(["=i"], name="tier"))
    assert read_back(safe_csv(df)) == [["v"], ["1"]]
    assert read_back(safe_csv(df, index=True)) == [["tier", "v"], ["'=i", "1"]]


def test_the_input_frame_is_not_modified() -> None:
    df = pd.DataFrame({"t": ["=1"]})
    safe_csv(df)
    assert df["t"].tolist() == ["=1"]


@given(st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_no_text_cell_can_start_a_formula(texts: list[str]) -> None:
    cells = [row[0] for row in read_back(safe_csv(pd.DataFrame({"t": texts})))[1:]]
    assert not any(c.startswith(FORMULA_START) for c in cells)
    recovered = [c[1:] if t.startswith(FORMULA_START) else c for c, t in zip(cells, texts)]
    assert recovered == texts


def test_line_breaks_inside_cells_stay_inside_the_cell() -> None:
    texts = ["a\rb", "c\nd", "e\r\nf"]
    assert [r[0] for r in read_back(safe_csv(pd.DataFrame({"t": texts})))[1:]] == texts


def test_figure_config_downloads_a_named_1600x900_png_at_scale_2() -> None:
    assert figure_config("Retention by resolution speed (%)") == {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": "retention-by-resolution-speed",
                                 "width": 1600, "height": 900, "scale": 2},
    }


def test_slugs_are_file_safe() -> None:
    assert slug("Small vs. large accounts / 2024") == "small-vs-large-accounts-2024"
    assert slug("投诉冰山 (估计)") == "投诉冰山-估计"
    assert slug("  ?!  ") == "chart"
    assert slug("a_b") == "a-b"
    assert len(slug("x" * 500)) == 80
