"""The upload page's words: option labels, column labels, the failures table and the load lines, in a language.

Plain functions of `lang` (no Streamlit), so views/upload.py only lays the page out. Option values
stay language-free keys (table names, modes, encodings, the sentinels below), translated only
for display (`format_func`); the loader's refusals, rules and summaries are Messages said here
in the page's language (docs/i18n.md, "The loader's messages").
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from data.loading import Report
from data.loading.coerce import readable
from data.loading.core import MODE_NAMES
from data.loading.rules import BAD_LEVEL, NOT_YES_NO, rule_message
from data.loading.textscan import NAMES
from data.schema import LEVELS, Column
from i18n import N_, translator
from i18n import formats as fmt
from i18n.message import Joined, Message
from ui.content import table_name

NOT_IN_FILE = "(not in file)"
SUGGESTED = "Suggested from the column names"
DETECTED = "Detected per column"
AUTO = "Detected"
LEAVE = "(leave as is)"
SENTINELS = {NOT_IN_FILE: N_("(not in file)"), SUGGESTED: N_("Suggested from the column names"),
             DETECTED: N_("Detected per column"), AUTO: N_("Detected"), LEAVE: N_("(leave as is)")}
ENCODINGS = ["utf-8", "gb18030", "big5", "cp1252", "utf-16"]
MODE_HELP = {"append": N_("add new rows; a key already in the warehouse is an error"),
             "upsert": N_("add new rows; rows whose key exists replace the old ones"),
             "replace": N_("the file becomes the whole table")}
TYPE_NAMES = {"VARCHAR": N_("text"), "DATE": N_("date"), "TIMESTAMP": N_("date and time"), "DOUBLE": N_("number"),
              "INTEGER": N_("whole number"), "BOOLEAN": N_("yes/no")}
VALUE_CHOICES = {BAD_LEVEL: list(LEVELS), NOT_YES_NO: ["true", "false"]}
HISTORY_COLUMNS = {"load_id": N_("Load"), "loaded_at": N_("Loaded at"), "loaded_by": N_("Loaded by"),
                   "file_name": N_("File"), "table_name": N_("Table"), "mode": N_("Mode"), "rows": N_("Rows"),
                   "file_hash": N_("SHA-256 of the file"), "undone": N_("Undone"),
                   "restore_point": N_("Can be restored to")}


def sentinel(value: str, lang: str) -> str:
    """An option of a selectbox: a sentinel translated, a file's column (or a preset's name) as it is."""
    return translator(lang).marked(SENTINELS[value]) if value in SENTINELS else value


def date_format_name(value: str, lang: str) -> str:
    """DETECTED in words, a format as DD/MM/YYYY."""
    return sentinel(value, lang) if value == DETECTED else readable(value)


def encoding_name(value: str, lang: str) -> str:
    """AUTO in words, an encoding by its usual name (cp1252 -> Windows-1252)."""
    return sentinel(value, lang) if value == AUTO else NAMES.get(value, value)


def mode_name(mode: str, lang: str) -> str:
    """A load's mode in words; the demo generator's loads have their own mode."""
    return MODE_NAMES[mode].say(lang) if mode in MODE_NAMES else translator(lang).pgettext("load mode", "demo")


def history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The load history with its table and mode in the page's language (the other columns as loaded)."""
    return frame.assign(table_name=[table_name(t, lang) for t in frame["table_name"]],
                        mode=[mode_name(m, lang) for m in frame["mode"]])


def column_label(col: Column, lang: str) -> str:
    """'order_date * (date)': the canonical column, * when required, its kind in words."""
    _ = translator(lang)
    kind = _.marked(TYPE_NAMES[col.type])
    return (_("{column} * ({type})") if col.required else _("{column} ({type})")).format(column=col.name, type=kind)


def readings(value: str, lang: str) -> tuple[str, str]:
    """'2 June 2025' and '6 February 2025' for 02/06/2025 (the date part of the value), in `lang`."""
    a, b, year = [int(p) for p in "".join(ch if ch.isdigit() else " " for ch in str(value)).split()[:3]]
    return fmt.long_date(date(year, b, a), lang), fmt.long_date(date(year, a, b), lang)


def failures_shown(report: Report, lang: str) -> pd.DataFrame:
    """The failures as the page shows them: rules in `lang`, a refusal's explanation translated, data as is."""
    shown = report.failures.copy()
    shown["rule"] = [rule_message(r).say(lang) for r in shown["rule"]]
    shown["value"] = [report.failure_value(i, lang) for i in range(len(shown))]
    shown["column"] = shown["column"].fillna("")  # a problem of the whole file or line, not of a column
    return shown


def counts_shown(report: Report, lang: str) -> pd.DataFrame:
    """Failures per rule, the rules in `lang`."""
    shown = report.counts()
    shown["rule"] = [rule_message(r).say(lang) for r in shown["rule"]]
    return shown


def failure_columns(lang: str) -> dict[str, str]:
    """The headers of the failures and counts tables (their keys stay row, column, value, rule, failures)."""
    _ = translator(lang)
    return {"row": _.pgettext("failures table", "row"), "column": _.pgettext("failures table", "column"),
            "value": _.pgettext("failures table", "value"), "rule": _.pgettext("failures table", "rule"),
            "failures": _.pgettext("failures table", "failures")}


def load_line(x: dict, lang: str) -> str:
    """'#3 2026-11-24 02:32 by li: orders.csv -> orders (append, 1,204 rows)' for a load of the history."""
    return translator(lang).ngettext(
        "#{load_id} {time} by {user}: {file} -> {table} ({mode}, {n} row)",
        "#{load_id} {time} by {user}: {file} -> {table} ({mode}, {n} rows)", x["rows"],
    ).format(load_id=x["load_id"], time=fmt.datetime_(x["loaded_at"], lang), user=x["loaded_by"], file=x["file_name"],
             table=table_name(x["table"], lang), mode=mode_name(x["mode"], lang), n=fmt.number(x["rows"], lang))


def undo_label(x: dict, lang: str) -> str:
    """The undo button's label for the latest load."""
    return translator(lang).ngettext(
        "Undo load #{load_id}: {file} -> {table} ({mode}, {n} row)",
        "Undo load #{load_id}: {file} -> {table} ({mode}, {n} rows)", x["rows"],
    ).format(load_id=x["load_id"], file=x["file_name"], table=table_name(x["table"], lang),
             mode=mode_name(x["mode"], lang), n=fmt.number(x["rows"], lang))


def already_loaded(report: Report, lang: str) -> str:
    """'This exact file was already loaded into orders (load #1 on 2026-11-24 02:32 by li).'"""
    earlier = Joined(Message(N_("#{load_id} on {time} by {user}"), load_id=str(x["load_id"]), time=x["loaded_at"],
                             user=x["loaded_by"]) for x in report.same_file)
    return Message(N_("This exact file was already loaded into {table} (load {loads})."),
                   table=table_name(report.table, lang), loads=earlier).say(lang)


def uploader_css(lang: str) -> str | None:
    """CSS that says the file uploader's own words in the page's language: Streamlit 1.67 draws its
    button ("Upload") and its limits line ("500MB per file • CSV, ...") in English with no setting to
    change them. The button's text is replaced and the limits line hidden (the widget's label above
    already names the formats and the limit). None in English; if Streamlit renames these test ids
    the rules match nothing and its English words come back, nothing breaks."""
    if lang == "en":
        return None
    label = translator(lang).pgettext("file uploader button", "Upload").replace("\\", "").replace('"', "")
    return ('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {font-size: 0}\n'
            '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after '
            f'{{content: "{label}"; font-size: 0.875rem}}\n'
            '[data-testid="stFileUploaderDropzoneInstructions"] {display: none}')

