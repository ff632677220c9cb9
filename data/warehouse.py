"""The one owner of warehouse connections.

DuckDB allows one read-write connection per file per process and refuses
concurrent use of one connection from several threads. So this module keeps
exactly one connection per warehouse file per process and hands out a fresh
`cursor()` for each script run, thread or CLI command. Writes go through
`transaction()`, which commits all or nothing; every load bumps the
`data_version` that page caches are keyed by.

The warehouse file is `data/warehouse.duckdb` unless the environment
variable WAREHOUSE_PATH names another. DUCKDB_MEMORY_LIMIT (default 2GB)
caps DuckDB's buffers.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from data import facts
from data.schema import SCHEMA_SQL

DEFAULT_PATH = Path(__file__).with_name("warehouse.duckdb")
# DuckDB's own buffer limit (it spills to disk beyond it), keeping the app well
# under 3 GB at a million customers; override with DUCKDB_MEMORY_LIMIT.
MEMORY_LIMIT = os.environ.get("DUCKDB_MEMORY_LIMIT", "2GB")

_lock = threading.Lock()
_connections: dict[str, duckdb.DuckDBPyConnection] = {}


class _ReadWriteLock:
    """Many readers at once, or one committer alone.

    DuckDB 2.0 was seen to let a query that runs *during* the COMMIT of a large
    append count part of the new rows. Readers therefore hold the read side
    while they query, and a commit takes the write side: it waits for running
    queries to finish and holds new ones back until it is done, so every
    query sees all the old rows or all the new ones.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._writing = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


_commits = _ReadWriteLock()


def reading():
    """Hold while querying data that a load in this process may be committing."""
    return _commits.read()


def warehouse_path() -> Path:
    """The warehouse file this process uses: $WAREHOUSE_PATH or data/warehouse.duckdb."""
    return Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_PATH)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical and bookkeeping table that is missing."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the warehouse at `path` (created on first use).

    Do not run queries on it directly from several threads: take `cursor(path)`.
    """
    key = str(Path(path or warehouse_path()).resolve())
    with _lock:
        con = _connections.get(key)
        if con is None:
            Path(key).parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(key, config={"memory_limit": MEMORY_LIMIT})
            con.execute("SET preserve_insertion_order = false")
            create_schema(con)
            _connections[key] = con
        return con


def cursor(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A new cursor on the process connection: one per script run, thread or command."""
    return connect(path).cursor()


def close(path: str | Path | None = None) -> None:
    """Close this process's connection to `path` (tests and CLI commands use it)."""
    key = str(Path(path or warehouse_path()).resolve())
    with _lock:
        con = _connections.pop(key, None)
    if con is not None:
        con.close()


@contextmanager
def transaction(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction: committed whole, or rolled back on any error."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    with _commits.write():  # no query of this process runs while the commit lands
        cur.execute("COMMIT")


def data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """The warehouse's data version: a counter every load increments."""
    row = cur.execute("SELECT value FROM warehouse_meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """Increment the data version and rebuild the customer facts for it.

    Call inside the load's transaction (record_load does), so readers see the
    new rows, the new facts and the new version together. Returns the new version.
    """
    cur.execute(
        "UPDATE warehouse_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
        "WHERE key = 'data_version'"
    )
    version = data_version(cur)
    facts.refresh(cur, version)
    return version


def record_load(cur: duckdb.DuckDBPyConnection, *, table: str, file_name: str, file_hash: str,
                rows: int, mode: str, user: str, bump: bool = True) -> int:
    """Append one row to load_log and (unless bump=False, for all but the last of
    several loads in one transaction) bump the data version; returns the load id."""
    load_id = cur.execute(
        "INSERT INTO load_log (table_name, file_name, file_hash, rows, mode, loaded_by) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING load_id",
        [table, file_name, file_hash, rows, mode, user],
    ).fetchone()[0]
    if bump:
        bump_data_version(cur)
    return int(load_id)


def last_load(cur: duckdb.DuckDBPyConnection) -> dict | None:
    """The most recent load that is still in effect: table, file name, time, user; None if none."""
    row = cur.execute(
        "SELECT table_name, file_name, loaded_at, loaded_by, mode FROM load_log "
        "WHERE NOT undone ORDER BY load_id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("table", "file_name", "loaded_at", "loaded_by", "mode"), row))
