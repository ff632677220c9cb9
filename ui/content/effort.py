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
from charts.resolution import MIN_N
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.benchmarks import BENCHMARKS, HBR
from metrics.params import Filters, Params
from ui.content import Fetch, footnote
from ui.content.resolution import HORIZON_DAYS, longest_follow_up

CONTACTS_NOTE = N_("Repeat contacts and channel switching need contacts: upload a contacts extract "
                   "(customer_id, contacted_at, channel; complaint_id links a contact to its complaint).")
SURVEYS_NOTE = N_("The effort-score distribution and retention by effort need surveys: upload surveys with an "
                  "effort_score column (1 = very easy, 7 = very hard).")
NO_SCORE_NOTE = N_("The surveys carry no effort_score: upload surveys with an effort_score column (1-7) to see the "
                   "effort distribution and retention by effort.")


def _share(key: str, lang: str) -> str:
    return fmt.percent(BENCHMARKS[key].value, lang)


def hbr_sources(lang: str = "en") -> str:
    """The HBR study (title as published) and what it found about effort and loyalty."""
    _ = translator(lang)
    return _("{source}, 2010: {low} of low-effort customers intend to repurchase; {high} of high-effort customers "
             "spread negative word of mouth").format(source=HBR, low=_share("effort_low_repurchase", lang),
                                                     high=_share("effort_high_negative_wom", lang))


def driver_sources(lang: str = "en") -> str:
    """The HBR frequencies of the effort drivers, and what they are not."""
    _ = translator(lang)
    return _("{source}, 2010: {repeat} contacted repeatedly, {switch} switched web to phone; frequencies of effort "
             "drivers, not retention, and counted per customer, not per contact").format(
        source=HBR, repeat=_share("effort_repeat_contact", lang), switch=_share("effort_switch_channel", lang))


def summary(fetch: Fetch, filters: Filters, params: Params) -> pd.Series:
    """effort_summary's one row (contacts, repeat_contact_rate, channel_switch_rate, ...)."""
    return fetch("effort_summary", filters, params).iloc[0]


def has_contacts(fetch: Fetch, filters: Filters, params: Params) -> bool:
    return int(summary(fetch, filters, params)["contacts"]) > 0


def has_scores(fetch: Fetch, filters: Filters, params: Params) -> bool:
    return int(fetch("effort_distribution", filters, params)["responses"].sum()) > 0


def notes(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> dict[str, str]:
    """{'contacts': note, 'scores': note} for what is missing ('' where the data is there)."""
    _ = translator(lang)
    counts = fetch("table_counts", None)
    contacts = "" if has_contacts(fetch, filters, params) else (
        _.marked(CONTACTS_NOTE) if counts.get("contacts", 0) == 0 else
        _("No contact falls in this window and these filters."))
    if has_scores(fetch, filters, params):
        scores = ""
    elif counts.get("surveys", 0) == 0:
        scores = _.marked(SURVEYS_NOTE)
    else:
        scored = int(fetch("effort_distribution", _unfiltered(filters), params)["responses"].sum())
        scores = (_("No survey answer with an effort score falls in these filters.") if scored else
                  _.marked(NO_SCORE_NOTE))
    return {"contacts": contacts, "scores": scores}


def _unfiltered(filters: Filters) -> Filters:
    """All dates up to as_of, no region or segment (to tell 'no scores at all' from 'none here')."""
    return Filters(start=date(1900, 1, 1), end=filters.as_of, as_of=filters.as_of)


def drivers(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart | None:
    _ = translator(lang)
    if not has_contacts(fetch, filters, params):
        return None
    row = summary(fetch, filters, params)
    sources = driver_sources(lang)
    note = footnote(filters, _("n = {contacts} contacts, {repeats} of them followed by another contact of the same "
                               "customer within 7 days").format(contacts=fmt.number(int(row["contacts"]), lang),
                                                                repeats=fmt.number(int(row["repeat_contacts"]), lang)),
                    _("Benchmarks: {sources}").format(sources=sources), lang=lang)
    return Chart("effort-drivers", ce.drivers(row, note, lang), fetch("effort_summary", filters, params), note,
                 sources)


def distribution(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart | None:
    _ = translator(lang)
    df = fetch("effort_distribution", filters, params)
    if not int(df["responses"].sum()):
        return None
    note = footnote(filters, _("n = {n} survey answers with an effort score in the window").format(
        n=fmt.number(int(df["responses"].sum()), lang)), lang=lang)
    return Chart("effort-distribution", ce.distribution(df, note, lang), df, note)


def judged(fetch: Fetch, filters: Filters, params: Params) -> Params:
    """`params` with the longest follow-up (365, 180, 90 days) that 30 scored customers in the window have."""
    horizons = tuple(sorted({*HORIZON_DAYS, params.horizon_days}))
    df = fetch("scored_followed_up", filters, params, horizons=horizons)
    counts = dict(zip(df["horizon"], df["customers"]))
    return replace(params, horizon_days=longest_follow_up(lambda h: counts[h], params.horizon_days))


def retention(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> Chart | None:
    """Retention by effort band, over the longest follow-up the window allows (`judged`)."""
    _ = translator(lang)
    params = judged(fetch, filters, params)
    df = fetch("retention_by_effort", filters, params)
    if not int(df["customers"].sum()):
        return None
    sources = hbr_sources(lang)
    note = footnote(filters, _("n = {n} customers' first scored answer in the window, each judged {days} days later; "
                               "bars: 95 % Wilson interval; grey = fewer than {needed} customers").format(
        n=fmt.number(int(df["customers"].sum()), lang), days=params.horizon_days, needed=MIN_N),
        _("Benchmark: {sources} (intent, not measured retention)").format(sources=sources), lang=lang)
    return Chart("retention-by-effort", ce.retention(df, params.horizon_days, note, lang), df, note, sources)


def retention_note(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> str:
    """Why retention by effort is missing while scores exist ('' otherwise)."""
    _ = translator(lang)
    if has_scores(fetch, filters, params) and retention(fetch, filters, params) is None:
        return _("No scored answer in this window has a full {days}-day follow-up yet, so retention by effort cannot "
                 "be judged.").format(days=min(HORIZON_DAYS))
    return ""


def build(fetch: Fetch, filters: Filters, params: Params, lang: str = "en") -> list[Chart]:
    """The view's charts that have data, in page order."""
    charts = [drivers(fetch, filters, params, lang), distribution(fetch, filters, params, lang),
              retention(fetch, filters, params, lang)]
    return [c for c in charts if c is not None]
