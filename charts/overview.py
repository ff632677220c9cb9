"""The overview's one chart: the customers lost in the window, by what happened before they left."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import pct
from charts.theme import finish
from metrics.definitions import enough, not_enough

LOST_CLASSES = {  # funnel column: (label, colour)
    "lost_silent": ("Left without a complaint on record", "#7f7f7f"),
    "lost_after_unresolved": ("Left after an unresolved complaint", "#c0504d"),
    "lost_after_resolved": ("Left after a resolved complaint", "#1f4e79"),
}


def lost_title(funnel: pd.Series) -> str:
    """'87 % of the 3,906 customers lost left without a complaint on record', or a fallback."""
    lost = int(funnel["lost"])
    if not lost:
        return "No customers were lost in this window"
    if not enough(lost):
        whom = "customer" if lost == 1 else "customers"
        return f"{lost:,} {whom} lost in the window; what share complained first: {not_enough(lost)}"
    silent = int(funnel["lost_silent"]) / lost
    return f"{pct(silent)} of the {lost:,} customers lost left without a complaint on record"


def lost_chart(funnel: pd.Series, footnote: str, money: str) -> go.Figure:
    """Horizontal bars: lost customers by their complaint history (365 days before leaving).

    `money` is the annual revenue lost, already formatted, for the axis title.
    """
    lost = int(funnel["lost"])
    keys = list(LOST_CLASSES)[::-1]  # first class on top
    values = [int(funnel[k]) for k in keys]
    fig = go.Figure(go.Bar(
        y=[LOST_CLASSES[k][0] for k in keys], x=values, orientation="h",
        marker_color=[LOST_CLASSES[k][1] for k in keys], cliponaxis=False,
        text=[f"{v:,} ({pct(v / lost) if lost else '-'})" for v in values], textposition="outside",
        textfont=dict(size=18), hovertemplate="%{y}: %{x:,} customers<extra></extra>"))
    fig.update_xaxes(title=f"Customers lost in the window (count; annual revenue lost {money})",
                     range=[0, max(values + [1]) * 1.25])
    fig.update_yaxes(title=None, showgrid=False, ticksuffix="  ")
    fig.update_layout(margin=dict(l=320), bargap=0.3)
    return finish(fig, lost_title(funnel), footnote, height=420)
