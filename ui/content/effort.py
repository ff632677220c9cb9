"""Charts of the /effort view: effort drivers (repeat contacts, channel switching) against
the HBR figures, the effort-score distribution and retention by effort band.

`build(fetch, filters, params)` works without widgets (the all-pages deck calls it).
Contacts enable the drivers, surveys with an effort_score the other two; a
missing upload hides only its charts, with a note from `notes()`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

import charts.effort as ce
from charts.chart import Chart
from charts.common import pct
from charts.resolution import MIN_N
from metrics.benchmarks import BENCHMARKS, HBR
from metrics.params import Filters, Params
from ui.content import Fetch, footnote
from ui.content.resolution import HORIZON_DAYS, longest_follow_up

CONTACTS_NOTE = ("Repeat contacts and channel switching need contacts: upload a contacts extract "
                 "(customer_id, contacted_at, channel; complaint_id links a contact to its complaint).")
SURVEYS_NOTE = ("The effort-score distribution and retention by effort need surveys: upload surveys with an "
                "effort_score column (1 = very easy, 7 = very hard).")
NO_SCORE_NOTE = ("The surveys carry no effort_score: upload surveys with an effort_score column (1-7) to see the "
                 "effort distribution and retention by effort.")
HBR_SOURCES = (f"{HBR}, 2010: {pct(BENCHMARKS['effort_low_repurchase'].value)} of low-effort customers intend to "
               f"repurchase; {pct(BENCHMARKS['effort_high_negative_wom'].value)} of high-effort customers spread "
               "negative word of mouth")
DRIVER_SOURCES = (f"{HBR}, 2010: {pct(BENCHMARKS['effort_repeat_contact'].value)} contacted repeatedly, "
                  f"{pct(BENCHMARKS['effort_switch_channel'].value)} switched web to phone; frequencies of effort "
                  "drivers, not retention, and counted per customer, not per contact")


def summary(fetch: Fetch, filters: Filters, params: Params) -> pd.Series:
    """effort_summary's one row (contacts, repeat_contact_rate, channel_switch_rate, ...)."""
    return fetch("effort_summary", filters, params).iloc[0]


def has_contacts(fetch: Fetch, filters: Filters, params: Params) -> bool:
    return int(summary(fetch, filters, params)["contacts"]) > 0


def has_scores(fetch: Fetch, filters: Filters, params: Params) -> bool:
    return int(fetch("effort_distribution", filters, params)["responses"].sum()) > 0


def notes(fetch: Fetch, filters: Filters, params: Params) -> dict[str, str]:
    """{'contacts': note, 'scores': note} for what is missing ('' where the data is there)."""
    counts = fetch("table_counts", None)
    contacts = "" if has_contacts(fetch, filters, params) else (
        CONTACTS_NOTE if counts.get("contacts", 0) == 0 else "No contact falls in this window and these filters.")
    if has_scores(fetch, filters, params):
        scores = ""
    elif counts.get("surveys", 0) == 0:
        scores = SURVEYS_NOTE
    else:
        scored = int(fetch("effort_distribution", _unfiltered(filters), params)["responses"].sum())
        scores = "No survey answer with an effort score falls in these filters." if scored else NO_SCORE_NOTE
    return {"contacts": contacts, "scores": scores}


def _unfiltered(filters: Filters) -> Filters:
    """All dates up to as_of, no region or segment (to tell 'no scores at all' from 'none here')."""
    return Filters(start=date(1900, 1, 1), end=filters.as_of, as_of=filters.as_of)


def drivers(fetch: Fetch, filters: Filters, params: Params) -> Chart | None:
    if not has_contacts(fetch, filters, params):
        return None
    row = summary(fetch, filters, params)
    note = footnote(filters, f"n = {int(row['contacts']):,} contacts, {int(row['repeat_contacts']):,} of them followed "
                             "by another contact of the same customer within 7 days", f"Benchmarks: {DRIVER_SOURCES}")
    return Chart("effort-drivers", ce.drivers(row, note), fetch("effort_summary", filters, params), note,
                 DRIVER_SOURCES)


def distribution(fetch: Fetch, filters: Filters, params: Params) -> Chart | None:
    df = fetch("effort_distribution", filters, params)
    if not int(df["responses"].sum()):
        return None
    note = footnote(filters, f"n = {int(df['responses'].sum()):,} survey answers with an effort score in the window")
    return Chart("effort-distribution", ce.distribution(df, note), df, note)


def judged(fetch: Fetch, filters: Filters, params: Params) -> Params:
    """`params` with the longest follow-up (365, 180, 90 days) that 30 scored customers in the window have."""
    def customers(h: int) -> int:
        return int(fetch("retention_by_effort", filters, replace(params, horizon_days=h))["customers"].sum())
    return replace(params, horizon_days=longest_follow_up(customers, params.horizon_days))


def retention(fetch: Fetch, filters: Filters, params: Params) -> Chart | None:
    """Retention by effort band, over the longest follow-up the window allows (`judged`)."""
    params = judged(fetch, filters, params)
    df = fetch("retention_by_effort", filters, params)
    if not int(df["customers"].sum()):
        return None
    note = footnote(filters, f"n = {int(df['customers'].sum()):,} customers' first scored answer in the window, each "
                             f"judged {params.horizon_days} days later; bars: 95 % Wilson interval; grey = fewer than "
                             f"{MIN_N} customers", f"Benchmark: {HBR_SOURCES} (intent, not measured retention)")
    return Chart("retention-by-effort", ce.retention(df, params.horizon_days, note), df, note, HBR_SOURCES)


def retention_note(fetch: Fetch, filters: Filters, params: Params) -> str:
    """Why retention by effort is missing while scores exist ('' otherwise)."""
    if has_scores(fetch, filters, params) and retention(fetch, filters, params) is None:
        return (f"No scored answer in this window has a full {min(HORIZON_DAYS)}-day follow-up yet, "
                "so retention by effort cannot be judged.")
    return ""


def build(fetch: Fetch, filters: Filters, params: Params) -> list[Chart]:
    """The view's charts that have data, in page order."""
    charts = [drivers(fetch, filters, params), distribution(fetch, filters, params), retention(fetch, filters, params)]
    return [c for c in charts if c is not None]
