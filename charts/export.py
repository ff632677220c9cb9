"""What a chart hands to the user besides itself: its data as CSV and its PNG download options.

`safe_csv` writes the numbers behind a chart as a CSV that Excel opens with
Chinese text intact (UTF-8 with a byte-order mark) and that a spreadsheet can
never execute: a text cell starting with = + - @ (or a tab or carriage return)
gets a leading single quote (the OWASP "CSV injection" defence). Numeric
columns are written as numbers, so -5 stays -5.

`figure_config` is the `config` for st.plotly_chart: the modebar's camera
button downloads a 1600x900 PNG, named after the chart.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PNG_WIDTH, PNG_HEIGHT, PNG_SCALE = 1600, 900, 1  # the README's 1600x900 pixels


def neutralise(value: Any) -> Any:
    """Prefix a text value that a spreadsheet would read as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or pd.api.types.is_datetime64_any_dtype(column))


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell and column name neutralised; numbers untouched."""
    out = df.copy()
    for name in out.columns:
        if _is_text(out[name]):
            out[name] = out[name].astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def safe_csv(df: pd.DataFrame, *, index: bool = False) -> bytes:
    """The CSV bytes for a "Download data (CSV)" button: UTF-8 with BOM, formulas neutralised."""
    frame = df.reset_index() if index else df
    # CRLF rows (RFC 4180) also make the writer quote any cell holding a bare CR.
    return neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def slug(name: str, *, fallback: str = "chart", max_length: int = 80) -> str:
    """A file-name stem for `name`: lower case, words joined by '-', letters of any script kept."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[^\w]+|_+", "-", text).strip("-")[:max_length].strip("-")
    return text or fallback


def figure_config(name: str) -> dict[str, Any]:
    """The st.plotly_chart config: PNG download at 1600x900 pixels, named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": slug(name),
            "width": PNG_WIDTH,
            "height": PNG_HEIGHT,
            "scale": PNG_SCALE,
        },
    }
