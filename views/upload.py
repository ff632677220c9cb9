"""Upload extracts: pick a table and a file, check the mapping, fix what fails, load, undo.

Registered by dashboard.py only for analysts (ui.auth). All reading, mapping,
validation and writing is data.loading, the same core as `python -m data load`;
this page only lays it out and keeps the analyst's choices in session state.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from data import warehouse
from data.csvsafe import safe_csv
from data.loading import (MODES, Extract, ExtractError, Mapping, NothingToUndo, Report, check, history, load,
                          matching_preset, open_extract, presets, restore, restore_points, save_preset, suggest,
                          to_undo, undoable)
from data.loading.coerce import DATE_FORMATS, readable
from data.loading.core import unreadable
from data.loading.read import save_upload
from data.loading.template import template_csv
from data.loading.validate import AMBIGUOUS_DATE, AMBIGUOUS_NUMBER
from data.schema import LEVELS, LOAD_ORDER, TABLES
from metrics import spark
from ui import auth

MAX_MB = auth.ANALYST_UPLOAD_MB  # server.maxUploadSize as serve.py sets it
NOT_IN_FILE = "(not in file)"
SUGGESTED = "Suggested from the column names"
DETECTED = "Detected per column"
AUTO = "Detected"
ENCODINGS = ["utf-8", "gb18030", "big5", "cp1252", "utf-16"]
MODE_HELP = {"append": "add new rows; a key already in the warehouse is an error",
             "upsert": "add new rows; rows whose key exists replace the old ones",
             "replace": "the file becomes the whole table"}
VALUE_CHOICES = {"level not frontline/escalated": list(LEVELS), "not a yes/no value": ["true", "false"]}


def _readable(fmt: str) -> str:
    return fmt if fmt == DETECTED else readable(fmt)


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


def _mapping_editor(cur, table: str, extract, sig: str) -> Mapping:
    """Preset choice, one selectbox per canonical column, date format override; returns the mapping."""
    saved = presets(cur, table)
    names = [SUGGESTED, *saved]
    fitting = matching_preset(saved, extract.headers)
    chosen = st.selectbox("Column mapping", names, index=names.index(fitting) if fitting else 0,
                          key=f"preset_{sig}", help="Saved mappings for this table; the newest that fits the file is chosen.")
    auto = suggest(table, extract.headers)
    base = saved[chosen].over(auto) if chosen in saved else auto  # a preset overrides only what it names
    options = [NOT_IN_FILE, *extract.headers]
    columns: dict[str, str | None] = {}
    grid = st.columns(4)
    for i, col in enumerate(TABLES[table].columns):
        src = base.source_for(col.name)
        label = f"{col.name}{' *' if col.required else ''} ({col.type.lower()})"
        picked = grid[i % 4].selectbox(label, options, index=options.index(src) if src in options else 0,
                                       key=f"map_{sig}_{chosen}_{col.name}")
        if picked != NOT_IN_FILE:
            columns[picked] = col.name
    answers = st.session_state.setdefault("upload_answers", {}).setdefault(sig, {})
    formats = [DETECTED, *DATE_FORMATS]
    wanted = answers.get("date_format") or base.date_format
    fmt = st.selectbox("Date format", formats, index=formats.index(wanted) if wanted in formats else 0,
                       format_func=_readable, key=f"datefmt_{sig}_{chosen}_{wanted}",
                       help="Detected from every value of each date column; choose one when the dates are ambiguous.")
    values = {c: dict(m) for c, m in base.values.items()}
    for col, chosen_values in st.session_state.setdefault("value_map", {}).get(sig, {}).items():
        values.setdefault(col, {}).update(chosen_values)
    columns.update({h: None for h in extract.headers if h not in columns})  # the analyst's choice, not the guess
    return Mapping(columns, values, None if fmt == DETECTED else fmt, answers.get("decimal") or base.decimal)


def _questions(report: Report, sig: str) -> None:
    """Ask what the values leave open: day or month first, decimal comma or thousands separator."""
    answers = st.session_state.setdefault("upload_answers", {}).setdefault(sig, {})
    for r in report.failures.itertuples():
        if r.rule == AMBIGUOUS_DATE:
            day_first, month_first = _two_readings(r.value)
            sep = next(ch for ch in str(r.value) if not ch.isdigit())
            options = {f"Day first: {r.value} is {day_first}": f"%d{sep}%m{sep}%Y",
                       f"Month first: {r.value} is {month_first}": f"%m{sep}%d{sep}%Y"}
            question = f"**{r.column}**: dates like {r.value} (row {r.row}) read both ways. Which comes first?"
            key, answer_key = f"ask_date_{sig}_{r.column}", "date_format"
        elif r.rule == AMBIGUOUS_NUMBER:
            options = {f"Decimal comma: {r.value} is {r.value.replace('.', '').replace(',', '.')}": ",",
                       f"Thousands separator: {r.value} is {r.value.replace(',', '')}": "."}
            question = f"**{r.column}**: numbers like {r.value} (row {r.row}) read two ways. What is the comma?"
            key, answer_key = f"ask_decimal_{sig}_{r.column}", "decimal"
        else:
            continue
        with st.container(border=True):
            st.markdown("**The loader does not guess: please answer**")
            picked = st.radio(question, list(options), index=None, key=key)
        if picked is not None:
            answers[answer_key] = options[picked]
            st.rerun()


def _two_readings(value: str) -> tuple[str, str]:
    """'2 June 2025' and '6 February 2025' for 02/06/2025 (the date part of the value)."""
    digits = [int(p) for p in "".join(ch if ch.isdigit() else " " for ch in str(value)).split()[:3]]
    a, b, year = digits
    say = lambda d, m: f"{d} {datetime(2000, m, 1):%B} {year}"
    return say(a, b), say(b, a)


def _mapping_used(report: Report) -> None:
    """The mapping the check used, the file's columns it ignores, and how dates, numbers and times were read."""
    used = report.mapping.used()
    st.markdown("**Mapping used**")
    st.dataframe(pd.DataFrame({"file column": list(used), "loaded as": list(used.values())}), hide_index=True)
    st.caption("Ignored columns (not loaded): " + (", ".join(report.ignored) or "none"))
    for line in report.details()[2:]:
        st.caption(line[0].upper() + line[1:])


def _value_editor(report: Report, sig: str) -> None:
    """For values the loader does not know (level, yes/no), let the analyst say what they mean."""
    chosen = st.session_state.setdefault("value_map", {}).setdefault(sig, {})
    pairs = {(r.column, r.value) for r in report.failures.itertuples() if r.rule in VALUE_CHOICES}
    pairs |= {(c, v) for c, m in chosen.items() for v in m}
    if not pairs:
        return
    st.markdown("**Values to map** (the loader does not know these)")
    allowed = {c: VALUE_CHOICES[r] for r, c in {(r.rule, r.column) for r in report.failures.itertuples()
                                                  if r.rule in VALUE_CHOICES}}
    for column, value in sorted(pairs)[:20]:
        targets = allowed.get(column) or (list(LEVELS) if column == "level" else ["true", "false"])
        current = chosen.get(column, {}).get(value)
        options = ["(leave as is)", *targets]
        picked = st.selectbox(f"{column}: '{value}' means", options,
                              index=options.index(current) if current in options else 0, key=f"val_{sig}_{column}_{value}")
        if picked in targets and picked != current:
            chosen.setdefault(column, {})[value] = picked
            st.rerun()


def _report_section(report: Report) -> None:
    if not report.ok:
        n = len(report.failures)
        st.error(f"{n:,} {'problem' if n == 1 else 'problems'} found: nothing will be written until every row passes.")
        st.dataframe(report.counts(), hide_index=True)
        st.dataframe(report.failures, hide_index=True, width="stretch")
        st.caption("Row: the line of the file the record starts on, the header being line 1 (a workbook's own "
                   "row number; for Parquet, the record number plus one).")
        st.download_button("Download the problems as CSV", safe_csv(report.failures),
                           file_name=f"problems-{report.file_name}.csv", mime="text/csv")
        return
    p = report.preview
    n = p["rows_in_file"]
    st.success("The row passes every rule." if n == 1 else f"All {n:,} rows pass every rule.")
    a, b, c = st.columns(3)
    a.metric("Rows to add", f"{p['rows_to_add']:,}")
    b.metric("Rows to replace", f"{p['rows_to_replace']:,}")
    c.metric("Rows to remove", f"{p['rows_to_remove']:,}")
    if p["date_from"] is not None:
        st.caption(f"Dates covered ({p['date_column']}): {p['date_from']} to {p['date_to']}")
    else:
        st.caption(f"No row of this file has a {p['date_column']}.")


def _load_section(cur, extract, report: Report) -> None:
    label = f"Load {report.preview['rows_in_file']:,} rows into {report.table} ({report.mode})"
    if st.button(label, type="primary"):
        try:
            with st.spinner("Loading... (waits for any other load in progress)"):
                done = load(cur, extract, report.table, report.mode, report.mapping, user=auth.user_name(),
                            force=report.already_loaded)
        except warehouse.Busy as e:
            st.error(str(e))
            return
        st.session_state["upload_message"] = done.summary()
        st.session_state.pop("upload_report", None)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # a fresh, empty uploader
        st.rerun()


def _preset_saver(cur, table: str, mapping: Mapping) -> None:
    with st.expander("Save this mapping as a preset"):
        name = st.text_input("Preset name", key="preset_name")
        if st.button("Save preset") and name.strip():
            save_preset(cur, table, name, mapping, auth.user_name())
            st.toast(f"Saved preset '{name.strip()}'")
        st.code(json.dumps(mapping.to_json(), ensure_ascii=False, indent=1), language="json")


def _load_line(x: dict) -> str:
    return (f"#{x['load_id']} {x['loaded_at']:%Y-%m-%d %H:%M} by {x['loaded_by']}: {x['file_name']} -> "
            f"{x['table']} ({x['mode']}, {x['rows']:,} rows)")


def _go_back(cur, load_id: int, message: str) -> None:
    """Restore to before `load_id` (waiting for another load to finish), then rerun with `message`."""
    try:
        with st.spinner("Restoring... (waits for any load in progress)"):
            restore(cur, load_id)
    except (warehouse.Busy, NothingToUndo) as e:
        st.error(str(e))
        return
    st.session_state["upload_message"] = message
    st.rerun()


def _history_section(cur) -> None:
    """The load history, undo of the latest load, and restore to before any of the last N loads."""
    st.subheader("Load history")
    last = undoable(cur)
    if last and st.button(f"Undo load #{last['load_id']}: {last['file_name']} -> {last['table']} "
                          f"({last['mode']}, {last['rows']:,} rows)"):
        _go_back(cur, last["load_id"], f"Undone load #{last['load_id']}: {last['table']} is as it was before it.")
    points = {p["load_id"]: p for p in restore_points(cur)}
    if len(points) > 1:
        with st.expander("Restore an earlier state"):
            chosen = st.selectbox("Restore the warehouse to its state before load", list(points), key="restore_to",
                                  format_func=lambda i: _load_line(points[i]))
            undone = to_undo(cur, chosen)
            st.warning(f"This undoes {len(undone)} loads:\n\n" + "\n".join(f"- {_load_line(x)}" for x in undone))
            if st.checkbox(f"Undo these {len(undone)} loads", key=f"restore_confirm_{chosen}") and \
                    st.button(f"Restore to before load #{chosen}"):
                _go_back(cur, chosen, f"Restored to before load #{chosen}: {len(undone)} loads undone.")
    st.dataframe(history(cur), hide_index=True, width="stretch")


def _file_section(cur, table: str, mode: str, uploaded) -> None:
    sheet, encoding = None, None
    extract = _extract(uploaded, None)
    if isinstance(extract, ExtractError) and extract.rule == "encoding not certain" or \
            st.session_state.get(f"encoding_{uploaded.file_id}", AUTO) != AUTO:
        picked = st.selectbox("Text encoding", [AUTO, *ENCODINGS], key=f"encoding_{uploaded.file_id}",
                              help="The loader does not guess between encodings that read the file equally well.")
        encoding = None if picked == AUTO else picked
        extract = _extract(uploaded, None, encoding)
    if not isinstance(extract, ExtractError) and extract.format == "xlsx":
        sheet = st.selectbox("Sheet", extract.sheets, key=f"sheet_{uploaded.file_id}")
        extract = _extract(uploaded, sheet)
    if isinstance(extract, ExtractError):
        _report_section(unreadable(uploaded.name, table, mode, extract))
        return
    st.caption(f"Read as {extract.describe()}.")
    sig = f"{uploaded.file_id}_{table}_{sheet}"
    mapping = _mapping_editor(cur, table, extract, sig)
    signature = (sig, mode, json.dumps(mapping.to_json(), sort_keys=True))
    cached = st.session_state.get("upload_report")
    if cached and cached[0] == signature:
        report = cached[1]
    else:
        with st.spinner("Checking every row..."):
            report = check(cur, extract, table, mode, mapping)
        st.session_state["upload_report"] = (signature, report)
    if report.needs_confirmation:  # recognised by its hash: nothing checked yet
        earlier = ", ".join(f"#{x['load_id']} on {x['loaded_at']:%Y-%m-%d %H:%M} by {x['loaded_by']}"
                            for x in report.same_file)
        st.warning(f"This exact file was already loaded into {report.table} (load {earlier}).")
        if not st.checkbox("Check it and load it again anyway", key=f"upload_again_{sig}"):
            return
        with st.spinner("Checking every row..."):
            report = check(cur, extract, table, mode, mapping, force=True)
    _questions(report, sig)
    _mapping_used(report)
    _preset_saver(cur, table, report.mapping)
    _value_editor(report, sig)
    _report_section(report)
    if report.ok:
        _load_section(cur, extract, report)


def main() -> None:
    st.title("Upload extracts")
    if note := auth.notice():
        st.info(note)
    if spark.enabled():
        st.info("The dashboard reads from Spark (WAREHOUSE_ENGINE=spark), read-only: tables are loaded by "
                "the data lake's own pipeline, not here. See docs/spark.md.")
        return
    if message := st.session_state.pop("upload_message", None):
        st.success(message)
    left, right = st.columns(2)
    table = left.selectbox("Table", LOAD_ORDER, key="upload_table",
                           help="Load customers first: every other table refers to them.")
    mode = right.radio("Mode", MODES, horizontal=True, key="upload_mode", captions=[MODE_HELP[m] for m in MODES])
    uploaded = st.file_uploader(f"Extract file: CSV, TSV, TXT, XLSX or Parquet, up to {MAX_MB} MB",
                                type=["csv", "tsv", "txt", "xlsx", "parquet"],
                                key=f"upload_file_{st.session_state.get('upload_round', 0)}")
    st.caption(f"Files larger than {MAX_MB} MB are refused by the browser upload; load them with "
               "`python -m data load --table TABLE FILE` on the server instead.")
    st.download_button(f"Download a template for {table} (CSV)", template_csv(table), file_name=f"{table}-template.csv",
                       mime="text/csv", help="The column names the loader knows and three example rows.")
    cur = warehouse.cursor()
    try:
        if uploaded is not None:
            _file_section(cur, table, mode, uploaded)
        _history_section(cur)
    finally:
        cur.close()


main()
