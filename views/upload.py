"""Upload extracts: pick a table and a file, check the mapping, fix what fails, load, undo.

Registered by dashboard.py only for analysts (ui.auth). All reading, mapping,
validation and writing is data.loading, the same core as `python -m data load`;
this page only lays it out and keeps the analyst's choices in session state.
It speaks the page's language: the loader's refusals, rules and summaries are
`i18n.message.Message`s (docs/i18n.md), said here with `.say(lang)`; the CLI
says the same messages in English. Option values stay language-free keys
(tables, modes, NOT_IN_FILE ...), translated only in `format_func`; the words
(labels, the failures table, the load lines) are ui/content/upload.py.
"""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from data import warehouse
from data.csvsafe import safe_csv
from data.loading import (MODES, Extract, ExtractError, Mapping, NothingToUndo, Report, check, history, load,
                          matching_preset, open_extract, presets, restore, restore_points, save_preset, suggest,
                          to_undo, undoable)
from data.loading.coerce import DATE_FORMATS
from data.loading.core import unreadable
from data.loading.read import save_upload
from data.loading.rules import AMBIGUOUS_DATE, AMBIGUOUS_NUMBER, ENCODING_NOT_CERTAIN
from data.loading.template import template_csv
from data.schema import LEVELS, LOAD_ORDER, TABLES
from i18n import N_, Translator, translator
from i18n import formats as fmt
from i18n.message import Joined, Message
from metrics import spark
from ui import auth
from ui.language import current_lang
from ui.content import upload as text
from ui.pages import page

MAX_MB = auth.ANALYST_UPLOAD_MB  # server.maxUploadSize as serve.py sets it
def _extract(uploaded, sheet: str | None, encoding: str | None = None) -> Extract | ExtractError:
    """The Extract of the uploaded file, saved to disk once per file, sheet and named encoding."""
    key = (uploaded.file_id, sheet, encoding)
    cached = st.session_state.get("upload_extract")
    if cached and cached[0] == key:
        return cached[1]
    if cached and isinstance(cached[1], Extract):
        cached[1].cleanup()  # the transcoded copy of the previous file or sheet
    path = st.session_state.get("upload_path")
    if st.session_state.get("upload_file_id") != uploaded.file_id:
        if path:
            Path(path).unlink(missing_ok=True)
        path = save_upload(uploaded, uploaded.name)
        st.session_state.update(upload_path=path, upload_file_id=uploaded.file_id)
    opened: Extract | ExtractError
    try:
        opened = open_extract(Path(str(path)), uploaded.name, sheet, encoding)
    except ExtractError as e:
        opened = e
    st.session_state["upload_extract"] = (key, opened)
    return opened


def _mapping_editor(cur, table: str, extract, sig: str, lang: str) -> Mapping:
    """Preset choice, one selectbox per canonical column, date format override; returns the mapping."""
    _ = translator(lang)
    saved = presets(cur, table)
    names = [text.SUGGESTED, *saved]
    fitting = matching_preset(saved, extract.headers)
    chosen = st.selectbox(_("Column mapping"), names, index=names.index(fitting) if fitting else 0,
                          format_func=partial(text.sentinel, lang=lang), key=f"preset_{sig}",
                          help=_("Saved mappings for this table; the newest that fits the file is chosen."))
    auto = suggest(table, extract.headers)
    base = saved[chosen].over(auto) if chosen in saved else auto  # a preset overrides only what it names
    options = [text.NOT_IN_FILE, *extract.headers]
    columns: dict[str, str | None] = {}
    grid = st.columns(4)
    for i, col in enumerate(TABLES[table].columns):
        src = base.source_for(col.name)
        picked = grid[i % 4].selectbox(text.column_label(col, lang), options,
                                       index=options.index(src) if src in options else 0,
                                       format_func=partial(text.sentinel, lang=lang),
                                       key=f"map_{sig}_{chosen}_{col.name}")
        if picked != text.NOT_IN_FILE:
            columns[picked] = col.name
    answers = st.session_state.setdefault("upload_answers", {}).setdefault(sig, {})
    formats = [text.DETECTED, *DATE_FORMATS]
    wanted = answers.get("date_format") or base.date_format
    chosen_format = st.selectbox(
        _("Date format"), formats, index=formats.index(wanted) if wanted in formats else 0,
        format_func=partial(text.date_format_name, lang=lang), key=f"datefmt_{sig}_{chosen}_{wanted}",
        help=_("Detected from every value of each date column; choose one when the dates are ambiguous."))
    values = {c: dict(m) for c, m in base.values.items()}
    for col, chosen_values in st.session_state.setdefault("value_map", {}).get(sig, {}).items():
        values.setdefault(col, {}).update(chosen_values)
    columns.update({h: None for h in extract.headers if h not in columns})  # the analyst's choice, not the guess
    return Mapping(columns, values, None if chosen_format == text.DETECTED else chosen_format,
                   answers.get("decimal") or base.decimal)


def _questions(report: Report, sig: str, lang: str) -> None:
    """Ask what the values leave open: day or month first, decimal comma or thousands separator."""
    _ = translator(lang)
    answers = st.session_state.setdefault("upload_answers", {}).setdefault(sig, {})
    for r in report.failures.itertuples():
        row = str(r.row)
        if r.rule == AMBIGUOUS_DATE:
            day_first, month_first = text.readings(r.value, lang)
            sep = next(ch for ch in str(r.value) if not ch.isdigit())
            options = {_("Day first: {value} is {date}").format(value=r.value, date=day_first): f"%d{sep}%m{sep}%Y",
                       _("Month first: {value} is {date}").format(value=r.value, date=month_first): f"%m{sep}%d{sep}%Y"}
            question = _("**{column}**: dates like {value} (row {row}) read both ways. Which comes first?").format(
                column=r.column, value=r.value, row=row)
            key, answer_key = f"ask_date_{sig}_{r.column}_{lang}", "date_format"
        elif r.rule == AMBIGUOUS_NUMBER:
            comma = r.value.replace(".", "").replace(",", ".")
            options = {_("Decimal comma: {value} is {number}").format(value=r.value, number=comma): ",",
                       _("Thousands separator: {value} is {number}").format(value=r.value,
                                                                            number=r.value.replace(",", "")): "."}
            question = _("**{column}**: numbers like {value} (row {row}) read two ways. What is the comma?").format(
                column=r.column, value=r.value, row=row)
            key, answer_key = f"ask_decimal_{sig}_{r.column}_{lang}", "decimal"
        else:
            continue
        with st.container(border=True):
            st.markdown(_("**The loader does not guess: please answer**"))
            picked = st.radio(question, list(options), index=None, key=key)
        if picked is not None:
            answers[answer_key] = options[picked]
            st.rerun()


def _mapping_used(report: Report, lang: str) -> None:
    """The mapping the check used, the file's columns it ignores, and how dates, numbers and times were read."""
    _ = translator(lang)
    used = report.mapping.used()
    st.markdown(_("**Mapping used**"))
    st.dataframe(pd.DataFrame({"file column": list(used), "loaded as": list(used.values())}), hide_index=True,
                 column_config={"file column": _("File column"), "loaded as": _("Loaded as")})
    st.caption(Message(N_("Ignored columns (not loaded): {columns}"), columns=Joined(report.ignored)).say(lang)
               if report.ignored else _("Ignored columns (not loaded): none"))
    for message in report.detail_messages()[2:]:
        line = message.say(lang)
        st.caption(line[:1].upper() + line[1:])


def _value_editor(report: Report, sig: str, lang: str) -> None:
    """For values the loader does not know (level, yes/no), let the analyst say what they mean."""
    _ = translator(lang)
    chosen = st.session_state.setdefault("value_map", {}).setdefault(sig, {})
    pairs = {(r.column, r.value) for r in report.failures.itertuples() if r.rule in text.VALUE_CHOICES}
    pairs |= {(c, v) for c, m in chosen.items() for v in m}
    if not pairs:
        return
    st.markdown(_("**Values to map** (the loader does not know these)"))
    allowed = {c: text.VALUE_CHOICES[r] for r, c in {(r.rule, r.column) for r in report.failures.itertuples()
                                                  if r.rule in text.VALUE_CHOICES}}
    for column, value in sorted(pairs)[:20]:
        targets = allowed.get(column) or (list(LEVELS) if column == "level" else ["true", "false"])
        current = chosen.get(column, {}).get(value)
        options = [text.LEAVE, *targets]
        picked = st.selectbox(_("{column}: '{value}' means").format(column=column, value=value), options,
                              index=options.index(current) if current in options else 0,
                              format_func=partial(text.sentinel, lang=lang), key=f"val_{sig}_{column}_{value}")
        if picked in targets and picked != current:
            chosen.setdefault(column, {})[value] = picked
            st.rerun()


def _report_section(report: Report, lang: str) -> None:
    _ = translator(lang)
    if not report.ok:
        n = len(report.failures)
        st.error(_.ngettext("{n} problem found: nothing will be written until every row passes.",
                            "{n} problems found: nothing will be written until every row passes.", n)
                 .format(n=fmt.number(n, lang)))
        labels = text.failure_columns(lang)
        st.dataframe(text.counts_shown(report, lang), hide_index=True, column_config=labels)
        shown = text.failures_shown(report, lang)
        st.dataframe(shown, hide_index=True, width="stretch", column_config=labels)
        st.caption(_("Row: the line of the file the record starts on, the header being line 1 (a workbook's own "
                     "row number; for Parquet, the record number plus one)."))
        st.download_button(_("Download the problems as CSV"), safe_csv(shown.rename(columns=labels)),
                           file_name=f"problems-{report.file_name}.csv", mime="text/csv")
        return
    p = report.preview
    n = p["rows_in_file"]
    st.success(_("The row passes every rule.") if n == 1 else
               _("All {n} rows pass every rule.").format(n=fmt.number(n, lang)))
    a, b, c = st.columns(3)
    a.metric(_("Rows to add"), fmt.number(p["rows_to_add"], lang))
    b.metric(_("Rows to replace"), fmt.number(p["rows_to_replace"], lang))
    c.metric(_("Rows to remove"), fmt.number(p["rows_to_remove"], lang))
    if p["date_from"] is not None:
        st.caption(_("Dates covered ({column}): {range}").format(
            column=p["date_column"], range=fmt.date_range(p["date_from"], p["date_to"], lang)))
    else:
        st.caption(_("No row of this file has a {column}.").format(column=p["date_column"]))


def _busy(_: Translator, error: Exception) -> None:
    st.error(_("Another load or restore is changing the warehouse; nothing was done. Try again in a moment."))
    st.caption(str(error))  # which process holds it, as the warehouse says it


def _load_section(cur, extract, report: Report, lang: str) -> None:
    _ = translator(lang)
    rows = report.preview["rows_in_file"]
    label = _.ngettext("Load {n} row into {table} ({mode})", "Load {n} rows into {table} ({mode})", rows).format(
        n=fmt.number(rows, lang), table=text.table_name(report.table, lang), mode=text.mode_name(report.mode, lang))
    if st.button(label, type="primary"):
        try:
            with st.spinner(_("Loading... (waits for any other load in progress)")):
                done = load(cur, extract, report.table, report.mode, report.mapping, user=auth.user_name(),
                            force=report.already_loaded)
        except warehouse.Busy as e:
            _busy(_, e)
            return
        st.session_state["upload_message"] = done.summary_message()
        st.session_state.pop("upload_report", None)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # a fresh, empty uploader
        st.rerun()


def _preset_saver(cur, table: str, mapping: Mapping, lang: str) -> None:
    _ = translator(lang)
    with st.expander(_("Save this mapping as a preset")):
        name = st.text_input(_("Preset name"), key="preset_name")
        if st.button(_("Save preset")) and name.strip():
            save_preset(cur, table, name, mapping, auth.user_name())
            st.toast(_("Saved preset '{name}'").format(name=name.strip()))
        st.code(json.dumps(mapping.to_json(), ensure_ascii=False, indent=1), language="json")


def _go_back(cur, load_id: int, message: Message, lang: str) -> None:
    """Restore to before `load_id` (waiting for another load to finish), then rerun with `message`."""
    _ = translator(lang)
    try:
        with st.spinner(_("Restoring... (waits for any load in progress)")):
            restore(cur, load_id)
    except warehouse.Busy as e:
        _busy(_, e)
        return
    except NothingToUndo as e:
        st.error(e.message.say(lang))
        return
    st.session_state["upload_message"] = message
    st.rerun()


def _history_section(cur, lang: str) -> None:
    """The load history, undo of the latest load, and restore to before any of the last N loads."""
    _ = translator(lang)
    st.subheader(_("Load history"))
    last = undoable(cur)
    if last and st.button(text.undo_label(last, lang)):
        _go_back(cur, last["load_id"], Message(N_("Undone load #{load_id}: {table} is as it was before it."),
                                               load_id=str(last["load_id"]), table=last["table"]), lang)
    points = {p["load_id"]: p for p in restore_points(cur)}
    if len(points) > 1:
        with st.expander(_("Restore an earlier state")):
            chosen = st.selectbox(_("Restore the warehouse to its state before load"), list(points), key="restore_to",
                                  format_func=lambda i: text.load_line(points[i], lang))
            undone = to_undo(cur, chosen)
            n = len(undone)
            st.warning(_.ngettext("This undoes {n} load:", "This undoes {n} loads:", n).format(n=n) + "\n\n"
                       + "\n".join(f"- {text.load_line(x, lang)}" for x in undone))
            if st.checkbox(_.ngettext("Undo this load", "Undo these {n} loads", n).format(n=n),
                           key=f"restore_confirm_{chosen}") and \
                    st.button(_("Restore to before load #{load_id}").format(load_id=chosen)):
                _go_back(cur, chosen, Message.ngettext("Restored to before load #{load_id}: {n} load undone.",
                                                       "Restored to before load #{load_id}: {n} loads undone.", n,
                                                       load_id=str(chosen), n=n), lang)
    st.dataframe(text.history_table(history(cur), lang), hide_index=True, width="stretch",
                 column_config={**{k: _.marked(v) for k, v in text.HISTORY_COLUMNS.items()},
                                "rows": st.column_config.NumberColumn(_.marked(text.HISTORY_COLUMNS["rows"]),
                                                                      format="localized")})


def _file_section(cur, table: str, mode: str, uploaded, lang: str) -> None:
    _ = translator(lang)
    sheet, encoding = None, None
    extract = _extract(uploaded, None)
    if isinstance(extract, ExtractError) and extract.rule == ENCODING_NOT_CERTAIN or \
            st.session_state.get(f"encoding_{uploaded.file_id}", text.AUTO) != text.AUTO:
        picked = st.selectbox(_("Text encoding"), [text.AUTO, *text.ENCODINGS], key=f"encoding_{uploaded.file_id}",
                              format_func=partial(text.encoding_name, lang=lang),
                              help=_("The loader does not guess between encodings that read the file equally well."))
        encoding = None if picked == text.AUTO else picked
        extract = _extract(uploaded, None, encoding)
    if not isinstance(extract, ExtractError) and extract.format == "xlsx":
        sheet = st.selectbox(_("Sheet"), extract.sheets, key=f"sheet_{uploaded.file_id}")
        extract = _extract(uploaded, sheet)
    if isinstance(extract, ExtractError):
        _report_section(unreadable(uploaded.name, table, mode, extract), lang)
        return
    st.caption(_("Read as {description}.").format(description=extract.describe().say(lang)))
    sig = f"{uploaded.file_id}_{table}_{sheet}"
    mapping = _mapping_editor(cur, table, extract, sig, lang)
    signature = (sig, mode, json.dumps(mapping.to_json(), sort_keys=True))
    cached = st.session_state.get("upload_report")
    if cached and cached[0] == signature:
        report = cached[1]
    else:
        with st.spinner(_("Checking every row...")):
            report = check(cur, extract, table, mode, mapping)
        st.session_state["upload_report"] = (signature, report)
    if report.needs_confirmation:  # recognised by its hash: nothing checked yet
        st.warning(text.already_loaded(report, lang))
        if not st.checkbox(_("Check it and load it again anyway"), key=f"upload_again_{sig}"):
            return
        with st.spinner(_("Checking every row...")):
            report = check(cur, extract, table, mode, mapping, force=True)
    _questions(report, sig, lang)
    _mapping_used(report, lang)
    _preset_saver(cur, table, report.mapping, lang)
    _value_editor(report, sig, lang)
    _report_section(report, lang)
    if report.ok:
        _load_section(cur, extract, report, lang)


def main() -> None:
    lang = current_lang()
    _ = translator(lang)
    st.title(_.marked(page("upload").heading))
    if note := auth.notice():
        st.info(_.marked(note))
    if spark.enabled():
        st.info(_("The dashboard reads from Spark (WAREHOUSE_ENGINE=spark), read-only: tables are loaded by "
                  "the data lake's own pipeline, not here. See docs/spark.md."))
        return
    if message := st.session_state.pop("upload_message", None):
        st.success(message.say(lang))
    left, right = st.columns(2)
    table = left.selectbox(_("Table"), LOAD_ORDER, key="upload_table",
                           format_func=partial(text.table_name, lang=lang),
                           help=_("Load customers first: every other table refers to them."))
    mode = right.radio(_("Mode"), MODES, horizontal=True, key="upload_mode",
                       format_func=partial(text.mode_name, lang=lang),
                       captions=[_.marked(text.MODE_HELP[m]) for m in MODES])
    uploaded = st.file_uploader(_("Extract file: CSV, TSV, TXT, XLSX or Parquet, up to {size} MB").format(size=MAX_MB),
                                type=["csv", "tsv", "txt", "xlsx", "parquet"],
                                key=f"upload_file_{st.session_state.get('upload_round', 0)}")
    if css := text.uploader_css(lang):
        st.html(f"<style>{css}</style>")
    st.caption(_("Files larger than {size} MB are refused by the browser upload; load them with "
                 "`python -m data load --table TABLE FILE` on the server instead.").format(size=MAX_MB))
    st.download_button(_("Download a template for {table} (CSV)").format(table=text.table_name(table, lang)),
                       template_csv(table), file_name=f"{table}-template.csv", mime="text/csv",
                       help=_("The column names the loader knows and three example rows."))
    cur = warehouse.cursor()
    try:
        if uploaded is not None:
            _file_section(cur, table, mode, uploaded, lang)
        _history_section(cur, lang)
    finally:
        cur.close()


main()
