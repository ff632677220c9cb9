"""Figures of the lost-customer funnel page: the leaky bucket, new vs lost by month,
churn reasons, the complaint journey and the what-if.

Pure builders: DataFrames (or one row as a mapping) and the footnote text in,
a finished go.Figure out, with a title that states the finding, in `lang`.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts.common import not_enough
from charts.theme import GREY, PALETTE, finish
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.definitions import enough

BLUE, RED, GREEN = PALETTE[0], PALETTE[1], PALETTE[2]
SMALL_TEXT = 13
NOT_RECORDED = "not recorded"  # the metric's reason for a lost customer without one
# The waterfall's steps and the journey's stages: msgids, translated where shown.
STEPS = {"start": N_("Customers<br>at start"), "new": N_("New<br>customers"),
         "silent": N_("Lost silently<br>(no complaint)"), "unresolved": N_("Lost after an<br>unresolved<br>complaint"),
         "resolved": N_("Lost after a<br>resolved<br>complaint"), "end": N_("Customers<br>at end")}
STAGES = {"dissatisfied": N_("Dissatisfied"), "complained": N_("Complained"), "resolved": N_("Resolved"),
          "fast": N_("Resolved quickly"), "retained": N_("Retained")}


def money(x: float | None, lang: str = "en") -> str:
    """Money without a currency symbol, short: 3.67 M, 367 k, 950 (zh: 367.2万)."""
    return fmt.money(x, lang, short=True)


def _count(x: float, lang: str = "en") -> str:
    """A monthly average: whole numbers from 10 up, one decimal below."""
    return fmt.number(x, lang, 0 if x >= 10 else 1)


def customers(n: int, lang: str = "en") -> str:
    """'1 customer', '3,906 customers' (zh: '3,906名客户')."""
    return translator(lang).ngettext("{n} customer", "{n} customers", n).format(n=fmt.number(n, lang))


def leaky_bucket_title(row: Mapping, lang: str = "en") -> str:
    """'We lost 1,849 customers (10.3 %) worth 1.97 M a year; 88 % of them never complained', each share
    stated only from MIN_GROUP_N customers (active in the window, lost)."""
    _ = translator(lang)
    lost, base = int(row["lost"]), int(row["start_active"] + row["new"])
    if not lost:
        return _("No customers were lost in this window")
    values = dict(n=fmt.number(lost, lang), churn=fmt.percent(row["churn_rate"], lang, 1),
                  money=money(row["annual_revenue_lost"], lang))
    if enough(lost):
        share = fmt.percent(int(row["lost_silent"]) / lost, lang)
        return (_("We lost {n} customers ({churn}) worth {money} a year; {share} of them never complained")
                if enough(base) else
                _("We lost {n} customers worth {money} a year; {share} of them never complained")).format(
            share=share, **values)
    reason = not_enough(lost, lang=lang)
    if enough(base):
        return _.ngettext("We lost {n} customer ({churn}) worth {money} a year; how many complained first: {reason}",
                          "We lost {n} customers ({churn}) worth {money} a year; how many complained first: "
                          "{reason}", lost).format(reason=reason, **values)
    return _.ngettext("We lost {n} customer worth {money} a year; how many complained first: {reason}",
                      "We lost {n} customers worth {money} a year; how many complained first: {reason}", lost,
                      ).format(reason=reason, **values)


def leaky_bucket(row: Mapping, footnote: str, lang: str = "en") -> go.Figure:
    """Waterfall: customers at start, + new, - lost by complaint history, = customers at end."""
    _ = translator(lang)
    steps = [("start", "absolute", row["start_active"]),
             ("new", "relative", row["new"]),
             ("silent", "relative", -row["lost_silent"]),
             ("unresolved", "relative", -row["lost_after_unresolved"]),
             ("resolved", "relative", -row["lost_after_resolved"]),
             ("end", "total", row["end_active"])]
    values = [int(v) for _k, _m, v in steps]
    text = [f"{v:,}" if m != "relative" else f"{v:+,}".replace("-", "\u2212") for (_k, m, _v), v in zip(steps, values)]
    fig = go.Figure(go.Waterfall(
        x=[_.marked(STEPS[s[0]]) for s in steps], measure=[s[1] for s in steps], y=values, text=text,
        textposition="outside", textfont=dict(size=16), cliponaxis=False,
        increasing=dict(marker=dict(color=GREEN)), decreasing=dict(marker=dict(color=RED)),
        totals=dict(marker=dict(color=BLUE)), connector=dict(line=dict(color=GREY, width=1))))
    title = leaky_bucket_title(row, lang)
    fig.update_yaxes(title_text=_("customers"), rangemode="tozero", tickformat=",")  # 18,000, not 18k (no k in Chinese)
    fig.update_xaxes(tickangle=0, tickfont=dict(size=14))  # never rotated into the footnote at 1280 px
    fig.update_layout(showlegend=False)
    return finish(fig, title, footnote, axis_px=90, lang=lang)


def new_vs_lost_title(monthly: pd.DataFrame, lang: str = "en") -> str:
    """The last 3 complete months' average new and lost customers (`complete` flags the months)."""
    _ = translator(lang)
    full = monthly[monthly["complete"]] if "complete" in monthly else monthly
    recent = full.tail(3)
    if recent.empty:
        return _("New and lost customers by month (no complete month in the window yet)")
    new, lost = recent["new"].mean(), recent["lost"].mean()
    months = _.ngettext("complete month", "{n} complete months", len(recent)).format(n=len(recent))
    # i18n: {trend} is one of the three clauses below
    trend = _("the base is shrinking") if lost > new * 1.1 else (
        _("the base is growing") if new > lost * 1.1 else _("about as many won as lost"))
    return _("Last {months}: {new} new and {lost} lost customers a month; {trend}").format(
        months=months, new=_count(new, lang), lost=_count(lost, lang), trend=trend)


def new_vs_lost(monthly: pd.DataFrame, footnote: str, lang: str = "en") -> go.Figure:
    """New customers above the axis, lost ones below it, one column per month (months cut by the
    window drawn paler and left out of the title's comparison).

    Months far above the rest (typically the first ones, when everyone already a
    customer counts as new) are cut at the top of the axis with their value printed.
    """
    _ = translator(lang)
    top = max(float(monthly["new"].quantile(0.9)) if len(monthly) else 0, float(monthly["lost"].max() or 0), 1) * 1.4
    cut = monthly["new"] > top
    complete = monthly["complete"] if "complete" in monthly else pd.Series(True, index=monthly.index)
    opacity = [1.0 if c else 0.45 for c in complete]
    fig = go.Figure([
        go.Bar(x=monthly["month"], y=monthly["new"].clip(upper=top), name=_.pgettext("customers", "new"),
               marker_color=GREEN, text=[f"{v:,}" if v and not c else "" for v, c in zip(monthly["new"], cut)],
               texttemplate="%{text}", marker_opacity=opacity),
        go.Bar(x=monthly["month"], y=-monthly["lost"], name=_.pgettext("customers", "lost"), marker_color=RED,
               text=[f"{v:,}" if v else "" for v in monthly["lost"]], texttemplate="%{text}",
               marker_opacity=opacity),
    ])
    fig.update_traces(textposition="outside", textangle=-90, textfont_size=SMALL_TEXT, cliponaxis=False)
    title = new_vs_lost_title(monthly, lang) if len(monthly) else _("New and lost customers by month")
    for month, value in zip(monthly.loc[cut, "month"], monthly.loc[cut, "new"]):
        fig.add_annotation(x=month, y=top, text=f"{value:,} ↑", showarrow=False, yanchor="top", yshift=-4,
                           textangle=-90, font=dict(size=SMALL_TEXT, color="white"))
    low = -float(monthly["lost"].max() or 0) * 1.5 if len(monthly) else -1
    fig.update_layout(barmode="relative", bargap=0.15)
    fig.update_yaxes(title_text=_("customers per month (lost below 0)"), tickformat=",", range=[low, top * 1.12])
    fig.update_xaxes(title_text=_("month"), dtick="M3", tickformat=fmt.MONTH_TICKFORMAT[lang])
    return finish(fig, title, footnote, lang=lang)


def churn_reasons(reasons: pd.DataFrame, footnote: str, lang: str = "en") -> go.Figure:
    """Horizontal bars of the recorded reasons; the unrecorded ones are named in the title."""
    _ = translator(lang)
    recorded = reasons[reasons["reason"] != NOT_RECORDED].sort_values("customers")
    missing = int(reasons.loc[reasons["reason"] == NOT_RECORDED, "customers"].sum())
    total = int(reasons["customers"].sum())
    text = [f"{fmt.number(n, lang)} · {money(r, lang)}"
            for n, r in zip(recorded["customers"], recorded["annual_revenue_lost"])]
    fig = go.Figure(go.Bar(x=recorded["customers"], y=recorded["reason"], orientation="h", text=text,
                           textposition="outside", marker_color=BLUE, cliponaxis=False))
    if len(recorded) and not enough(int(recorded["customers"].sum())):
        title = _("Recorded reasons for leaving: {reason}").format(
            reason=not_enough(int(recorded["customers"].sum()), what="customers", lang=lang))
    elif len(recorded):
        top = recorded.iloc[-1]
        title = _("'{reason}' is the most recorded reason for leaving ({customers})").format(
            reason=top["reason"], customers=customers(int(top["customers"]), lang))
    else:
        title = _("No reasons for leaving were recorded")
    subtitle = _("{missing} of {total} lost customers ({share}) have no reason recorded and are not drawn").format(
        missing=fmt.number(missing, lang), total=fmt.number(total, lang),
        share=fmt.percent(missing / total, lang)) if total else ""
    fig.update_layout(title_subtitle_text=subtitle)
    fig.update_xaxes(title_text=_("lost customers (label: customers · annual revenue lost)"), tickformat=",")
    fig.update_layout(margin=dict(t=110, r=140, l=190))
    return finish(fig, title, footnote, lang=lang)


def journey_title(stages: pd.DataFrame, cohort: int, measured: bool, fast_label: str, lang: str = "en") -> str:
    """What the journey shows, stated only from the company's own data: the complaining share when the
    silent layer is measured from surveys, the quickly-resolved share when the followed-up cohort has
    MIN_GROUP_N customers."""
    _ = translator(lang)
    share = stages.set_index("key")["share"]
    complained = measured and share["complained"] is not None
    values = dict(complained=fmt.percent(share["complained"], lang) if complained else "",
                  fast=fmt.percent(share["fast"], lang), n=fmt.number(cohort, lang), within=fast_label)
    if complained and enough(cohort):
        return _("{complained} of dissatisfied customers complain; {fast} of the {n} complainers followed up had "
                 "their complaint resolved within {within}").format(**values)
    if complained:
        return _("{complained} of dissatisfied customers complain").format(**values)
    if enough(cohort):
        return _("{fast} of the {n} complainers followed up had their complaint resolved within {within}").format(
            **values)
    return _("The complaint journey: {reason}").format(
        reason=not_enough(cohort, what="complainers followed up", lang=lang))


def stage_labels(stages: pd.DataFrame, cohort: int, lang: str = "en") -> list[str]:
    """The text on each journey bar: '~12,345 (estimated)', '1,234 (31 % of the dissatisfied)', ..."""
    _ = translator(lang)
    out = []
    for key, count, share in zip(stages["key"], stages["customers"], stages["share"]):
        if key == "dissatisfied":
            out.append(fmt.number(None, lang) if count is None else
                       _("~{n} (estimated)").format(n=fmt.number(int(count), lang)))
            continue
        values = dict(n=fmt.number(int(count), lang), share=fmt.percent(share, lang), cohort=fmt.number(cohort, lang))
        if share is None or pd.isna(share):
            out.append(values["n"])
        elif key == "complained":
            out.append(_("{n} ({share} of the dissatisfied)").format(**values))
        elif key == "resolved":
            out.append(_("{n} ({share} of the {cohort} complainers followed up)").format(**values))
        else:
            out.append(_("{n} ({share} of those followed up)").format(**values))
    return out


def journey(stages: pd.DataFrame, footnote: str, *, cohort: int, measured: bool = True,
            fast_label: str = "24 h", lang: str = "en") -> go.Figure:
    """The complaint journey as a funnel; estimated stages drawn grey and labelled so.

    `stages` is metrics.whatif.journey_stages() (key, stage, customers, share, estimate, label);
    `cohort` the complainers followed up that the last stages count. Without surveys (`measured` False) the
    complaining share is the benchmark's, so it is not printed as this company's.
    """
    _ = translator(lang)
    labels = stage_labels(stages, cohort, lang)
    if not measured:  # "31 % of the dissatisfied" would be 1 - the 69 % benchmark
        labels = [fmt.number(int(c), lang) if k == "complained" else lab
                  for k, c, lab in zip(stages["key"], stages["customers"], labels)]
    colors = [GREY if e else BLUE for e in stages["estimate"]]
    names = [_("{stage} (estimate)").format(stage=_.marked(STAGES[k])) if e else _.marked(STAGES[k])
             for k, e in zip(stages["key"], stages["estimate"])]
    fig = go.Figure(go.Funnel(y=names, x=stages["customers"], text=labels, textinfo="text",
                              textposition=["inside"] + ["outside"] * (len(stages) - 1),
                              textfont=dict(size=17, color=["white"] + ["#222"] * (len(stages) - 1)),
                              marker=dict(color=colors), connector=dict(fillcolor="#eef2f7")))
    title = journey_title(stages, cohort, measured, fast_label, lang)
    fig.update_yaxes(title_text="")
    fig.update_xaxes(title_text=_("customers"))
    fig.update_layout(margin=dict(l=220))
    return finish(fig, title, footnote, lang=lang)


def whatif(scenario: pd.DataFrame, footnote: str, lang: str = "en") -> go.Figure:
    """Dissatisfied customers kept today and under the what-if, side by side."""
    _ = translator(lang)
    labels = [(_("Today<br>{complain} complain, {fast} fast") if s == "today" else
               _("What-if<br>{complain} complain, {fast} fast")).format(complain=fmt.percent(p, lang),
                                                                       fast=fmt.percent(q, lang))
              for s, p, q in zip(scenario["scenario"], scenario["complain_share"], scenario["fast_share"])]
    text = [_("{n} kept ({share})").format(n=fmt.number(k, lang), share=fmt.percent(share, lang))
            for k, share in zip(scenario["kept"], scenario["kept_share"])]
    fig = go.Figure(go.Bar(x=labels, y=scenario["kept"], text=text, textposition="outside",
                           marker_color=[GREY, GREEN], cliponaxis=False, width=0.5,
                           textfont=dict(size=20)))
    extra = scenario.iloc[1]
    values = dict(n=fmt.number(abs(extra["extra_customers"]), lang), money=money(abs(extra["extra_revenue"]), lang))
    title = (_("This what-if would keep {n} more customers, worth {money} a year") if extra["extra_customers"] >= 0
             else _("This what-if would lose {n} more customers, worth {money} a year")).format(**values)
    fig.update_yaxes(title_text=_("dissatisfied customers kept"), tickformat=",", rangemode="tozero")
    return finish(fig, title, footnote, lang=lang)
