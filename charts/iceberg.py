"""The complaint iceberg, the monthly complaint trend and the complaint mix.

`iceberg_chart` draws the three layers as centred bars (escalated above the
water line, front-line only below it, the estimated silent majority at the
bottom, hatched) with, beside it, each layer's share of the dissatisfied
against the complaint-pyramid benchmark and Goodman's correction.
`trend_direction` decides whether complaints per 1,000 customers are rising.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.common import not_enough, share_range
from charts.theme import BENCHMARK, PALETTE, finish
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.definitions import (
    TREND_MONTHS,
    Trend,
    enough,
    trend_direction,
)

LAYERS = ["escalated", "frontline_only", "silent_estimated"]  # top to bottom
LAYER_Y = {"escalated": 2, "frontline_only": 1, "silent_estimated": 0}
LAYER_LABELS = {"escalated": N_("Escalated to management"), "frontline_only": N_("Told front-line staff only"),
                "silent_estimated": N_("Never complained (estimated)")}  # msgids, translated where shown
TICK_LABELS = {"escalated": N_("Escalated to<br>management"), "frontline_only": N_("Told front-line<br>staff only"),
               "silent_estimated": N_("Never complained<br>(estimated)")}
LAYER_COLOURS = {"escalated": "#1f4e79", "frontline_only": "#4f81bd", "silent_estimated": "#9dc3e6"}
PYRAMID = {"escalated": BENCHMARKS["pyramid_escalated"], "frontline_only": BENCHMARKS["pyramid_frontline"],
           "silent_estimated": BENCHMARKS["pyramid_silent"]}
SEA = "rgba(157,195,230,0.18)"
WATER = 1.5  # y of the water line, between escalated (2) and front-line (1)


def iceberg_title(ice: pd.Series, lang: str = "en") -> str:
    """'For every complaint that reached management, about 10 customers were dissatisfied', stated only
    when the silent layer is measured from surveys and at least MIN_GROUP_N complaints reached management;
    otherwise the counts, with the benchmark named as such."""
    _ = translator(lang)
    complainers, escalated = int(ice["complainers"]), int(ice["escalated"])
    if not complainers:
        return _("No complaints in this window")
    measured = ice["silent_method"] == "survey"
    multiplier = ice["multiplier"]
    if measured and enough(escalated) and multiplier is not None and not pd.isna(multiplier):
        return _("For every complaint that reached management, about {n} customers were dissatisfied").format(
            n=fmt.number(multiplier, lang))
    values = dict(complainers=fmt.count(complainers, lang), escalated=fmt.count(escalated, lang))
    if measured:
        return _("{complainers} customers complained, {escalated} of them to management; about {silent} more "
                 "were dissatisfied and said nothing").format(
            silent=fmt.count(int(ice["silent_estimated"]), lang), **values)
    return _("{complainers} customers complained, {escalated} of them to management; the silent majority is "
             "not measured here (benchmark only)").format(**values)


def method_text(ice: pd.Series, min_survey_n: int, lang: str = "en") -> str:
    """How the silent layer was estimated, in words."""
    _ = translator(lang)
    share = fmt.percent(ice["silent_share"], lang)
    if ice["silent_method"] == "survey":
        return _("Silent share {share} measured from {n} dissatisfied survey answers that say whether they "
                 "complained").format(share=share, n=fmt.number(int(ice["survey_n"]), lang))
    return _("Silent share {share} is the pyramid benchmark: fewer than {needed} dissatisfied survey answers say "
             "whether they complained ({n} found)").format(share=share, needed=min_survey_n, n=int(ice["survey_n"]))


def iceberg_chart(ice: pd.Series, footnote: str, min_survey_n: int, lang: str = "en") -> go.Figure:
    """Iceberg of dissatisfied customers (left) and layer shares against the pyramid benchmark (right)."""
    _ = translator(lang)
    counts = {k: (0 if ice[k] is None or pd.isna(ice[k]) else int(ice[k])) for k in LAYERS}
    total = sum(counts.values())
    fig = make_subplots(rows=1, cols=2, column_widths=[0.6, 0.4], shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=(_("Dissatisfied customers in the window"),
                                        _("Share of them: us vs benchmarks")))
    widest = max(counts.values()) or 1
    fig.add_shape(type="rect", xref="x domain", yref="y", x0=0, x1=1, y0=-0.6, y1=WATER, fillcolor=SEA,
                  line_width=0, layer="below", row=1, col=1)
    for k in LAYERS:
        estimated = k == "silent_estimated"
        n = fmt.number(counts[k], lang)
        label = _("≈ {n} estimated").format(n=n) if estimated else n
        name = _.marked(LAYER_LABELS[k])
        fig.add_trace(go.Bar(
            y=[LAYER_Y[k]], x=[max(counts[k], widest * 0.004)], base=[-counts[k] / 2], orientation="h",
            width=0.8, name=name, showlegend=False, text=[label], textposition="inside",
            insidetextanchor="middle", textfont=dict(size=22, color="#0b2545" if estimated else "white"),
            marker=dict(color=LAYER_COLOURS[k], line=dict(color="#1f4e79", width=2 if estimated else 0),
                        pattern=dict(shape="/", fgcolor="#ffffff", size=14, solidity=0.25) if estimated else None),
            hovertemplate=f"{name}: {label}<extra></extra>"), row=1, col=1)
        if counts[k] < widest * 0.12:  # too narrow for its number: print it beside the bar
            fig.data[-1].update(textposition="outside", textfont=dict(color="#222"))
    fig.add_hline(y=WATER, line=dict(color="#1f4e79", width=2, dash="dash"), row=1, col=1)
    for text, anchor in ((_("water line ▲ seen by management"), "bottom"), (_("▼ not seen"), "top")):
        fig.add_annotation(x=0.01, xref="x domain", y=WATER, yref="y", yanchor=anchor, xanchor="left",
                           text=text, showarrow=False, font=dict(size=14, color="#1f4e79"), row=1, col=1)
    fig.update_xaxes(visible=False, range=[-widest * 0.6, widest * 0.6], row=1, col=1)
    fig.update_yaxes(tickvals=list(LAYER_Y.values()), ticktext=[_.marked(TICK_LABELS[k]) for k in LAYER_Y],
                     range=[-0.6, 2.6], showgrid=False, tickfont=dict(size=16), row=1, col=1)
    _shares(fig, counts, total, ice["silent_method"] == "survey", lang)
    fig.update_layout(barmode="overlay", showlegend=False, margin=dict(l=170, r=150))  # room for the labels
    return finish(fig, iceberg_title(ice, lang), footnote, height=600, lang=lang)


def _shares(fig: go.Figure, counts: dict[str, int], total: int, measured: bool, lang: str) -> None:
    """Right panel, three bars per layer: this company, the pyramid benchmark, Goodman's correction.

    When the silent layer is the benchmark, this company's bars say so instead of 'here'.
    """
    _ = translator(lang)
    ys = [LAYER_Y[k] for k in LAYERS]
    shares = [counts[k] / total if total else None for k in LAYERS]
    here = [_("{share} here").format(share=fmt.percent(v, lang)) if measured else
            (_("benchmark only") if k == "silent_estimated" else
             _("{share} with the benchmark").format(share=fmt.percent(v, lang)))
            for k, v in zip(LAYERS, shares)]
    company = _("This company (estimated)") if measured else _("This company (silent layer = benchmark)")
    lo, hi = BENCHMARKS["goodman_escalated_low"].value, BENCHMARKS["goodman_escalated_high"].value
    half = fmt.percent(BENCHMARKS["goodman_frontline"].value, lang)
    goodman = {"frontline_only": (0.0, BENCHMARKS["goodman_frontline"].value,
                                  _("~{share} Goodman 2005").format(share=half)),
               "escalated": (lo, hi, _("{range} Goodman 2005").format(range=share_range(lo, hi, lang))),  # 1 to 5 %
               "silent_estimated": (0.0, 0.0, _("Goodman 2005: no figure"))}
    bars: list[tuple[str, float, list[float], list, list[str], str, str]] = [  # name, offset, base, end, text, colours
        (company, 0.27, [0.0] * 3, shares, here, PALETTE[0], "#222"),
        (_("Pyramid benchmark (source articles)"), 0.0, [0.0] * 3, [PYRAMID[k].value for k in LAYERS],
         [_("{share} pyramid").format(share=fmt.percent(PYRAMID[k].value, lang)) for k in LAYERS], "#c9c9c9",
         BENCHMARK),
        (_("Goodman 2005 correction"), -0.27, [goodman[k][0] for k in LAYERS], [goodman[k][1] for k in LAYERS],
         [goodman[k][2] for k in LAYERS], "#e8b4b4", "#8b0000"),
    ]
    for name, offset, base, end, text, colour, text_colour in bars:
        fig.add_trace(go.Bar(
            y=[y + offset for y in ys], base=base, x=[(e or 0) - b for b, e in zip(base, end)], orientation="h",
            width=0.25, name=name, marker_color=colour, text=text, textposition="outside",
            textfont=dict(size=16, color=text_colour), cliponaxis=False,
            hovertemplate="%{text}<extra>" + name + "</extra>"), row=1, col=2)
    fig.update_xaxes(title=_("Share of dissatisfied customers (%)"), tickformat=".0%", range=[0, 1.0],
                     row=1, col=2)


def trend_title(t: Trend, lang: str = "en") -> str:
    _ = translator(lang)
    if t.direction == "unknown" and t.complaints is not None:
        return _("Complaints per 1,000 active customers by month: {reason}").format(
            reason=not_enough(*t.complaints, what="complaints", lang=lang))
    if t.direction == "unknown":
        return _("Complaints per 1,000 active customers by month (too few complete months to call a trend)")
    values = dict(recent=fmt.number(t.recent, lang, 1), before=fmt.number(t.before, lang, 1), months=TREND_MONTHS)
    if t.direction == "stable":
        return _("Complaints are roughly stable: {recent} per 1,000 customers a month, against {before} before"
                 ).format(**values)
    if t.direction == "rising":
        return _("Complaints are rising: {recent} per 1,000 customers a month in the last {months} months, "
                 "up from {before}").format(**values)
    return _("Complaints are falling: {recent} per 1,000 customers a month in the last {months} months, "
             "down from {before}").format(**values)


def trend_chart(trend: pd.DataFrame, footnote: str, lang: str = "en") -> go.Figure:
    """Monthly complaints per 1,000 active customers; the two 3-month averages drawn as segments."""
    _ = translator(lang)
    t = trend_direction(trend)
    partial = trend.get("partial", pd.Series(False, index=trend.index))
    fig = go.Figure(go.Scatter(
        x=trend["month"], y=trend["complaints_per_1000"], mode="lines+markers", name=_("Complaints per 1,000"),
        line=dict(color=PALETTE[0], width=3), marker=dict(size=8, color=[("#ffffff" if p else PALETTE[0])
                                                                         for p in partial],
                                                          line=dict(color=PALETTE[0], width=2)),
        customdata=trend[["complaints", "active"]].assign(
            label=[fmt.month(pd.Timestamp(m).date(), lang) for m in trend["month"]]).to_numpy(dtype=object),
        hovertemplate=_("%{customdata[2]}: %{y:.1f} per 1,000 (%{customdata[0]:,} complaints, "
                        "%{customdata[1]:,} active)") + "<extra></extra>", showlegend=False))
    if t.direction != "unknown":
        full = trend[~partial].dropna(subset=["complaints_per_1000"])
        colour = PALETTE[1] if t.direction == "rising" else PALETTE[2] if t.direction == "falling" else BENCHMARK
        for months, mean, label, fill in ((full["month"].iloc[-6:-3], t.before, _("3 mo. before"), "#efefef"),
                                          (full["month"].iloc[-3:], t.recent, _("last 3 mo."), "#fbe3e3")):
            lo = pd.Timestamp(months.iloc[0]) - pd.Timedelta(days=15)
            hi = pd.Timestamp(months.iloc[-1]) + pd.Timedelta(days=15)
            fig.add_vrect(x0=lo, x1=hi, fillcolor=fill, line_width=0, layer="below",
                          annotation=dict(text=f"{label}<br><b>{fmt.number(mean, lang, 1)}</b>", font=dict(size=14, color=colour)),
                          annotation_position="top")
            fig.add_trace(go.Scatter(x=[lo, hi], y=[mean, mean], mode="lines", showlegend=False,
                                     line=dict(color=colour, width=3, dash="dash"), hoverinfo="skip"))
    top = pd.to_numeric(trend["complaints_per_1000"], errors="coerce").max()
    fig.update_yaxes(range=[0, (top if pd.notna(top) and top > 0 else 1) * 1.3])
    fig.update_xaxes(title=_("Month"), dtick="M3", tickformat=fmt.MONTH_TICKFORMAT[lang])
    fig.update_yaxes(title=_("Complaints per 1,000 active customers, per month"))
    return finish(fig, trend_title(t, lang), footnote, height=520, lang=lang)


# The mix chart's sentences, one whole sentence per dimension (a translator never sees "channel" alone).
MIX_TEXT = {
    "channel": {
        "none": N_("No complaints by channel in this window"),
        "few": N_("Complaints by channel: {reason}"),
        "unrecorded": N_("No complaint has a channel recorded"),
        "even": N_("Complaints are spread evenly across channels ({lo} to {hi} each)"),
        "top": N_("{value} brings {share} of complaints, the most of any channel"),
    },
    "category": {
        "none": N_("No complaints by category in this window"),
        "few": N_("Complaints by category: {reason}"),
        "unrecorded": N_("No complaint has a category recorded"),
        "even": N_("Complaints are spread evenly across categories ({lo} to {hi} each)"),
        "top": N_("{value} brings {share} of complaints, the most of any category"),
    },
}
NOT_RECORDED = "not recorded"  # the metric's value for a complaint without the dimension


def mix_title(mix: pd.DataFrame, noun: str, lang: str = "en") -> str:
    """'Phone brings 39 % of complaints', or 'spread evenly' when the top two are within 2 points."""
    _ = translator(lang)
    text = MIX_TEXT[noun]
    total = int(mix["complaints"].sum()) if not mix.empty else 0
    if not total:
        return _.marked(text["none"])
    if not enough(total):
        return _.marked(text["few"]).format(reason=not_enough(total, what="complaints", lang=lang))
    mix = mix[mix["value"] != NOT_RECORDED].reset_index(drop=True)
    if mix.empty:
        return _.marked(text["unrecorded"])
    top = mix.iloc[0]
    if len(mix) > 1 and top["share"] - mix.iloc[1]["share"] < 0.02:
        lo, hi = mix["share"].min(), mix["share"].max()
        return _.marked(text["even"]).format(lo=fmt.percent(lo, lang), hi=fmt.percent(hi, lang))
    value = str(top["value"]).capitalize() if lang == "en" else str(top["value"])  # data: as loaded in zh
    return _.marked(text["top"]).format(value=value, share=fmt.percent(top["share"], lang))


def mix_chart(mix: pd.DataFrame, noun: str, footnote: str, lang: str = "en") -> go.Figure:
    """Horizontal bars of complaints per channel or category, largest on top, count and share printed."""
    _ = translator(lang)
    df = mix.iloc[::-1]
    values = [_("not recorded") if v == NOT_RECORDED else str(v) for v in df["value"]]  # the rest is data
    fig = go.Figure(go.Bar(
        y=values, x=df["complaints"], orientation="h", marker_color=PALETTE[0],
        text=[_("{n} ({share})").format(n=fmt.number(c, lang), share=fmt.percent(s, lang))
              for c, s in zip(df["complaints"], df["share"])], textposition="outside",
        textfont=dict(size=18), cliponaxis=False,
        customdata=df[["escalated"]].to_numpy(),
        hovertemplate=_("%{y}: %{x:,} complaints, %{customdata[0]:,} escalated") + "<extra></extra>"))
    fig.update_xaxes(title=_("Complaints opened in the window (count)"), range=[0, df["complaints"].max() * 1.3 or 1])
    fig.update_yaxes(title=None, showgrid=False, ticksuffix="  ")
    fig.update_layout(margin=dict(l=140))
    return finish(fig, mix_title(mix, noun, lang), footnote, height=440, lang=lang)
