"""The overview's one chart: the customers lost in the window, by what happened before they left."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import not_enough
from charts.theme import finish
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.definitions import enough

LOST_CLASSES = {  # funnel column: (label, a msgid translated where shown; colour)
    "lost_silent": (N_("Left without a complaint on record"), "#7f7f7f"),
    "lost_after_unresolved": (N_("Left after an unresolved complaint"), "#c0504d"),
    "lost_after_resolved": (N_("Left after a resolved complaint"), "#1f4e79"),
}


def lost_title(funnel: pd.Series, lang: str = "en") -> str:
    """'87 % of the 3,906 customers lost left without a complaint on record', or a fallback."""
    _ = translator(lang)
    lost = int(funnel["lost"])
    if not lost:
        return _("No customers were lost in this window")
    if not enough(lost):
        return _.ngettext("{n} customer lost in the window; what share complained first: {reason}",
                          "{n} customers lost in the window; what share complained first: {reason}", lost,
                          ).format(n=fmt.count(lost, lang), reason=not_enough(lost, lang=lang))
    silent = int(funnel["lost_silent"]) / lost
    return _("{share} of the {n} customers lost left without a complaint on record").format(
        share=fmt.percent(silent, lang), n=fmt.count(lost, lang))


def lost_chart(funnel: pd.Series, footnote: str, money: str, lang: str = "en") -> go.Figure:
    """Horizontal bars: lost customers by their complaint history (365 days before leaving).

    `money` is the annual revenue lost, already formatted, for the axis title.
    """
    _ = translator(lang)
    lost = int(funnel["lost"])
    keys = list(LOST_CLASSES)[::-1]  # first class on top
    values = [int(funnel[k]) for k in keys]
    shares = [fmt.percent(v / lost, lang) if lost else "-" for v in values]
    fig = go.Figure(go.Bar(
        y=[_.marked(LOST_CLASSES[k][0]) for k in keys], x=values, orientation="h",
        marker_color=[LOST_CLASSES[k][1] for k in keys], cliponaxis=False,
        text=[_("{n} ({share})").format(n=fmt.number(v, lang), share=share) for v, share in zip(values, shares)],
        textposition="outside",
        textfont=dict(size=18), hovertemplate=_("%{y}: %{x:,} customers") + "<extra></extra>"))
    fig.update_xaxes(title=_("Customers lost in the window (count; annual revenue lost {money})").format(money=money),
                     range=[0, max(values + [1]) * 1.25])
    fig.update_yaxes(title=None, showgrid=False, ticksuffix="  ")
    fig.update_layout(margin=dict(l=320 if lang == "en" else 240), bargap=0.3)
    return finish(fig, lost_title(funnel, lang), footnote, height=420, lang=lang)
