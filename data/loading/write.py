"""Write the validated `typed` rows into a canonical table; undo and restore; history.

`write()` runs inside the caller's change (`warehouse.change`, which core.load opens),
so the rows, the load_log row, the restore point and the data-version bump (which
rebuilds the customer facts from the rows just written) commit together or not at all.

Undo and restore go back to a restore point: the snapshot the warehouse was in before
a load (data/warehouse.py). Any of the last N loads (WAREHOUSE_RESTORE_POINTS, default
10) can be restored to; the loads after it are undone with it and marked so in the history.
"""
from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb
import pandas as pd

from i18n import N_
from i18n.message import Message

from data import snapshots, warehouse
from data.rows import one
from data.schema import TABLES, quote_ident

MODES = ("append", "upsert", "replace")


class NothingToUndo(Exception):
    """There is no restore point to go back to; `message` says why (str(e) is the English text)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.say("en"))
        self.message = message


def preview(cur: duckdb.DuckDBPyConnection, table: str, mode: str) -> dict:
    """What writing `typed` would do: rows to add, replace and remove, and the dates covered."""
    spec = TABLES[table]
    key, tbl = quote_ident(spec.key), quote_ident(table)
    date_name = next(c.name for c in spec.columns if c.type in ("DATE", "TIMESTAMP"))
    date_col = quote_ident(date_name)
    rows, existing, first, last = one(cur.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE t.{key} IN (SELECT {key} FROM {tbl})),
               CAST(min(t.{date_col}) AS DATE), CAST(max(t.{date_col}) AS DATE)
        FROM typed AS t
        """
    ))
    table_rows = one(cur.execute(f"SELECT count(*) FROM {tbl}"))[0]
    replaced = existing if mode != "append" else 0
    return {"rows_in_file": rows, "rows_to_add": rows - replaced, "rows_to_replace": replaced,
            "rows_to_remove": table_rows - existing if mode == "replace" else 0,
            "date_column": date_name, "date_from": first, "date_to": last}


def same_file_loads(cur: duckdb.DuckDBPyConnection, table: str, file_hash: str) -> list[dict]:
    """Earlier loads still in effect of the file with this hash into this table."""
    frame = cur.execute(
        "SELECT load_id, file_name, loaded_at, loaded_by FROM load_log "
        "WHERE table_name = ? AND file_hash = ? AND NOT undone ORDER BY load_id", [table, file_hash]
    ).df()
    return frame.to_dict("records")


def write(cur: duckdb.DuckDBPyConnection, table: str, mode: str, *, file_name: str,
          file_hash: str, rows: int, user: str, columns: Collection[str] | None = None) -> int:
    """Append/upsert/replace `typed` into `table`, then record the load; returns the load id.

    `columns` are the canonical columns present in the file (None: all). An upsert sets
    only those on existing keys and leaves the others as they are; new keys get NULL in
    the columns the file does not have.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    tbl, cols = quote_ident(table), _columns(table)
    if mode == "replace":
        _rebuild(cur, table, f"SELECT {cols} FROM typed")
    elif mode == "append":
        cur.execute(f"INSERT INTO {tbl} ({cols}) SELECT {cols} FROM typed")
    else:
        key = TABLES[table].key
        named = [c for c in TABLES[table].column_names if columns is None or c in columns]
        sets = ", ".join(f"{quote_ident(c)} = EXCLUDED.{quote_ident(c)}" for c in named if c != key)
        cur.execute(f"INSERT INTO {tbl} ({cols}) SELECT {cols} FROM typed "
                    f"ON CONFLICT ({quote_ident(key)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING"))
    return warehouse.record_load(cur, table=table, file_name=file_name, file_hash=file_hash,
                                 rows=rows, mode=mode, user=user)


def _columns(table: str) -> str:
    return ", ".join(quote_ident(c) for c in TABLES[table].column_names)


def _rebuild(cur: duckdb.DuckDBPyConnection, table: str, select: str) -> None:
    """Recreate `table` (same DDL) filled by `select`.

    DuckDB commits a mass DELETE from a keyed table slowly (index maintenance,
    over a minute for a million rows); a fresh table commits in seconds.
    """
    ddl = one(cur.execute("SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                          [table]))[0]
    tbl = quote_ident(table)
    cur.execute(f"ALTER TABLE {tbl} RENAME TO old_rows")
    cur.execute(ddl)
    cur.execute(f"INSERT INTO {tbl} ({_columns(table)}) {select}")
    cur.execute("DROP TABLE old_rows")


LOAD_KEYS = ("load_id", "table", "mode", "file_name", "loaded_at", "loaded_by", "rows")
POINTS_SQL = """
SELECT l.load_id, l.table_name, l.mode, l.file_name, l.loaded_at, l.loaded_by, l.rows, r.snapshot
FROM load_log AS l JOIN restore_point AS r USING (load_id)
WHERE NOT l.undone ORDER BY l.load_id DESC LIMIT ?
"""


def restore_points(cur: duckdb.DuckDBPyConnection, limit: int = snapshots.RESTORE_POINTS) -> list[dict]:
    """The loads (newest first) the warehouse can be restored to the state before:
    load_id, table, mode, file_name, loaded_at, loaded_by, rows, snapshot."""
    try:
        found = cur.execute(POINTS_SQL, [limit]).fetchall()
    except duckdb.CatalogException:  # a warehouse from before restore points
        return []
    folder = warehouse.snapshot_dir(warehouse.warehouse_of(cur))
    return [dict(zip((*LOAD_KEYS, "snapshot"), r)) for r in found if (folder / r[-1]).exists()]


def undoable(cur: duckdb.DuckDBPyConnection) -> dict | None:
    """The most recent load still in effect, if it can be undone: load_id, table, mode, file, when, who."""
    points = restore_points(cur, 1)
    latest = one(cur.execute("SELECT max(load_id) FROM load_log WHERE NOT undone"))[0]
    return points[0] if points and points[0]["load_id"] == latest else None


def to_undo(cur: duckdb.DuckDBPyConnection, load_id: int) -> list[dict]:
    """The loads still in effect that restoring to before `load_id` undoes, newest first."""
    rows = cur.execute("SELECT load_id, table_name, mode, file_name, loaded_at, loaded_by, rows FROM load_log "
                       "WHERE NOT undone AND load_id >= ? ORDER BY load_id DESC", [load_id]).fetchall()
    return [dict(zip(LOAD_KEYS, r)) for r in rows]


def restore(cur: duckdb.DuckDBPyConnection, load_id: int) -> list[dict]:
    """Bring the warehouse back to its state before load `load_id`; returns the loads undone.

    The tables become exactly what they were (a copy of the restore point); the history
    keeps every load, those undone marked so; saved presets stay; the data version goes up.
    """
    path = warehouse.warehouse_of(cur)
    left: dict = {}

    def point_of(now: duckdb.DuckDBPyConnection) -> Path:
        """Read, under the writer lock, what the restore needs from the state it leaves."""
        point = next((p for p in restore_points(now, 1 << 30) if p["load_id"] == load_id), None)
        if point is None:
            raise NothingToUndo(Message(N_("load #{load_id} cannot be restored to (undone already, too old, or not a "
                                           "load)"), load_id=str(load_id)))
        left.update(undone=to_undo(now, load_id), version=warehouse.data_version(now),
                    log=now.execute("SELECT * FROM load_log WHERE load_id >= ?", [load_id]).fetchall(),
                    presets=now.execute("SELECT * FROM mapping_preset").fetchall())
        return warehouse.snapshot_dir(path) / point["snapshot"]

    with warehouse.change(path, what=f"restoring to before load #{load_id}", base=point_of) as new:
        new.execute("DELETE FROM load_log WHERE load_id >= ?", [load_id])
        for row in left["log"]:
            new.execute("INSERT INTO load_log VALUES (" + ", ".join("?" * len(row)) + ")", list(row))
        new.execute("UPDATE load_log SET undone = true WHERE load_id >= ?", [load_id])
        new.execute("DELETE FROM mapping_preset")
        for row in left["presets"]:
            new.execute("INSERT INTO mapping_preset VALUES (?, ?, ?, ?, ?)", list(row))
        warehouse.bump_data_version(new, rows_changed=False, after=left["version"])
    return left["undone"]


def undo_last(cur: duckdb.DuckDBPyConnection) -> dict:
    """Undo the most recent load still in effect (restore to before it); returns that load."""
    load = undoable(cur)
    if load is None:
        raise NothingToUndo(Message(N_("the most recent load cannot be undone (nothing loaded since the last undo)")))
    restore(cur, load["load_id"])
    return load


def history(cur: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The most recent loads: when, who, file, table, mode, rows, hash, undone, and whether the
    warehouse can be restored to its state before it (restore_point)."""
    frame = cur.execute(
        "SELECT load_id, loaded_at, loaded_by, file_name, table_name, mode, rows, file_hash, undone "
        "FROM load_log ORDER BY load_id DESC LIMIT ?", [limit]
    ).df()
    points = {p["load_id"] for p in restore_points(cur)}
    frame["restore_point"] = frame["load_id"].isin(points)
    return frame
