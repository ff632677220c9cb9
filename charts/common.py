"""Small helpers the overview, iceberg and resolution chart builders share.

`pct` writes a share the house way ("85 %"); `finish_fit` is
`charts.theme.finish` with the footnote wrapped and placed in pixels below the
x-axis title, the bottom margin grown to fit it, so no label overlaps at any height.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from charts.theme import finish, house_template

FOOTNOTE_WIDTH = 105   # characters per footnote line: fits a half-width column on the page
LINE_PX = 16           # one footnote line at the template's 12 px font
AXIS_PX = 78           # tick labels and x-axis title under the plot


def pct(x: float | None, digits: int = 0) -> str:
    """0.8539 -> '85 %'; '-' for a missing value."""
    return "-" if x is None or pd.isna(x) else f"{x * 100:.{digits}f} %"


def wrap(footnote: str, width: int = FOOTNOTE_WIDTH) -> str:
    """Wrap each <br>-separated line of a footnote at `width` characters."""
    lines = [part for line in footnote.split("<br>") for part in textwrap.wrap(line, width) or [""]]
    return "<br>".join(lines)


def finish_fit(fig: go.Figure, title: str, footnote: str, *, height: int = 560,
               axis_px: int = AXIS_PX) -> go.Figure:
    """`finish`, with the footnote wrapped, `axis_px` below the plot, and the bottom margin made to fit it.

    The house template is set on the figure itself: importing streamlit makes
    its own template the process default, and a slide must not depend on import order.
    """
    text = wrap(footnote)
    fig.update_layout(template=house_template())
    finish(fig, title, text, height=height)
    lines = text.count("<br>") + 1
    fig.update_layout(margin=dict(b=axis_px + 12 + LINE_PX * lines))
    fig.layout.annotations[-1].update(y=0, yshift=-axis_px)
    return fig
