"""Figures of the lost-customer funnel page: the leaky bucket, new vs lost by month,
churn reasons, the complaint journey and the what-if.

Pure builders: DataFrames (or one row as a mapping) and the footnote text in,
a finished go.Figure out, with a title that states the finding.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts.common import pct
from charts.theme import GREY, PALETTE, finish
from metrics.definitions import enough, not_enough

BLUE, RED, GREEN = PALETTE[0], PALETTE[1], PALETTE[2]
SMALL_TEXT = 13


def money(x: float | None) -> str:
    """Money without a currency symbol, short: 3.67 M, 367 k, 950."""
    if x is None or pd.isna(x):
        return "n/a"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f} M"
    if abs(x) >= 1e4:
        return f"{x / 1e3:,.0f} k"
    return f"{x:,.0f}"


def _count(x: float) -> str:
    """A monthly average: whole numbers from 10 up, one decimal below."""
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def customers(n: int) -> str:
    """'1 customer', '3,906 customers'."""
    return f"{n:,} customer{'s' if n != 1 else ''}"


def leaky_bucket_title(row: Mapping) -> str:
    """'We lost 1,849 customers (10.3 %) worth 1.97 M a year; 88 % of them never complained', each share
    stated only from MIN_GROUP_N customers (active in the window, lost)."""
    lost, base = int(row["lost"]), int(row["start_active"] + row["new"])
    if not lost:
        return "No customers were lost in this window"
    churn = f" ({pct(row['churn_rate'], 1)})" if enough(base) else ""
    title = f"We lost {customers(lost)}{churn} worth {money(row['annual_revenue_lost'])} a year"
    if enough(lost):
        return title + f"; {pct(int(row['lost_silent']) / lost)} of them never complained"
    return title + f"; how many complained first: {not_enough(lost)}"


def leaky_bucket(row: Mapping, footnote: str) -> go.Figure:
    """Waterfall: customers at start, + new, - lost by complaint history, = customers at end."""
    steps = [("Customers<br>at start", "absolute", row["start_active"]),
             ("New<br>customers", "relative", row["new"]),
             ("Lost silently<br>(no complaint)", "relative", -row["lost_silent"]),
             ("Lost after an<br>unresolved<br>complaint", "relative", -row["lost_after_unresolved"]),
             ("Lost after a<br>resolved<br>complaint", "relative", -row["lost_after_resolved"]),
             ("Customers<br>at end", "total", row["end_active"])]
    values = [int(v) for _, _, v in steps]
    text = [f"{v:,}" if m != "relative" else f"{v:+,}".replace("-", "\u2212") for (_, m, _), v in zip(steps, values)]
    fig = go.Figure(go.Waterfall(
        x=[s[0] for s in steps], measure=[s[1] for s in steps], y=values, text=text,
        textposition="outside", textfont=dict(size=16), cliponaxis=False,
        increasing=dict(marker=dict(color=GREEN)), decreasing=dict(marker=dict(color=RED)),
        totals=dict(marker=dict(color=BLUE)), connector=dict(line=dict(color=GREY, width=1))))
    title = leaky_bucket_title(row)
    fig.update_yaxes(title_text="customers", rangemode="tozero")
    fig.update_xaxes(tickangle=0, tickfont=dict(size=14))  # never rotated into the footnote at 1280 px
    fig.update_layout(showlegend=False)
    return finish(fig, title, footnote, axis_px=90)


def new_vs_lost_title(monthly: pd.DataFrame) -> str:
    """The last 3 complete months' average new and lost customers (`complete` flags the months)."""
    full = monthly[monthly["complete"]] if "complete" in monthly else monthly
    recent = full.tail(3)
    if recent.empty:
        return "New and lost customers by month (no complete month in the window yet)"
    new, lost = recent["new"].mean(), recent["lost"].mean()
    months = "complete month" if len(recent) == 1 else f"{len(recent)} complete months"
    trend = "the base is shrinking" if lost > new * 1.1 else (
        "the base is growing" if new > lost * 1.1 else "about as many won as lost")
    return f"Last {months}: {_count(new)} new and {_count(lost)} lost customers a month; {trend}"


def new_vs_lost(monthly: pd.DataFrame, footnote: str) -> go.Figure:
    """New customers above the axis, lost ones below it, one column per month (months cut by the
    window drawn paler and left out of the title's comparison).

    Months far above the rest (typically the first ones, when everyone already a
    customer counts as new) are cut at the top of the axis with their value printed.
    """
    top = max(float(monthly["new"].quantile(0.9)) if len(monthly) else 0, float(monthly["lost"].max() or 0), 1) * 1.4
    cut = monthly["new"] > top
    complete = monthly["complete"] if "complete" in monthly else pd.Series(True, index=monthly.index)
    opacity = [1.0 if c else 0.45 for c in complete]
    fig = go.Figure([
        go.Bar(x=monthly["month"], y=monthly["new"].clip(upper=top), name="new", marker_color=GREEN,
               text=[f"{v:,}" if v and not c else "" for v, c in zip(monthly["new"], cut)],
               texttemplate="%{text}", marker_opacity=opacity),
        go.Bar(x=monthly["month"], y=-monthly["lost"], name="lost", marker_color=RED,
               text=[f"{v:,}" if v else "" for v in monthly["lost"]], texttemplate="%{text}",
               marker_opacity=opacity),
    ])
    fig.update_traces(textposition="outside", textangle=-90, textfont_size=SMALL_TEXT, cliponaxis=False)
    title = new_vs_lost_title(monthly) if len(monthly) else "New and lost customers by month"
    for month, value in zip(monthly.loc[cut, "month"], monthly.loc[cut, "new"]):
        fig.add_annotation(x=month, y=top, text=f"{value:,} ↑", showarrow=False, yanchor="top", yshift=-4,
                           textangle=-90, font=dict(size=SMALL_TEXT, color="white"))
    low = -float(monthly["lost"].max() or 0) * 1.5 if len(monthly) else -1
    fig.update_layout(barmode="relative", bargap=0.15)
    fig.update_yaxes(title_text="customers per month (lost below 0)", tickformat=",", range=[low, top * 1.12])
    fig.update_xaxes(title_text="month", dtick="M3", tickformat="%b %Y")
    return finish(fig, title, footnote)


def churn_reasons(reasons: pd.DataFrame, footnote: str) -> go.Figure:
    """Horizontal bars of the recorded reasons; the unrecorded ones are named in the title."""
    recorded = reasons[reasons["reason"] != "not recorded"].sort_values("customers")
    missing = int(reasons.loc[reasons["reason"] == "not recorded", "customers"].sum())
    total = int(reasons["customers"].sum())
    text = [f"{n:,} · {money(r)}" for n, r in zip(recorded["customers"], recorded["annual_revenue_lost"])]
    fig = go.Figure(go.Bar(x=recorded["customers"], y=recorded["reason"], orientation="h", text=text,
                           textposition="outside", marker_color=BLUE, cliponaxis=False))
    if len(recorded) and not enough(int(recorded["customers"].sum())):
        title = "Recorded reasons for leaving: " + not_enough(int(recorded["customers"].sum()), what="customers")
    elif len(recorded):
        top = recorded.iloc[-1]
        title = f"'{top['reason']}' is the most recorded reason for leaving ({customers(int(top['customers']))})"
    else:
        title = "No reasons for leaving were recorded"
    fig.update_layout(title_subtitle_text=(f"{missing:,} of {total:,} lost customers ({pct(missing / total)}) "
                                           "have no reason recorded and are not drawn") if total else "")
    fig.update_xaxes(title_text="lost customers (label: customers · annual revenue lost)", tickformat=",")
    fig.update_layout(margin=dict(t=110, r=140, l=190))
    return finish(fig, title, footnote)


def journey_title(stages: pd.DataFrame, cohort: int, measured: bool, fast_label: str) -> str:
    """What the journey shows, stated only from the company's own data: the complaining share when the
    silent layer is measured from surveys, the quickly-resolved share when the followed-up cohort has
    MIN_GROUP_N customers."""
    share = stages.set_index("key")["share"]
    parts = []
    if measured and share["complained"] is not None:
        parts.append(f"{pct(share['complained'])} of dissatisfied customers complain")
    if enough(cohort):
        parts.append(f"{pct(share['fast'])} of the {cohort:,} complainers followed up had their complaint "
                     f"resolved within {fast_label}")
    if parts:
        return "; ".join(parts)[0].upper() + "; ".join(parts)[1:]
    return "The complaint journey: " + not_enough(cohort, what="complainers followed up")


def journey(stages: pd.DataFrame, footnote: str, *, cohort: int, measured: bool = True,
            fast_label: str = "24 h") -> go.Figure:
    """The complaint journey as a funnel; estimated stages drawn grey and labelled so.

    `stages` is metrics.whatif.journey_stages() (key, stage, customers, share, estimate, label);
    `cohort` the complainers followed up that the last stages count. Without surveys (`measured` False) the
    complaining share is the benchmark's, so it is not printed as this company's.
    """
    if not measured:  # "31 % of the dissatisfied" would be 1 - the 69 % benchmark
        stages = stages.assign(label=[f"{int(c):,}" if k == "complained" else lab
                                      for k, c, lab in zip(stages["key"], stages["customers"], stages["label"])])
    colors = [GREY if e else BLUE for e in stages["estimate"]]
    names = [f"{s} (estimate)" if e else s for s, e in zip(stages["stage"], stages["estimate"])]
    fig = go.Figure(go.Funnel(y=names, x=stages["customers"], text=stages["label"], textinfo="text",
                              textposition=["inside"] + ["outside"] * (len(stages) - 1),
                              textfont=dict(size=17, color=["white"] + ["#222"] * (len(stages) - 1)),
                              marker=dict(color=colors), connector=dict(fillcolor="#eef2f7")))
    title = journey_title(stages, cohort, measured, fast_label)
    fig.update_yaxes(title_text="")
    fig.update_xaxes(title_text="customers")
    fig.update_layout(margin=dict(l=220))
    return finish(fig, title, footnote)


def whatif(scenario: pd.DataFrame, footnote: str) -> go.Figure:
    """Dissatisfied customers kept today and under the what-if, side by side."""
    labels = [f"Today<br>{pct(p)} complain, {pct(q)} fast" if s == "today"
              else f"What-if<br>{pct(p)} complain, {pct(q)} fast"
              for s, p, q in zip(scenario["scenario"], scenario["complain_share"], scenario["fast_share"])]
    text = [f"{k:,.0f} kept ({pct(share)})" for k, share in zip(scenario["kept"], scenario["kept_share"])]
    fig = go.Figure(go.Bar(x=labels, y=scenario["kept"], text=text, textposition="outside",
                           marker_color=[GREY, GREEN], cliponaxis=False, width=0.5,
                           textfont=dict(size=20)))
    extra = scenario.iloc[1]
    verb = "keep" if extra["extra_customers"] >= 0 else "lose"
    title = (f"This what-if would {verb} {abs(extra['extra_customers']):,.0f} more customers, "
             f"worth {money(abs(extra['extra_revenue']))} a year")
    fig.update_yaxes(title_text="dissatisfied customers kept", tickformat=",", rangemode="tozero")
    return finish(fig, title, footnote)
