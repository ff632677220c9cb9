"""Column and value mapping from an extract onto a canonical table, and saved presets.

A `Mapping` says which source column feeds which canonical column, how source
values map onto canonical ones (e.g. level 一线 -> frontline; booleans are known
already) and, optionally, the date format that overrides detection. Its JSON
is the `--mapping MAP.json` of the CLI:

    {"客户编号": "customer_id", "投诉时间": "opened_at",
     "values": {"level": {"一线": "frontline"}}, "date_format": "%d/%m/%Y"}

`suggest()` proposes a mapping from the header names; presets are named
mappings kept in the warehouse table `mapping_preset`, offered again next time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from data import warehouse
from data.loading.synonyms import COLUMN_SYNONYMS, normalise
from data.schema import TABLES

RESERVED_KEYS = ("values", "date_format")


@dataclass
class Mapping:
    """source column -> canonical column, value maps per canonical column, date format override."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_format: str | None = None

    def source_for(self, canonical: str) -> str | None:
        """The source column mapped onto `canonical`, or None."""
        return next((src for src, dst in self.columns.items() if dst == canonical), None)

    def to_json(self) -> dict:
        doc: dict = dict(self.columns)
        if self.values:
            doc["values"] = self.values
        if self.date_format:
            doc["date_format"] = self.date_format
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> Mapping:
        if not isinstance(doc, dict):
            raise ValueError("a mapping is a JSON object {\"source column\": \"canonical column\", ...}")
        columns = {str(k): str(v) for k, v in doc.items() if k not in RESERVED_KEYS and v}
        values = {str(c): {str(k): str(v) for k, v in m.items()} for c, m in (doc.get("values") or {}).items()}
        return cls(columns, values, doc.get("date_format") or None)

    def problems(self, table: str, headers: list[str]) -> list[tuple[str, str]]:
        """(column, problem) for mapping entries that cannot apply to this table and file."""
        known = set(TABLES[table].column_names)
        found = [(src, f"not a column of {table}: '{dst}'") for src, dst in self.columns.items() if dst not in known]
        found += [(src, "no such column in the file") for src in self.columns if src not in headers]
        targets = [dst for dst in self.columns.values()]
        found += [(dst, "mapped from more than one source column") for dst in set(targets) if targets.count(dst) > 1]
        return found


def suggest(table: str, headers: list[str]) -> Mapping:
    """Map each canonical column of `table` to the first header whose name or synonym matches."""
    index: dict[str, str] = {}
    for name in TABLES[table].column_names:
        for alias in (name, *COLUMN_SYNONYMS.get(name, ())):
            index.setdefault(normalise(alias), name)
    columns: dict[str, str] = {}
    # exact canonical names first, so 'date' never steals a column called order_date
    for exact in (True, False):
        for header in headers:
            target = index.get(normalise(header))
            if header in columns or target is None or target in columns.values():
                continue
            if exact == (normalise(header) == normalise(target)):
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
    return next((name for name, m in saved.items() if m.columns and set(m.columns) <= set(headers)), None)
