"""Figures of the small-vs-large accounts page: the Pareto curve, service level and
churn per tier, and each tier's share of accounts, revenue and margin.

Pure builders over `metrics.account_tiers` / `metrics.pareto_curve` frames.
Tiers come in revenue order (large before small, D1 = top decile first, or
segments by revenue), so "first" is the richest tier and "last" the poorest.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.common import not_enough
from charts.theme import BENCHMARK, PALETTE, finish
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS
from metrics.definitions import enough, stated_neglect, tier_ratio

TIER_NAMES = {"large": N_("Large accounts"), "small": N_("Small accounts")}
# (column, panel title, unit): the service level and churn panels, side by side
SERVICE = [("median_first_response_hours", N_("First response"), "hours"),
           ("median_resolution_hours", N_("Resolution time"), "hours"),
           ("resolved_share", N_("Resolved"), "share"),
           ("churn_rate", N_("Accounts lost"), "share")]  # panel titles: msgids, translated where shown


NOT_RECORDED = "not recorded"  # the segment of an account without one (ui.content.accounts.tiers)


def tier_name(tier: str, lang: str = "en") -> str:
    """'Large accounts' / 'Small accounts' in `lang`; a decile key or a segment as it is."""
    _ = translator(lang)
    if tier == NOT_RECORDED:
        return _("not recorded")
    return _.marked(TIER_NAMES[tier]) if tier in TIER_NAMES else tier


def tier_colours(tiers: pd.Series) -> list[str]:
    """Blue for the richest tier through red for the poorest (two tiers: blue and red)."""
    n = len(tiers)
    if n <= 2:
        return [PALETTE[0], PALETTE[1]][:n]
    steps = [i / (n - 1) for i in range(n)]
    return [f"rgb({int(31 + s * (192 - 31))},{int(78 + s * (80 - 78))},{int(121 + s * (77 - 121))})" for s in steps]


def _value(v: float | None, unit: str, lang: str = "en") -> str:
    if v is None or pd.isna(v):
        return "-"
    return fmt.hours(v, lang, 1) if unit == "hours" else fmt.percent(v, lang)


def neglect_headline(tiers: pd.DataFrame, lang: str = "en") -> str:
    """'Small accounts wait 3.0x longer for a resolution and leave 1.8x as often as large ones' (last tier
    vs first), each ratio stated only when both tiers have MIN_GROUP_N resolved complaints / accounts."""
    _ = translator(lang)
    if len(tiers) < 2:
        return _("Only one tier has accounts: nothing to compare")
    first, last = tier_name(tiers["tier"].iloc[0], lang), tier_name(tiers["tier"].iloc[-1], lang)
    n = stated_neglect(tiers)
    # i18n: the tier the small accounts are compared with, in "... as often as {first}"
    versus = _.pgettext("compared with", "large ones") if set(tiers["tier"]) == {"large", "small"} else first
    short_wait = n.wait is None and tier_ratio(tiers, "median_resolution_hours") is not None
    values = dict(last=last, first=versus, wait=fmt.number(n.wait, lang, 1), leave=fmt.number(n.leave, lang, 1))
    if n.wait is not None and n.leave is not None:
        text = (_("{last} wait {wait}x longer for a resolution and leave {leave}x as often as {first}")
                if n.wait >= 1 else
                _("{last} wait {wait}x as long for a resolution and leave {leave}x as often as {first}"))
    elif n.wait is not None:
        text = (_("{last} wait {wait}x longer for a resolution as {first}") if n.wait >= 1 else
                _("{last} wait {wait}x as long for a resolution as {first}"))
    elif n.leave is not None:
        text = _("{last} leave {leave}x as often as {first}")
    else:
        text = ""
    waits = not_enough(*n.wait_n, what="resolved complaints", lang=lang)
    if text and short_wait:
        return _("{headline}; resolution times: {reason}").format(headline=text.format(**values), reason=waits)
    if text:
        return text.format(**values)
    lower = first.lower() if lang == "en" else first
    if n.leave is None and tier_ratio(tiers, "churn_rate") is not None:
        return _("{last} vs {first}: {reason}").format(
            last=last, first=lower, reason=not_enough(*n.leave_n, what="accounts", lang=lang))
    if short_wait:
        return _("{last} vs {first}: {reason}").format(last=last, first=lower, reason=waits)
    return _("{last} and {first}: no resolved complaints or losses to compare").format(last=last, first=lower)


def pareto(curve: pd.DataFrame, tiers: pd.DataFrame, large_share: float, footnote: str,
           lang: str = "en") -> go.Figure:
    """Cumulative revenue share by share of accounts (richest first), the large_share line marked."""
    _ = translator(lang)
    t = tiers.set_index("tier")
    accounts = int(t["accounts"].sum())
    large = int(t.at["large", "accounts"]) / accounts if accounts else None
    small_rev = t.at["small", "revenue_share"]
    fig = go.Figure(go.Scatter(x=[0, *curve["account_share"]], y=[0, *curve["revenue_share"]], mode="lines",
                               line=dict(color=PALETTE[0], width=4), name=_("Cumulative revenue"),
                               hovertemplate=_("top %{x:.1%} of accounts: %{y:.1%} of revenue") + "<extra></extra>"))
    fig.add_hline(y=large_share, line=dict(color=BENCHMARK, dash="dash", width=2),
                  annotation=dict(text=_("{share} of revenue").format(share=fmt.percent(large_share, lang)),
                                  font=dict(size=15, color=BENCHMARK)),
                  annotation_position="bottom right")
    if large is not None:
        fig.add_vline(x=large, line=dict(color=PALETTE[1], dash="dot", width=2))
        fig.add_annotation(x=large, y=large_share, showarrow=True,
                           text="<b>{}</b>".format(_("{share} of accounts").format(share=fmt.percent(large, lang))),
                           arrowhead=2, ax=70, ay=60, font=dict(size=16, color=PALETTE[1]), xanchor="left")
    accounts = int(tiers["accounts"].sum())
    if large is None:
        title = _("No account has revenue in this window")
    elif not enough(accounts):
        title = _("Revenue by share of accounts: {reason}").format(
            reason=not_enough(accounts, what="accounts", lang=lang))
    else:
        title = _("{large} of accounts bring {share} of revenue; the other {small} still bring {small_revenue}").format(
            large=fmt.percent(large, lang), share=fmt.percent(large_share, lang), small=fmt.percent(1 - large, lang),
            small_revenue=fmt.percent(small_rev, lang))
    fig.update_xaxes(title_text=_("share of accounts, richest first (%)"), tickformat=".0%", range=[0, 1])
    fig.update_yaxes(title_text=_("cumulative share of revenue (%)"), tickformat=".0%", range=[0, 1.02])
    fig.update_layout(showlegend=False)
    return finish(fig, title, footnote, lang=lang)


def service_and_churn(tiers: pd.DataFrame, footnote: str, x_title: str = "", lang: str = "en") -> go.Figure:
    """Panels side by side: first response, resolution time, share resolved, churn, per tier.

    A panel whose column is missing for every tier (no first responses recorded) is not drawn;
    with many tiers (deciles) the x-axis title is written once, under the first panel.
    """
    _ = translator(lang)
    panels = [p for p in SERVICE if tiers[p[0]].notna().any()] or SERVICE[-1:]
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[_.marked(s[1]) for s in panels],
                        horizontal_spacing=0.09)  # room for each panel's y title beside the previous panel's bars
    names = [tier_name(t, lang).replace(" ", "<br>", 1) for t in tiers["tier"]]
    colours = tier_colours(tiers["tier"])
    many = len(tiers) > 4
    for i, (column, panel_title, unit) in enumerate(panels, start=1):
        values = [None if v is None or pd.isna(v) else float(v) for v in tiers[column]]
        fig.add_trace(go.Bar(x=names, y=[v or 0 for v in values], marker_color=colours, showlegend=False,
                             text=[_value(v, unit, lang) for v in values], textposition="outside", cliponaxis=False,
                             textangle=-90 if many else 0, textfont=dict(size=13 if many else 18),
                             hovertemplate="%{x}: %{text}<extra>" + _.marked(panel_title) + "</extra>"), row=1, col=i)
        top = max([v for v in values if v is not None] + [0.01])
        fig.update_yaxes(row=1, col=i, range=[0, top * 1.3], showticklabels=False, showgrid=False,
                         title_text=_("median hours") if unit == "hours" else
                         # i18n: {percent} is the sign "%" (a placeholder so the msgid is not read as "% o" format)
                         _("{percent} of complaints").format(percent="%") if column == "resolved_share" else
                         _("{percent} of accounts in the window").format(percent="%"))
        fig.update_xaxes(row=1, col=i, tickangle=-90 if many else 0, title_text=(x_title or None) if i == 1 else None)
    fig.update_annotations(font_size=17)
    return finish(fig, neglect_headline(tiers, lang), footnote, lang=lang, **({"axis_px": 120} if many else {}))


def shares(tiers: pd.DataFrame, footnote: str, lang: str = "en") -> go.Figure:
    """Each tier's share of accounts, revenue and (when known) margin, as 100 % bars.

    The small-accounts revenue benchmark (~20 %, the articles) is marked on revenue tiers.
    """
    _ = translator(lang)
    has_margin = tiers["margin_share"].notna().any()
    rows = [_("Accounts"), _("Revenue")] + ([_("Margin")] if has_margin else [])
    total = tiers["accounts"].sum()
    fig = go.Figure()
    for (_i, t), colour in zip(tiers.iterrows(), tier_colours(tiers["tier"])):
        values = [t["accounts"] / total if total else None, t["revenue_share"]] + ([t["margin_share"]] if has_margin else [])
        fig.add_trace(go.Bar(y=rows[::-1], x=[v or 0 for v in values[::-1]], name=tier_name(t["tier"], lang),
                             orientation="h", marker_color=colour, text=[fmt.percent(v, lang) for v in values[::-1]],
                             textposition="inside", insidetextanchor="middle", textfont=dict(size=18, color="white")))
    last = tiers.iloc[-1]
    acc = last["accounts"] / total if total else None
    words = dict(name=tier_name(last["tier"], lang), accounts=fmt.percent(acc, lang),
                 revenue=fmt.percent(last["revenue_share"], lang), margin=fmt.percent(last["margin_share"], lang))
    if not enough(int(total)):
        title = _("Each tier's share of accounts and revenue: {reason}").format(
            reason=not_enough(int(total), what="accounts", lang=lang))
    elif has_margin:
        title = _("{name} are {accounts} of accounts and bring {revenue} of revenue and {margin} of margin"
                  ).format(**words)
    else:
        title = _("{name} are {accounts} of accounts and bring {revenue} of revenue").format(**words)
    if set(tiers["tier"]) == {"large", "small"}:
        bench = BENCHMARKS["small_accounts_revenue"]
        fig.add_shape(type="line", x0=1 - bench.value, x1=1 - bench.value, yref="y", y0=len(rows) - 2 - 0.45,
                      y1=len(rows) - 2 + 0.45, line=dict(color=BENCHMARK, width=3, dash="dash"))
        fig.add_annotation(x=1 - bench.value, y=len(rows) - 2 + 0.45, yanchor="bottom", xanchor="right",
                           showarrow=False, text=_("benchmark: small accounts ~{share} ({rule})").format(
                               share=fmt.percent(bench.value, lang), rule=_.marked(bench.applies_to)),
                           font=dict(size=13, color=BENCHMARK))
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=12, mode="hide"),
                      legend=dict(traceorder="normal"), margin=dict(l=120))
    fig.update_xaxes(title_text=_("share of the total (%)"), tickformat=".0%", range=[0, 1])
    return finish(fig, title, footnote, lang=lang)


def tier_table(tiers: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The tier table as shown: tier names in words, shares and hours as numbers."""
    out = tiers.copy()
    out["tier"] = out["tier"].map(lambda t: tier_name(t, lang))
    return out

