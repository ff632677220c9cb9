"""Column and value mapping from an extract onto a canonical table, and saved presets.

A `Mapping` says which source column feeds which canonical column (or, with
null, that a column is not to be loaded), how source values map onto canonical
ones (e.g. level 一线 -> frontline; booleans are known already) and, optionally,
the date format and the decimal mark that settle what the values leave
ambiguous. Its JSON is the `--mapping MAP.json` of the CLI and a saved preset:

    {"客户编号": "customer_id", "投诉时间": "opened_at", "备注": null,
     "values": {"level": {"一线": "frontline"}}, "date_format": "%d/%m/%Y", "decimal": ","}

A mapping the analyst gives only overrides what it names: `over(suggest(...))`
keeps the automatic mapping for every other column. `suggest()` proposes a
mapping from the header names (synonyms.matches); presets are named mappings
kept in the warehouse table `mapping_preset`, offered again next time.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import duckdb

from data import warehouse
from data.loading.rules import MAPPED_TWICE, NOT_IN_FILE, not_a_column
from data.loading.synonyms import matches
from data.schema import TABLES

RESERVED_KEYS = ("values", "date_format", "decimal")
DECIMALS = (".", ",")
DATE_DIRECTIVES = set("YmdHMS")


def check_date_format(date_format: str) -> str:
    """The format itself if it is a usable strptime date format (%Y, %m and %d, once each); else ValueError."""
    found = re.findall(r"%(.)", date_format)
    if sorted(d for d in found if d in "Ymd") != ["Y", "d", "m"] or not set(found) <= DATE_DIRECTIVES:
        raise ValueError(f"bad date format {date_format!r}: use %Y, %m and %d once each, e.g. %d/%m/%Y "
                         "(a time of day may follow: %H:%M:%S)")
    return date_format


@dataclass
class Mapping:
    """source column -> canonical column (None: not loaded), value maps, date format and decimal mark."""

    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_format: str | None = None
    decimal: str | None = None

    def source_for(self, canonical: str) -> str | None:
        """The source column mapped onto `canonical`, or None."""
        return next((src for src, dst in self.columns.items() if dst == canonical), None)

    def used(self) -> dict[str, str]:
        """source -> canonical for the columns that are loaded."""
        return {src: dst for src, dst in self.columns.items() if dst}

    def over(self, auto: Mapping) -> Mapping:
        """This mapping laid over `auto`: what it names wins, every other column keeps `auto`'s mapping."""
        targets = set(self.used().values())
        columns = {s: d for s, d in auto.columns.items() if s not in self.columns and d not in targets}
        columns.update(self.columns)
        return Mapping(columns, {**auto.values, **self.values}, self.date_format or auto.date_format,
                       self.decimal or auto.decimal)

    def to_json(self) -> dict:
        doc: dict = dict(self.columns)
        if self.values:
            doc["values"] = self.values
        if self.date_format:
            doc["date_format"] = self.date_format
        if self.decimal:
            doc["decimal"] = self.decimal
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> Mapping:
        """The mapping of a JSON document; ValueError saying what is wrong with it."""
        if not isinstance(doc, dict):
            raise ValueError("a mapping is a JSON object {\"source column\": \"canonical column\", ...}")
        columns: dict[str, str | None] = {}
        for key, value in doc.items():
            if key in RESERVED_KEYS:
                continue
            if value is not None and not isinstance(value, str):
                raise ValueError(f"mapping entry {key!r}: the canonical column must be a name or null, not {value!r}")
            columns[str(key)] = value.strip() if value and value.strip() else None
        raw_values = doc.get("values") or {}
        if not isinstance(raw_values, dict) or not all(isinstance(m, dict) for m in raw_values.values()):
            raise ValueError('"values" must be {"canonical column": {"source value": "canonical value"}}')
        values = {str(c): {str(k): str(v) for k, v in m.items()} for c, m in raw_values.items()}
        date_format = doc.get("date_format") or None
        if date_format is not None:
            check_date_format(str(date_format))
        decimal = doc.get("decimal") or None
        if decimal not in (None, *DECIMALS):
            raise ValueError(f'"decimal" must be "." or ",", not {decimal!r}')
        return cls(columns, values, date_format, decimal)

    def problems(self, table: str, headers: list[str]) -> list[tuple[str, str]]:
        """(column, problem) for mapping entries that cannot apply to this table and file."""
        known = set(TABLES[table].column_names)
        used = self.used()
        found = [(src, not_a_column(table, dst)) for src, dst in used.items() if dst not in known]
        found += [(src, NOT_IN_FILE) for src in used if src not in headers]
        targets = list(used.values())
        found += [(dst, MAPPED_TWICE) for dst in set(targets) if targets.count(dst) > 1]
        return found


def suggest(table: str, headers: list[str]) -> Mapping:
    """Map each canonical column of `table` to the header that names it best (synonyms.matches)."""
    ranked = sorted((rank, i, header, col.name)
                    for i, header in enumerate(headers) for col in TABLES[table].columns
                    if (rank := matches(col.name, col.type, header)) is not None)
    columns: dict[str, str] = {}
    for _, _, header, target in ranked:
        if header not in columns and target not in columns.values():
            columns[header] = target
    return Mapping({h: columns[h] for h in headers if h in columns})


# -- presets ----------------------------------------------------------------------

def save_preset(cur: duckdb.DuckDBPyConnection, table: str, name: str, mapping: Mapping, user: str) -> None:
    """Save (or overwrite) the named preset for `table`."""
    with warehouse.change(cur, what=f"saving the mapping preset {name.strip()!r}") as w:
        w.execute(
            "INSERT OR REPLACE INTO mapping_preset (name, table_name, mapping, saved_at, saved_by) "
            "VALUES (?, ?, ?, current_timestamp, ?)",
            [name.strip(), table, json.dumps(mapping.to_json(), ensure_ascii=False), user],
        )


def presets(cur: duckdb.DuckDBPyConnection, table: str) -> dict[str, Mapping]:
    """The saved presets of `table`, most recently saved first."""
    rows = cur.execute(
        "SELECT name, mapping FROM mapping_preset WHERE table_name = ? ORDER BY saved_at DESC, name", [table]
    ).fetchall()
    return {name: Mapping.from_json(json.loads(doc)) for name, doc in rows}


def matching_preset(saved: dict[str, Mapping], headers: list[str]) -> str | None:
    """The most recent preset whose source columns are all in `headers` (None if none fits)."""
    return next((name for name, m in saved.items() if m.used() and set(m.used()) <= set(headers)), None)
