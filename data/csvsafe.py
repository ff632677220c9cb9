"""The one CSV writer: every CSV the product writes goes through `safe_csv` / `write_csv`.

Page download buttons (ui.slides, views/funnel.py), the upload page's
problems CSV and `python -m metrics report --format csv` all use it, so a
spreadsheet can never execute a cell: a text cell (or column name) starting
with = + - @, a tab or a carriage return gets a leading single quote (the
OWASP "CSV injection" defence). Numeric, boolean and date columns are written
as they are, so a numeric -5 stays -5. The bytes are UTF-8 with a byte-order
mark, so Excel opens Chinese text intact, with CRLF rows (RFC 4180).

Streamlit's own table toolbar download does not go through here, so it is
turned off (`client.disableDataExport` in .streamlit/config.toml).
This module imports nothing of the project, so metrics/, ui/ and views/ can
all use it without an import cycle.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    """The CSV bytes of `df`: UTF-8 with BOM, formulas neutralised, numbers as numbers."""
    frame = df.reset_index() if index else df
    # CRLF rows (RFC 4180) also make the writer quote any cell holding a bare CR.
    return neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write `safe_csv(df)` to `path` (for the command-line tools)."""
    Path(path).write_bytes(safe_csv(df))
