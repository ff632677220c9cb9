"""The one Plotly house template, deck-ready by default.

`finish()` puts the house template on every figure it completes, so no global
Plotly default is needed. Sizes are chosen so a chart exported at 1600x900
reads on a slide without hovering.
"""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from i18n import text as i18n_text
from i18n.fonts import font_family

PALETTE = ["#1f4e79", "#c0504d", "#2e8b57", "#e69f00", "#6a5acd", "#7f7f7f", "#17becf"]
GREY = "#b0b0b0"
BENCHMARK = "#555555"
FONT = "Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif"


def house_template() -> go.layout.Template:
    return go.layout.Template(layout=go.Layout(
        font=dict(family=FONT, size=16, color="#222222"),
        title=dict(font=dict(size=24), x=0.01, xanchor="left", y=0.96),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=80, r=40, t=90, b=110),
        xaxis=dict(showgrid=False, linecolor="#888", ticks="outside", title=dict(font=dict(size=16))),
        yaxis=dict(gridcolor="#e6e6e6", zeroline=False, linecolor="#888", title=dict(font=dict(size=16))),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0, font=dict(size=14)),
        hoverlabel=dict(font=dict(size=14)),
    ))


FOOTNOTE = "footnote"  # the name of the footnote annotation (a slide draws it as text instead)
TITLE_WIDTH = 66       # characters per title line at 24 px: fits the chart at 1280 px and in a slide
TITLE_LINE_PX = 30
FOOTNOTE_WIDTH = 105   # characters per footnote line: fits a half-width column on the page
LINE_PX = 16           # one footnote line at the template's 12 px font
AXIS_PX = 78           # tick labels and x-axis title under the plot


def wrap_line(line: str, width: int, lang: str = "en") -> list[str]:
    """One line wrapped at `width` columns: at spaces for English, by display width for Chinese
    (a Han character is two columns; never inside a number)."""
    return (textwrap.wrap(line, width) if lang == "en" else i18n_text.wrap(line, width)) or [""]


def wrap(footnote: str, width: int = FOOTNOTE_WIDTH, lang: str = "en") -> str:
    """Wrap each <br>-separated line of a footnote at `width` characters."""
    return "<br>".join(part for line in footnote.split("<br>") for part in wrap_line(line, width, lang))


def without_title_and_footnote(fig: go.Figure) -> go.Figure:
    """A copy of a finished figure without its title and footnote, for a slide that shows both as text."""
    out = go.Figure(fig)
    notes = [a for a in out.layout.annotations if a.name == FOOTNOTE]
    lines = sum(a.text.count("<br>") + 1 for a in notes)
    out.layout.annotations = [a for a in out.layout.annotations if a.name != FOOTNOTE]
    bottom = out.layout.margin.b
    if bottom is not None and notes:
        out.update_layout(margin=dict(b=max(bottom - 12 - LINE_PX * lines, 60)))
    out.update_layout(title=dict(text=""), margin=dict(t=60 if out.layout.title.subtitle.text else 40))
    return out


def finish(fig: go.Figure, title: str, footnote: str, *, height: int = 560,
           axis_px: int = AXIS_PX, lang: str = "en") -> go.Figure:
    """Apply the house layout: a title that states the finding, a footnote under the plot.

    A long title is wrapped onto a second line (the top margin grows). The
    footnote carries the filters, the as-of date, n and any sources, so a
    screenshot or slide of the chart stands on its own. It is wrapped, placed
    `axis_px` below the plot (under the tick labels and axis title) and the
    bottom margin grows to fit it, so no label overlaps at any height. The
    house template is set on the figure itself: importing streamlit makes its
    own template the process default, and a slide must not depend on import order. For Chinese
    (`lang="zh"`) the font list puts a Simplified Chinese face before the generic family and the
    title and footnote wrap by display width.
    """
    text = wrap(footnote, lang=lang)
    lines = text.count("<br>") + 1
    heading = wrap_line(title, TITLE_WIDTH, lang)
    top = max(fig.layout.margin.t or 0, 90) + TITLE_LINE_PX * (len(heading) - 1)
    fig.update_layout(template=house_template(), title=dict(text="<br>".join(heading)), height=height,
                      margin=dict(b=axis_px + 12 + LINE_PX * lines, t=top))
    if lang != "en":
        fig.update_layout(font=dict(family=font_family(FONT, lang)))
    fig.add_annotation(name=FOOTNOTE, text=text, xref="paper", yref="paper", x=0, y=0, yshift=-axis_px, xanchor="left",
                       yanchor="top", showarrow=False, align="left",
                       font=dict(size=12, color="#666666"))
    return fig
