"""The one check that a page reads in Chinese: no English word left in what a reader sees.

`english_left(texts, allowed)` returns the texts that still hold an ASCII word other
than the allowed names: units and abbreviations a Chinese page writes in Latin
letters (n, CSV, PPT), product names, and the data values of the warehouse (region,
segment, table and file names), which are shown as loaded. `visible_texts(at)` gathers
what an AppTest page shows: headings, markdown, captions, notes, cards, link and
button labels, widget labels, chart titles, axes, legends, labels and footnotes. The
language switch is left out on purpose: its label is bilingual and each language is
named in itself.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable

from apptest_support import decode_spec
from streamlit.testing.v1 import AppTest

from data.schema import LEVELS, TABLES
from metrics.benchmarks import ARTICLES, BENCHMARKS

ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date coordinate of a trace, drawn as an axis tick
# Inline code (`python -m data load`), markup, Plotly placeholders, and identifiers a user types in an extract (effort_score,
# customers.churn_reason): code, not an English sentence.
MARKUP = re.compile(r"`[^`]*`|<[^>]+>|%\{[^}]*\}|[A-Za-z]\w*(?:[._][A-Za-z]\w*)+")
# Latin words a Chinese page may keep: units, file formats, products, the n of a footnote.
# Benchmark sources keep their published titles ("J. Goodman (TARP), ASQ Quality Progress").
SOURCE_WORDS = {w for b in BENCHMARKS.values() if b.source != ARTICLES for w in ASCII_WORD.findall(b.source)}
# The extracts' table and column names, which an analyst types in a file ("channel", "customers").
FILE_WORDS = {"TSV", "TXT", "XLS", "XLSX", "MB", "SHA", "UTF", "BOM", "NUL", "CR", "LF", "Big", "Windows", "Unix", "Mac",
              "Office", "DuckDB", "Spark", "UTC", "YYYY", "MM", "DD", "YYYYMMDD", "hh", "mm", "ss"}
SCHEMA_WORDS = {*TABLES, *(c.name for t in TABLES.values() for c in t.columns)}
NAMES = frozenset({*SCHEMA_WORDS, "n", "x", "CSV", "PPT", "PPTX", "Excel", "Parquet", "Chromium", "Chrome", "BROWSER_PATH",
                   "PNG", "GB", "make", "run", "J", "Goodman", "TARP", *SOURCE_WORDS,
                   "Wilson", "Kaplan", "Meier", "Greenwood",  # statistical methods, named after their authors
                   # the upload page: file formats, encodings, line ends, units, programs, date-format notation,
                   # and the canonical values an analyst types (levels, true/false)
                   *FILE_WORDS, *LEVELS, "true", "false"})


def english_left(texts: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The texts holding an ASCII word that is neither a known name nor in `allowed`."""
    ok = {w.lower() for w in NAMES} | {w.lower() for value in allowed for w in ASCII_WORD.findall(str(value))}
    return [t for t in texts if any(w.lower() not in ok for w in ASCII_WORD.findall(MARKUP.sub(" ", t)))]


def _strings(values: object) -> list[str]:
    """The strings in a (nested) list of a trace's data, e.g. the hover's customdata."""
    if isinstance(values, str):
        return [values]
    return [s for v in values for s in _strings(v)] if isinstance(values, list) else []


def figure_texts(spec: dict) -> list[str]:
    """Title, axis titles, annotations (footnote), trace names, printed labels, category ticks and hovers."""
    layout = spec.get("layout", {})
    out = [layout.get("title", {}).get("text", "")]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            out.append(axis.get("title", {}).get("text", "") if isinstance(axis.get("title"), dict) else "")
            out += [str(t) for t in axis.get("ticktext", []) or []]
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in spec.get("data", []):
        out.append(str(trace.get("name", "") or ""))
        for field in ("text", "x", "y"):
            values = trace.get(field)
            out += [v for v in values if isinstance(v, str) and not ISO_DATE.match(v)] if isinstance(values, list) else []
        if isinstance(trace.get("text"), str):
            out.append(trace["text"])
        out += [str(trace.get("hovertemplate") or ""), *_strings(trace.get("customdata"))]  # what a hover says
    return [t for t in out if t]


def visible_texts(at: AppTest) -> list[str]:
    """Every text the AppTest page shows, charts included (the language switch aside)."""
    texts = [e.value for kind in ("title", "subheader", "header", "markdown", "caption", "info", "warning",
                                  "success", "error", "toast") for e in getattr(at, kind)]
    texts += [e.label for e in at.expander]
    for kind in ("text_input", "multiselect"):
        texts += [w.label for w in getattr(at, kind)]
    for m in at.metric:
        texts += [m.label, str(m.value), str(m.proto.delta or ""), str(m.proto.help or "")]
    for kind in ("selectbox", "date_input", "slider", "radio", "number_input", "checkbox", "toggle"):
        for w in getattr(at, kind):
            texts.append(w.label)
            texts += [str(o) for o in getattr(w, "options", []) or []]
    texts += [e.proto.label for e in at.get("page_link")]
    texts += [e.proto.label for e in at.get("download_button")]
    for e in at.get("plotly_chart"):
        texts += figure_texts(decode_spec(json.loads(e.proto.spec)))
    return [str(t) for t in texts if t]
