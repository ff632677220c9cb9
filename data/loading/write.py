"""Write the validated `typed` rows into a canonical table, keep an undo snapshot, undo.

All functions here run inside the caller's transaction (`warehouse.transaction`),
so the write, its snapshot, the load_log row and the data-version bump commit
together or not at all; readers on other cursors see the old table until then.

The snapshot of the most recent load is what undo needs to restore the table
exactly: the keys the load wrote (`undo_keys`) and the rows it replaced or
removed (`undo_<table>`). A new load clears the previous snapshot, so only the
most recent load can be undone.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from data import warehouse
from data.schema import TABLES, quote_ident

MODES = ("append", "upsert", "replace")
DELETE_LIMIT = 50_000  # above this many rows to delete, rebuilding the table is faster


class NothingToUndo(Exception):
    """There is no load whose snapshot can restore the warehouse."""


def _undo_table(table: str) -> str:
    quote_ident(table)  # raises for anything but a canonical name
    return f'"undo_{table}"'


def preview(cur: duckdb.DuckDBPyConnection, table: str, mode: str) -> dict:
    """What writing `typed` would do: rows to add, replace and remove, and the dates covered."""
    spec = TABLES[table]
    key, tbl = quote_ident(spec.key), quote_ident(table)
    date_name = next(c.name for c in spec.columns if c.type in ("DATE", "TIMESTAMP"))
    date_col = quote_ident(date_name)
    rows, existing, first, last = cur.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE t.{key} IN (SELECT {key} FROM {tbl})),
               CAST(min(t.{date_col}) AS DATE), CAST(max(t.{date_col}) AS DATE)
        FROM typed AS t
        """  # noqa: S608 (allow-listed names)
    ).fetchone()
    table_rows = cur.execute(f"SELECT count(*) FROM {tbl}").fetchone()[0]  # noqa: S608
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
          file_hash: str, rows: int, user: str) -> int:
    """Snapshot, then append/upsert/replace `typed` into `table`; returns the load id."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    load_id = warehouse.record_load(cur, table=table, file_name=file_name, file_hash=file_hash,
                                    rows=rows, mode=mode, user=user)
    _snapshot(cur, table, mode, load_id)
    tbl, cols = quote_ident(table), _columns(table)
    if mode == "replace":
        _rebuild(cur, table, f"SELECT {cols} FROM typed")  # noqa: S608
    else:
        verb = "INSERT OR REPLACE" if mode == "upsert" else "INSERT"
        cur.execute(f"{verb} INTO {tbl} ({cols}) SELECT {cols} FROM typed")  # noqa: S608
    return load_id


def _columns(table: str) -> str:
    return ", ".join(quote_ident(c) for c in TABLES[table].column_names)


def _rebuild(cur: duckdb.DuckDBPyConnection, table: str, select: str, params: list | None = None) -> None:
    """Recreate `table` (same DDL) filled by `select`, which may read the old rows as "old_rows".

    DuckDB commits a mass DELETE from a keyed table slowly (index maintenance,
    over a minute for a million rows); a fresh table commits in seconds.
    """
    ddl = cur.execute("SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                      [table]).fetchone()[0]
    tbl = quote_ident(table)
    cur.execute(f"ALTER TABLE {tbl} RENAME TO old_rows")
    cur.execute(ddl)
    cur.execute(f"INSERT INTO {tbl} ({_columns(table)}) {select}", params or [])  # noqa: S608
    cur.execute("DROP TABLE old_rows")


def _remove_keys(cur: duckdb.DuckDBPyConnection, table: str, keys: str, params: list) -> None:
    """Delete the rows whose key is in the subquery `keys`; a rebuild when they are many."""
    tbl, key = quote_ident(table), quote_ident(TABLES[table].key)
    many = cur.execute(f"SELECT count(*) > {DELETE_LIMIT} FROM ({keys})", params).fetchone()[0]  # noqa: S608
    if many:
        _rebuild(cur, table, f"SELECT {_columns(table)} FROM old_rows WHERE {key} NOT IN ({keys})", params)  # noqa: S608
    else:
        cur.execute(f"DELETE FROM {tbl} WHERE {key} IN ({keys})", params)  # noqa: S608


def _clear_snapshot(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute("DELETE FROM undo_snapshot")
    cur.execute("DELETE FROM undo_keys")
    for table in TABLES:
        cur.execute(f"DELETE FROM {_undo_table(table)}")  # noqa: S608


def _snapshot(cur: duckdb.DuckDBPyConnection, table: str, mode: str, load_id: int) -> None:
    """Keep what undo needs: keys written (append, upsert) and rows replaced or removed."""
    _clear_snapshot(cur)
    tbl, key, undo = quote_ident(table), quote_ident(TABLES[table].key), _undo_table(table)
    cur.execute("INSERT INTO undo_snapshot VALUES (?, ?, ?)", [load_id, table, mode])
    if mode != "replace":
        cur.execute(f"INSERT INTO undo_keys SELECT ?, {key} FROM typed", [load_id])  # noqa: S608
    if mode == "upsert":
        cur.execute(f"INSERT INTO {undo} SELECT ?, * FROM {tbl} WHERE {key} IN (SELECT {key} FROM typed)",  # noqa: S608
                    [load_id])
    if mode == "replace":
        cur.execute(f"INSERT INTO {undo} SELECT ?, * FROM {tbl}", [load_id])  # noqa: S608


def undoable(cur: duckdb.DuckDBPyConnection) -> dict | None:
    """The most recent load, if its snapshot can undo it: load_id, table, mode, file, when, who."""
    row = cur.execute(
        """
        WITH latest AS (    -- the most recent load still in effect
            SELECT * FROM load_log WHERE NOT undone ORDER BY load_id DESC LIMIT 1)
        SELECT l.load_id, l.table_name, l.mode, l.file_name, l.loaded_at, l.loaded_by, l.rows
        FROM latest AS l JOIN undo_snapshot AS s USING (load_id)
        """
    ).fetchone()
    keys = ("load_id", "table", "mode", "file_name", "loaded_at", "loaded_by", "rows")
    return dict(zip(keys, row)) if row else None


def undo_last(cur: duckdb.DuckDBPyConnection) -> dict:
    """Restore the table of the most recent load exactly as it was before it, in one transaction."""
    with warehouse.transaction(cur):
        load = undoable(cur)
        if load is None:
            raise NothingToUndo("the most recent load cannot be undone (nothing loaded since the last undo)")
        table, load_id = load["table"], load["load_id"]
        tbl, key, undo = quote_ident(table), quote_ident(TABLES[table].key), _undo_table(table)
        earlier = f"SELECT * EXCLUDE (load_id) FROM {undo} WHERE load_id = ?"  # noqa: S608
        if load["mode"] == "replace":
            _rebuild(cur, table, earlier, [load_id])
        else:  # remove the keys the load added, put back the rows it replaced
            added = (f"SELECT key FROM undo_keys WHERE load_id = ? "  # noqa: S608
                     f"AND key NOT IN (SELECT {key} FROM {undo} WHERE load_id = ?)")
            _remove_keys(cur, table, added, [load_id, load_id])
            cur.execute(f"INSERT OR REPLACE INTO {tbl} {earlier}", [load_id])  # noqa: S608
        cur.execute("UPDATE load_log SET undone = true WHERE load_id = ?", [load_id])
        warehouse.bump_data_version(cur)
        _clear_snapshot(cur)
    return load


def history(cur: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The most recent loads: when, who, file, table, mode, rows, hash, undone."""
    return cur.execute(
        "SELECT load_id, loaded_at, loaded_by, file_name, table_name, mode, rows, file_hash, undone "
        "FROM load_log ORDER BY load_id DESC LIMIT ?", [limit]
    ).df()
