"""Small helpers the chart builders share: `pct` writes a share the house way ("85 %")."""
from __future__ import annotations

import pandas as pd


def pct(x: float | None, digits: int = 0) -> str:
    """0.8539 -> '85 %'; '-' for a missing value."""
    return "-" if x is None or pd.isna(x) else f"{x * 100:.{digits}f} %"
