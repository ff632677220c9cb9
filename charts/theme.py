"""The one Plotly house template, deck-ready by default.

`register()` adds the template "house" to plotly.io.templates and makes it the
default; dashboard.py calls it once at start-up. Sizes are chosen so a chart
exported at 1600x900 reads on a slide without hovering.
"""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

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


def register() -> None:
    """Register the house template and make it the default (idempotent)."""
    pio.templates["house"] = house_template()
    pio.templates.default = "house"


def finish(fig: go.Figure, title: str, footnote: str, *, height: int = 560) -> go.Figure:
    """Apply the house layout: a title that states the finding, a footnote under the plot.

    The footnote carries the filters, the as-of date, n and any sources, so a
    screenshot or slide of the chart stands on its own.
    """
    fig.update_layout(title=dict(text=title), height=height)
    fig.add_annotation(text=footnote, xref="paper", yref="paper", x=0, y=-0.2, xanchor="left",
                       yanchor="top", showarrow=False, align="left",
                       font=dict(size=12, color="#666666"))
    return fig
