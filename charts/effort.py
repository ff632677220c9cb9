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

from charts.common import pct
from charts.resolution import rate_bars
from charts.theme import BENCHMARK, PALETTE, finish
from metrics.benchmarks import BENCHMARKS
from metrics.definitions import MIN_GROUP_N as MIN_N
from metrics.definitions import enough, not_enough

BAND_LABELS = {"low (1-3)": "Low effort (1-3)", "medium (4-5)": "Medium effort (4-5)",
               "high (6-7)": "High effort (6-7)"}
BAND_COLOURS = {"low (1-3)": PALETTE[2], "medium (4-5)": PALETTE[3], "high (6-7)": PALETTE[1]}
SCORE_BAND = {1: "low (1-3)", 2: "low (1-3)", 3: "low (1-3)", 4: "medium (4-5)", 5: "medium (4-5)",
              6: "high (6-7)", 7: "high (6-7)"}
# (summary column, label, HBR benchmark key)
DRIVERS = [("repeat_contact_rate", "Repeat contacts<br><sub>another contact within 7 days</sub>",
            "effort_repeat_contact"),
           ("channel_switch_rate", "Channel switching<br><sub>share of repeat contacts on another channel</sub>",
            "effort_switch_channel")]


def drivers(summary: Mapping, footnote: str) -> go.Figure:
    """Our repeat-contact and channel-switch rates, with the HBR frequencies as labelled markers."""
    labels = [d[1] for d in DRIVERS]
    values = [summary[d[0]] for d in DRIVERS]
    fig = go.Figure(go.Bar(x=labels, y=[v or 0 for v in values], marker_color=PALETTE[0], width=0.45,
                           text=[pct(v, 1) for v in values], textposition="outside", textfont=dict(size=22),
                           name="Measured", cliponaxis=False))
    bench = [BENCHMARKS[d[2]] for d in DRIVERS]
    fig.add_trace(go.Scatter(
        x=labels, y=[b.value for b in bench], mode="markers+text", name="HBR 2010 (frequency of an effort driver)",
        marker=dict(symbol="line-ew", size=90, color=BENCHMARK, line=dict(width=4)),
        text=[f"HBR 2010: {pct(b.value)} {b.what}" for b in bench], textposition="top center",
        textfont=dict(size=14, color=BENCHMARK)))
    rate, switch = values
    contacts, repeats = summary.get("contacts"), summary.get("repeat_contacts")
    if contacts is not None and not enough(contacts):
        title = "Repeat contacts and channel switching: " + not_enough(contacts, what="contacts")
    else:
        title = f"{pct(rate, 1)} of contacts are followed by another within 7 days"
        title += (f"; {pct(switch)} of those change channel" if repeats is None or enough(repeats)
                  else f"; channel switching: {not_enough(repeats, what='repeat contacts')}")
    fig.update_yaxes(title_text="share (%)", tickformat=".0%", range=[0, 1])
    fig.update_layout(bargap=0.5)
    return finish(fig, title, footnote)


def distribution(dist: pd.DataFrame, footnote: str) -> go.Figure:
    """Answers per effort score 1..7, coloured by band, share and count printed."""
    bands = dist["effort_score"].map(SCORE_BAND)
    fig = go.Figure(go.Bar(
        x=dist["effort_score"], y=dist["share"], marker_color=bands.map(BAND_COLOURS),
        text=[f"{pct(s, 1)}<br>({n:,})" for s, n in zip(dist["share"], dist["responses"])],
        textposition="outside", textfont=dict(size=16), cliponaxis=False))
    share = dist.groupby(bands)["share"].sum()
    answers = int(dist["responses"].sum())
    title = (f"{pct(share.get('low (1-3)', 0))} of customers rate their effort low (1-3); "
             f"{pct(share.get('high (6-7)', 0))} rate it high (6-7)") if enough(answers) else (
        "Effort scores: " + not_enough(answers, what="survey answers"))
    top = float(dist["share"].max() or 0)
    fig.update_xaxes(title_text="effort score (1 = very easy, 7 = very hard)", tickmode="array",
                     tickvals=list(range(1, 8)))
    fig.update_yaxes(title_text="share of survey answers (%)", tickformat=".0%", range=[0, max(top * 1.25, 0.1)])
    return finish(fig, title, footnote)


def retention_title(bands: pd.DataFrame) -> str:
    """'Low-effort customers stayed at 83 %, high-effort ones at 20 %' (bands with n >= 30 only)."""
    b = bands.set_index("band")
    measured = {k: b.at[k, "rate"] for k in BAND_LABELS
                if k in b.index and int(b.at[k, "customers"]) >= MIN_N and b.at[k, "rate"] is not None}
    if "low (1-3)" in measured and "high (6-7)" in measured:
        return (f"Low-effort customers stayed at {pct(measured['low (1-3)'])}, "
                f"high-effort ones at {pct(measured['high (6-7)'])}")
    if measured:
        k, v = next(iter(measured.items()))
        return f"{BAND_LABELS[k]} customers stayed at {pct(v)}"
    return f"Retention by effort band: fewer than {MIN_N} customers per band, too few to compare"


def retention(bands: pd.DataFrame, horizon_days: int, footnote: str) -> go.Figure:
    """Retention per effort band with Wilson 95 % intervals; the HBR low-effort figure marked."""
    low = BENCHMARKS["effort_low_repurchase"]
    name = f"HBR 2010: {pct(low.value)} of low-effort customers intend to repurchase (intent)"
    fig = rate_bars(bands, "band", BAND_LABELS, BAND_COLOURS, title=retention_title(bands), footnote=footnote,
                    y_title=f"Still customers {horizon_days} days later (%)", benchmarks={"low (1-3)": low},
                    benchmark_name=name)
    # rate_bars labels its markers for the TARP study; this one is HBR's
    fig.update_traces(selector=dict(name=name), text=[f"HBR {pct(low.value)}"])
    fig.update_yaxes(range=[0, 1.15])
    return fig
