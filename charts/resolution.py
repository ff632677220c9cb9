"""Retention by resolution speed: bars with Wilson intervals and benchmark markers, Kaplan-Meier curves.

`rate_bars` is the one builder for "share retained per group, 95 % interval,
values printed, optional benchmark marker per group"; `groups_chart` and
`buckets_chart` are thin wrappers that name the groups in words and state the
finding in the title. Groups with fewer than MIN_N customers are drawn grey
and say "n < 30". `curves_chart` draws the Kaplan-Meier curves with bands.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.benchmark_notes import hover
from charts.common import not_enough
from charts.theme import BENCHMARK, GREY, finish
from i18n import formats as fmt
from i18n import translator
from metrics.benchmarks import Benchmark
from metrics.definitions import (
    MIN_GROUP_N,
    OUTCOME_GROUPS,
    SPEED_BUCKET_LABELS,
    SPEED_BUCKETS,
    enough,
)

MIN_N = MIN_GROUP_N
GROUPS = list(OUTCOME_GROUPS)
GROUP_COLOURS = {"silent": "#8c564b", "unresolved": "#c0504d", "resolved": "#1f4e79", "fast": "#2e8b57"}
BUCKETS = list(SPEED_BUCKETS)
BUCKET_LABELS = SPEED_BUCKET_LABELS
BUCKET_COLOURS = {"<=1d": "#1b7a43", "1-3d": "#4f8f2f", "3-7d": "#8a8a1f", "7-30d": "#b07a1a",
                  ">30d": "#b85a2a", "unresolved": "#a8322d"}  # fast (green) to never (red)
LABEL_GAP = 0.06  # least vertical gap between the curves' value labels
INSIDE_MIN = 0.12  # bars shorter than this print their value above instead of inside


def bucket_label(bucket: str, lang: str = "en") -> str:
    """'Within 1 day', '1-3 days', ... in `lang`."""
    return translator(lang).marked(BUCKET_LABELS[bucket])


def group_labels(fast_hours: float, lang: str = "en") -> dict[str, str]:
    """The benchmark groups in words, with the current fast threshold."""
    _ = translator(lang)
    h = fmt.hours(fast_hours, lang)
    return {"silent": _("Dissatisfied, never complained"), "unresolved": _("Complained, unresolved"),
            "resolved": _("Resolved (> {hours})").format(hours=h), "fast": _("Resolved within {hours}").format(hours=h)}


def _measured(row: pd.Series) -> bool:
    return int(row["customers"]) > 0 and row["rate"] is not None and not pd.isna(row["rate"])


def rate_bars(df: pd.DataFrame, key: str, labels: Mapping[str, str], colours: Mapping[str, str], *,
              title: str, footnote: str, y_title: str,
              benchmarks: Mapping[str, Benchmark] | None = None, benchmark_name: str = "",
              lang: str = "en") -> go.Figure:
    """Bars of `rate` per `key` value with Wilson 95 % error bars, values printed.

    `df` has columns key, customers, retained, rate, ci_low, ci_high (rate None
    when customers = 0). Bars with customers < MIN_N are grey and labelled
    "n < 30". `benchmarks` maps key values to a Benchmark, drawn as a labelled
    marker just right of its bar (the bars shift left to make room).
    """
    _ = translator(lang)
    rows = df.set_index(key).reindex(list(labels)).reset_index()
    rows["customers"] = rows["customers"].fillna(0).astype(int)
    rows["retained"] = rows["retained"].fillna(0).astype(int)
    measured = [_measured(r) for _, r in rows.iterrows()]
    rate = [float(r["rate"]) if m else None for m, (_, r) in zip(measured, rows.iterrows())]
    small = [n < MIN_N for n in rows["customers"]]
    shift = -0.14 if benchmarks else 0.0
    xs = [i + shift for i in range(len(rows))]
    text = [_("no data") if v is None else
            _("{share}<br>n < {needed}").format(share=fmt.percent(v, lang), needed=MIN_N) if s else fmt.percent(v, lang)
            for v, s in zip(rate, small)]
    fig = go.Figure(go.Bar(
        x=xs, y=[v or 0 for v in rate], width=0.5, name=_("Measured, with {level} interval").format(level=fmt.percent(0.95, lang)), showlegend=False,
        marker=dict(color=[GREY if s else colours[g] for g, s in zip(rows[key], small)]),
        text=[t if v is not None and v >= INSIDE_MIN and not s else "" for t, v, s in zip(text, rate, small)],
        textposition="inside", insidetextanchor="start", textfont=dict(size=22, color="white"),
        error_y=dict(type="data", array=[float(r["ci_high"]) - v if v is not None else None
                                         for v, (_, r) in zip(rate, rows.iterrows())],
                     arrayminus=[v - float(r["ci_low"]) if v is not None else None
                                 for v, (_, r) in zip(rate, rows.iterrows())],
                     color="#333", thickness=2, width=10),
        customdata=rows[["customers", "retained"]].to_numpy(),
        hovertemplate=_("%{customdata[1]:,} of %{customdata[0]:,} retained") + "<extra></extra>",
    ))
    low = [(x, (float(r["ci_high"]) if v is not None else 0) + 0.02, t)
           for x, v, t, s, (_, r) in zip(xs, rate, text, small, rows.iterrows()) if v is None or v < INSIDE_MIN or s]
    if low:  # short or grey bars: print the value above the interval
        fig.add_trace(go.Scatter(x=[p[0] for p in low], y=[p[1] for p in low], text=[p[2] for p in low],
                                 mode="text", textposition="top center", textfont=dict(size=20), cliponaxis=False,
                                 showlegend=False, hoverinfo="skip"))  # a label over a 100 % bar may pass the top
    if benchmarks:
        marks = [(i + 0.3, benchmarks[g]) for i, g in enumerate(rows[key]) if g in benchmarks]
        fig.add_trace(go.Scatter(
            x=[m[0] for m in marks], y=[m[1].value for m in marks], mode="markers+text", name=benchmark_name,
            marker=dict(symbol="line-ew", size=34, color=BENCHMARK, line=dict(width=5, color=BENCHMARK)),
            text=[f"TARP {fmt.percent(b.value, lang)}" for _m, b in marks], textposition="top center",
            textfont=dict(size=16, color=BENCHMARK),
            customdata=[hover(b, lang) for _m, b in marks],  # sentence, source (as published), caveat
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        ))
    ticks = [f"{labels[g]}<br>n = {fmt.number(n, lang)}" for g, n in zip(rows[key], rows["customers"])]
    fig.update_xaxes(title=None, tickvals=xs, ticktext=ticks, ticks="",
                     range=[-0.6, len(rows) - 0.4])
    fig.update_yaxes(title=y_title, range=[0, 1.08], tickformat=".0%")
    fig.update_layout(showlegend=bool(benchmarks))
    return finish(fig, title, footnote, height=640, axis_px=90, lang=lang)


def groups_title(groups: pd.DataFrame, fast_hours: float, horizon_days: int | None = None,
                 lang: str = "en") -> str:
    """The finding of the group chart, e.g. 'Complaints resolved within a day kept 85 % of customers;
    unresolved ones only 28 %', stated only when both groups have MIN_GROUP_N customers."""
    _ = translator(lang)
    g = groups.set_index("group")
    n = {k: int(g.at[k, "customers"]) if k in g.index else 0 for k in ("fast", "unresolved")}
    # i18n: how fast a complaint was resolved; stands in "Complaints resolved {within} kept ..."
    within = _("within a day") if fast_hours == 24 else _("within {hours} h").format(hours=f"{fast_hours:g}")
    if not enough(*n.values()):
        return _("Retention after resolution {within} against unresolved: {reason}").format(
            within=within, reason=not_enough(n["fast"], n["unresolved"], what="customers", lang=lang))
    fast, unres = g.at["fast", "rate"], g.at["unresolved", "rate"]
    values = dict(within=within, fast=fmt.percent(fast, lang), unresolved=fmt.percent(unres, lang),
                  days=fmt.number(horizon_days, lang))
    if horizon_days and unres < fast:
        text = _("Complaints resolved {within} kept {fast} of customers after {days} days; "
                 "unresolved ones only {unresolved}")
    elif horizon_days:
        text = _("Complaints resolved {within} kept {fast} of customers after {days} days; "
                 "unresolved ones {unresolved}")
    elif unres < fast:
        text = _("Complaints resolved {within} kept {fast} of customers; unresolved ones only {unresolved}")
    else:
        text = _("Complaints resolved {within} kept {fast} of customers; unresolved ones {unresolved}")
    return text.format(**values)


def still_customers(horizon_days: int, lang: str) -> str:
    """The y-axis title of the retention bars."""
    _ = translator(lang)
    return _("Still customers {days} days later (%)").format(days=horizon_days)


def groups_chart(groups: pd.DataFrame, fast_hours: float, horizon_days: int, footnote: str,
                 benchmarks: Mapping[str, Benchmark], benchmark_name: str, lang: str = "en") -> go.Figure:
    """Retention per benchmark group (silent, unresolved, resolved, fast) against the benchmark."""
    return rate_bars(groups, "group", group_labels(fast_hours, lang), GROUP_COLOURS,
                     title=groups_title(groups, fast_hours, lang=lang), footnote=footnote,
                     y_title=still_customers(horizon_days, lang),
                     benchmarks=benchmarks, benchmark_name=benchmark_name, lang=lang)


def _phrase(bucket: str, lang: str) -> str:
    """A bucket inside a sentence: 'within 1 day' (lower case in English), '1天内'."""
    label = bucket_label(bucket, lang)
    return label.lower() if lang == "en" else label


def buckets_title(buckets: pd.DataFrame, lang: str = "en") -> str:
    """The finding of the bucket chart: the fastest measured bucket against the unresolved one."""
    _ = translator(lang)
    b = buckets.set_index("bucket")
    measured = [k for k in BUCKETS if k in b.index and _measured(b.loc[k]) and b.at[k, "customers"] >= MIN_N]
    resolved = [k for k in measured if k != "unresolved"]
    if resolved and "unresolved" in measured:
        first = resolved[0]
        return _("Resolved {bucket}: {share} stay; unresolved: {unresolved}").format(
            bucket=_phrase(first, lang), share=fmt.percent(b.at[first, "rate"], lang),
            unresolved=fmt.percent(b.at["unresolved", "rate"], lang))
    if len(resolved) >= 2:
        first, last = resolved[0], resolved[-1]
        return _("Retention goes from {first} ({first_bucket}) to {last} ({last_bucket})").format(
            first=fmt.percent(b.at[first, "rate"], lang), first_bucket=_phrase(first, lang),
            last=fmt.percent(b.at[last, "rate"], lang), last_bucket=_phrase(last, lang))
    return _("Retention by time to resolution (too few complaints per bucket to compare)")


def buckets_chart(buckets: pd.DataFrame, horizon_days: int, footnote: str, lang: str = "en") -> go.Figure:
    """Retention per resolution-speed bucket, with 95 % intervals."""
    _ = translator(lang)
    labels = {k: bucket_label(k, lang) for k in BUCKETS}
    fig = rate_bars(buckets, "bucket", labels, BUCKET_COLOURS, title=buckets_title(buckets, lang),
                    footnote=footnote, y_title=still_customers(horizon_days, lang), lang=lang)
    fig.update_xaxes(title=_("Time from complaint to resolution"))
    return fig


def survival_at(curves: pd.DataFrame, day: int) -> dict[str, float]:
    """Kaplan-Meier survival per group on `day` (the last step at or before it)."""
    upto = curves[curves["day"] <= day]
    return {g: float(c["survival"].iloc[-1]) for g, c in upto.groupby("group", sort=False)}


def curve_sizes(curves: pd.DataFrame) -> dict[str, int]:
    """Customers per curve (those at risk on its first row, day 0)."""
    return {g: int(c["at_risk"].iloc[0]) for g, c in curves.groupby("group", sort=False)}


def spread(values: dict[str, float], gap: float = LABEL_GAP) -> dict[str, float]:
    """Label heights for `values`, pushed apart downwards so no two are closer than `gap`."""
    out: dict[str, float] = {}
    for key, value in sorted(values.items(), key=lambda kv: -kv[1]):
        out[key] = min(value, min(out.values(), default=value + gap) - gap)
    return out


def curves_title(curves: pd.DataFrame, horizon_days: int, lang: str = "en") -> str:
    """The finding of the curves: share still customers at the horizon, fastest vs unresolved."""
    _ = translator(lang)
    at = survival_at(curves, horizon_days)
    n = curve_sizes(curves)
    fast = next((b for b in BUCKETS[:-1] if b in at and n.get(b, 0) >= MIN_N), None)
    if fast and "unresolved" in at and n.get("unresolved", 0) >= MIN_N:
        values = dict(fast=fmt.percent(at[fast], lang), bucket=_phrase(fast, lang),
                      unresolved=fmt.percent(at["unresolved"], lang), days=horizon_days)
        if horizon_days == 365:
            return _("After a year, {fast} of customers resolved {bucket} remain; {unresolved} of the unresolved"
                     ).format(**values)
        return _("After {days} days, {fast} of customers resolved {bucket} remain; {unresolved} of the "
                 "unresolved").format(**values)
    return _("Share still customers after the first complaint, by time to resolution")


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def curves_chart(curves: pd.DataFrame, horizon_days: int, footnote: str,
                 order: Sequence[str] = BUCKETS, lang: str = "en") -> go.Figure:
    """Kaplan-Meier curves per speed bucket with Greenwood 95 % bands, the horizon marked."""
    _ = translator(lang)
    fig = go.Figure()
    sizes = curve_sizes(curves)
    at = survival_at(curves, horizon_days)
    label_y = spread({b: v for b, v in at.items() if sizes.get(b, 0) >= MIN_N})
    for bucket in order:
        c = curves[curves["group"] == bucket]
        if c.empty:
            continue
        n = sizes[bucket]
        colour = BUCKET_COLOURS[bucket] if n >= MIN_N else GREY
        label = bucket_label(bucket, lang)
        name = (_("{bucket} (n = {n}, n < {needed})") if n < MIN_N else _("{bucket} (n = {n})")).format(
            bucket=label, n=fmt.number(n, lang), needed=MIN_N)
        if n >= MIN_N:
            fig.add_trace(go.Scatter(
                x=[*c["day"], *c["day"][::-1]], y=[*c["ci_high"], *c["ci_low"][::-1]], fill="toself",
                fillcolor=_rgba(colour, 0.13), line=dict(width=0, shape="hv"), hoverinfo="skip",
                showlegend=False, legendgroup=bucket))
        fig.add_trace(go.Scatter(
            x=c["day"], y=c["survival"], name=name, legendgroup=bucket, mode="lines",
            line=dict(color=colour, width=3 if n >= MIN_N else 2, shape="hv", dash="solid" if n >= MIN_N else "dot"),
            hovertemplate=_("day %{x}: %{y:.0%} still customers") + "<extra>" + label + "</extra>"))
        if bucket in label_y:
            fig.add_annotation(x=horizon_days, y=label_y[bucket], text=f"<b>{fmt.percent(at[bucket], lang)}</b>",
                               showarrow=False, xanchor="left", xshift=6, bgcolor="rgba(255,255,255,0.85)",
                               font=dict(size=16, color=colour))
    fig.add_vline(x=horizon_days, line=dict(color=BENCHMARK, dash="dot", width=2),
                  annotation=dict(text=fmt.days(horizon_days, lang), font=dict(size=14, color=BENCHMARK)),
                  annotation_position="top left")
    fig.update_xaxes(title=_("Days since the first complaint"))
    fig.update_yaxes(title=_("Still customers (%)"), tickformat=".0%", range=[0, 1.03])
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1.0, xanchor="left", x=1.01,
                                  title=dict(text=_("Time to resolution"))), margin=dict(r=300))
    return finish(fig, curves_title(curves, horizon_days, lang), footnote, lang=lang)
