"""Figures of the customer-effort page: effort drivers against the HBR figures, the
effort-score distribution and retention by effort band.

Pure builders over `metrics.effort_summary`, `effort_distribution` and
`retention_by_effort`. Retention bars reuse `charts.resolution.rate_bars`
(Wilson intervals, grey below n = 30, benchmark markers).
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts.common import not_enough
from charts.resolution import rate_bars, still_customers
from charts.theme import BENCHMARK, PALETTE, finish
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.definitions import MIN_GROUP_N as MIN_N
from metrics.definitions import enough

BAND_LABELS = {"low (1-3)": N_("Low effort (1-3)"), "medium (4-5)": N_("Medium effort (4-5)"),
               "high (6-7)": N_("High effort (6-7)")}  # msgids, translated where shown
BAND_COLOURS = {"low (1-3)": PALETTE[2], "medium (4-5)": PALETTE[3], "high (6-7)": PALETTE[1]}
SCORE_BAND = {1: "low (1-3)", 2: "low (1-3)", 3: "low (1-3)", 4: "medium (4-5)", 5: "medium (4-5)",
              6: "high (6-7)", 7: "high (6-7)"}
# (summary column, label, HBR benchmark key)
DRIVERS = [("repeat_contact_rate", N_("Repeat contacts<br><sub>another contact within 7 days</sub>"),
            "effort_repeat_contact"),
           ("channel_switch_rate", N_("Channel switching<br><sub>share of repeat contacts on another channel</sub>"),
            "effort_switch_channel")]  # labels: msgids, translated where shown


def drivers(summary: Mapping, footnote: str, lang: str = "en") -> go.Figure:
    """Our repeat-contact and channel-switch rates, with the HBR frequencies as labelled markers."""
    _ = translator(lang)
    labels = [_.marked(d[1]) for d in DRIVERS]
    values = [summary[d[0]] for d in DRIVERS]
    fig = go.Figure(go.Bar(x=labels, y=[v or 0 for v in values], marker_color=PALETTE[0], width=0.45,
                           text=[fmt.percent(v, lang, 1) for v in values], textposition="outside",
                           textfont=dict(size=22), name=_("Measured"), cliponaxis=False))
    bench = [BENCHMARKS[d[2]] for d in DRIVERS]
    fig.add_trace(go.Scatter(
        x=labels, y=[b.value for b in bench], mode="markers+text", name=_("HBR 2010 (frequency of an effort driver)"),
        marker=dict(symbol="line-ew", size=90, color=BENCHMARK, line=dict(width=4)),
        text=[_("HBR 2010: {share} {what}").format(share=fmt.percent(b.value, lang), what=_.marked(b.what))
              for b in bench], textposition="top center", textfont=dict(size=14, color=BENCHMARK)))
    rate, switch = values
    contacts, repeats = summary.get("contacts"), summary.get("repeat_contacts")
    values_ = dict(rate=fmt.percent(rate, lang, 1), switch=fmt.percent(switch, lang))
    if contacts is not None and not enough(contacts):
        title = _("Repeat contacts and channel switching: {reason}").format(
            reason=not_enough(contacts, what="contacts", lang=lang))
    elif repeats is None or enough(repeats):
        title = _("{rate} of contacts are followed by another within 7 days; {switch} of those change channel"
                  ).format(**values_)
    else:
        title = _("{rate} of contacts are followed by another within 7 days; channel switching: {reason}").format(
            reason=not_enough(repeats, what="repeat contacts", lang=lang), **values_)
    fig.update_yaxes(title_text=_("share (%)"), tickformat=".0%", range=[0, 1])
    fig.update_layout(bargap=0.5)
    return finish(fig, title, footnote, lang=lang)


def distribution(dist: pd.DataFrame, footnote: str, lang: str = "en") -> go.Figure:
    """Answers per effort score 1..7, coloured by band, share and count printed."""
    _ = translator(lang)
    bands = dist["effort_score"].map(SCORE_BAND)
    fig = go.Figure(go.Bar(
        x=dist["effort_score"], y=dist["share"], marker_color=bands.map(BAND_COLOURS),
        text=[_("{share}<br>({n})").format(share=fmt.percent(s, lang, 1), n=fmt.number(n, lang))
              for s, n in zip(dist["share"], dist["responses"])],
        textposition="outside", textfont=dict(size=16), cliponaxis=False))
    share = dist.groupby(bands)["share"].sum()
    answers = int(dist["responses"].sum())
    if enough(answers):
        title = _("{low} of customers rate their effort low (1-3); {high} rate it high (6-7)").format(
            low=fmt.percent(share.get("low (1-3)", 0), lang), high=fmt.percent(share.get("high (6-7)", 0), lang))
    else:
        title = _("Effort scores: {reason}").format(reason=not_enough(answers, what="survey answers", lang=lang))
    top = float(dist["share"].max() or 0)
    fig.update_xaxes(title_text=_("effort score (1 = very easy, 7 = very hard)"), tickmode="array",
                     tickvals=list(range(1, 8)))
    fig.update_yaxes(title_text=_("share of survey answers (%)"), tickformat=".0%", range=[0, max(top * 1.25, 0.1)])
    return finish(fig, title, footnote, lang=lang)


def retention_title(bands: pd.DataFrame, lang: str = "en") -> str:
    """'Low-effort customers stayed at 83 %, high-effort ones at 20 %' (bands with n >= 30 only)."""
    _ = translator(lang)
    b = bands.set_index("band")
    measured = {k: b.at[k, "rate"] for k in BAND_LABELS
                if k in b.index and int(b.at[k, "customers"]) >= MIN_N and b.at[k, "rate"] is not None}
    if "low (1-3)" in measured and "high (6-7)" in measured:
        return _("Low-effort customers stayed at {low}, high-effort ones at {high}").format(
            low=fmt.percent(measured["low (1-3)"], lang), high=fmt.percent(measured["high (6-7)"], lang))
    if measured:
        k, v = next(iter(measured.items()))
        return _("{band} customers stayed at {share}").format(band=_.marked(BAND_LABELS[k]),
                                                              share=fmt.percent(v, lang))
    return _("Retention by effort band: fewer than {needed} customers per band, too few to compare").format(
        needed=MIN_N)


def retention(bands: pd.DataFrame, horizon_days: int, footnote: str, lang: str = "en") -> go.Figure:
    """Retention per effort band with Wilson 95 % intervals; the HBR low-effort figure marked."""
    _ = translator(lang)
    low = BENCHMARKS["effort_low_repurchase"]
    share = fmt.percent(low.value, lang)
    name = _("HBR 2010: {share} of low-effort customers intend to repurchase (intent)").format(share=share)
    labels = {k: _.marked(v) for k, v in BAND_LABELS.items()}
    fig = rate_bars(bands, "band", labels, BAND_COLOURS, title=retention_title(bands, lang), footnote=footnote,
                    y_title=still_customers(horizon_days, lang), benchmarks={"low (1-3)": low},
                    benchmark_name=name, lang=lang)
    # rate_bars labels its markers for the TARP study; this one is HBR's
    fig.update_traces(selector=dict(name=name), text=[f"HBR {share}"])
    fig.update_yaxes(range=[0, 1.15])
    return fig
