"""The warehouse: one name (WAREHOUSE_PATH) for a series of immutable DuckDB snapshots.

Layout, for WAREHOUSE_PATH=data/warehouse.duckdb (docs/warehouse.md has the why and the numbers):

    data/warehouse.duckdb             symlink to the current snapshot (any DuckDB tool can read it)
    data/warehouse.duckdb.snapshots/  00000042-3fa9c1.duckdb ...: the current snapshot and the
                                      restore points (the state before each of the last N loads)
                                      writer.lock: held by the one process changing the warehouse

Readers (every page of the app in every process, `metrics report`, `data load --history`) open
the current snapshot read-only, and nothing writes into a snapshot once it is current. A change
(`change()`: a load, an undo, a restore, a saved preset) takes the writer lock, copies the
current snapshot to a new file, writes, commits and checkpoints it, then switches the symlink
with one atomic rename. A reader sees the state before or after, never a mix; a process killed
at any moment leaves the old state (its half-written file is removed by the next change). The
data version is part of the snapshot's name, so reading it is one readlink.

A single DuckDB file at the path (a warehouse from before snapshots, the demo generator's and the
test builders' output, written through `cursor()`) is read as it is, and turned into the layout
above without a copy (a hard link) by `ready()` or by the first change made by path or from a
read-only cursor. A change on the read-write connection a builder holds on a single file is
made in place, in one transaction, as before (no restore points).

Settings: WAREHOUSE_PATH; WAREHOUSE_RESTORE_POINTS (N, default 10); WAREHOUSE_WAIT_S (how long a
change waits for another process's change, default 30 s; the CLI asks for 0 and exits with its
"busy" code); DUCKDB_MEMORY_LIMIT (default 2GB per open snapshot).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeGuard

import duckdb

from data import facts, snapshots
from data.rows import one
from data.schema import SCHEMA_SQL
from data.snapshots import Busy, current, snapshot_dir, version_of

__all__ = ["Busy", "change", "close", "connect", "current", "cursor", "data_version", "read_cursor", "ready",
           "record_load", "snapshot_dir", "version_key", "warehouse_of", "warehouse_path"]

DEFAULT_PATH = Path(__file__).with_name("warehouse.duckdb")
# DuckDB's own buffer limit (it spills to disk beyond it), keeping the app well
# under 3 GB at a million customers; override with DUCKDB_MEMORY_LIMIT.
MEMORY_LIMIT = os.environ.get("DUCKDB_MEMORY_LIMIT", "2GB")
KEEP_OPEN = 2  # snapshots of one warehouse a process keeps open (a run may still read the previous one)

_lock = threading.Lock()
_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_snapshots_open: dict[str, list[str]] = {}  # snapshot dir -> open snapshot files, oldest first


def warehouse_path() -> Path:
    """The warehouse this process uses: $WAREHOUSE_PATH or data/warehouse.duckdb."""
    return Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_PATH)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical and bookkeeping table that is missing."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def _open(file: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(file), read_only=read_only, config={"memory_limit": MEMORY_LIMIT})
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise Busy(file, "another program has the file open for writing: " + str(e).split("\n")[0]) from None
        raise
    if not read_only:
        con.execute("SET preserve_insertion_order = false")
    return con


def _key(file: Path) -> str:
    return os.path.abspath(file)


def _target(path: str | Path | None) -> Path:
    """The file a path stands for: its current snapshot, or itself (a single file, maybe missing)."""
    p = Path(path or warehouse_path())
    return current(p) or p


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the warehouse at `path` (or to one of its snapshot files).

    A snapshot warehouse: read-only, on the current snapshot (a new one after every change).
    A single file: read-write, created with the schema if missing (the builders' way).
    Do not run queries on it directly from several threads: take `cursor(path)`.
    """
    file = _target(path)
    key = _key(file)
    with _lock:
        con = _connections.get(key)
        if con is None:
            if snapshots.is_snapshot(file):
                con = _open(file, read_only=True)
                _remember_snapshot(file)
            else:
                file.parent.mkdir(parents=True, exist_ok=True)
                con = _open(file, read_only=False)
                create_schema(con)
            _connections[key] = con
        return con


def _remember_snapshot(file: Path) -> None:
    """Keep the newest KEEP_OPEN snapshots of a warehouse open in this process; close older ones."""
    opened = _snapshots_open.setdefault(_key(file.parent), [])
    opened.append(_key(file))
    while len(opened) > KEEP_OPEN:
        old = _connections.pop(opened.pop(0), None)
        if old is not None:
            old.close()


def cursor(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A new cursor on the process connection: one per script run, thread or command."""
    return connect(path).cursor()


def read_cursor(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A cursor that can only read, and never creates a file or holds a writer out.

    The current snapshot; a single file read-only (unless this process holds it read-write);
    for a path where nothing exists yet, an empty warehouse in memory (a dry run, a history).
    Raises Busy when a single file is open for writing by another program.
    """
    p = Path(path or warehouse_path())
    file = _target(p)
    key = _key(file)
    with _lock:
        con = _connections.get(key)
    if con is not None or snapshots.is_snapshot(file):
        return connect(p).cursor()
    if not file.exists():
        con = duckdb.connect()
        create_schema(con)
        con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('warehouse_path', ?)", [str(p.absolute())])
        return con
    with _lock:
        con = _connections.get(key) or _connections.setdefault(key, _open(file, read_only=True))
    return con.cursor()


def close(path: str | Path | None = None) -> None:
    """Close this process's connections to `path` (tests and CLI commands use it)."""
    p = Path(path or warehouse_path())
    keys = {_key(_target(p)), _key(p)}
    with _lock:
        keys |= set(_snapshots_open.pop(_key(snapshot_dir(p)), []))
        found = [_connections.pop(k) for k in keys if k in _connections]
    for con in found:
        con.close()


def warehouse_of(target: str | Path | duckdb.DuckDBPyConnection | None) -> Path:
    """The warehouse path of a path, of a cursor on one of its snapshots or files, or the default."""
    if target is None:
        return warehouse_path()
    if isinstance(target, (str, Path)):
        return Path(target)
    file = one(target.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"))[0]
    if file is None:  # read_cursor's empty in-memory warehouse remembers the path it stands for
        return Path(one(target.execute("SELECT value FROM warehouse_meta WHERE key = 'warehouse_path'"))[0])
    return snapshots.owner(Path(file))


def _holds_single_file(target: str | Path | duckdb.DuckDBPyConnection | None) -> TypeGuard[duckdb.DuckDBPyConnection]:
    """True for a cursor on a single file this process holds read-write (a builder's)."""
    if isinstance(target, (str, Path)) or target is None:
        return False
    path = warehouse_of(target)
    with _lock:
        con = _connections.get(_key(path))
    return con is not None and not path.is_symlink() and path.exists() and not _is_read_only(con)


def _is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(one(con.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"))[0])


@contextmanager
def transaction(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction on `cur`: committed whole, or rolled back on any error."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")


def _release_single_file(path: Path) -> None:
    """Checkpoint and close this process's own read-write connection to a single file."""
    with _lock:
        con = _connections.pop(_key(path), None)
    if con is not None:
        if not _is_read_only(con):
            con.execute("CHECKPOINT")
        con.close()


@contextmanager
def change(target: str | Path | duckdb.DuckDBPyConnection | None = None, *, what: str = "a change",
           wait: float | None = None,
           base: Callable[[duckdb.DuckDBPyConnection], Path] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Make one change to the warehouse: yields a read-write cursor in an open transaction.

    `target` is a path or a cursor on the warehouse. On a snapshot warehouse the cursor
    writes a new snapshot copied from the current one (or from the snapshot file that
    `base` returns, called under the lock with a read cursor on the current state);
    when the block ends without error it is committed and becomes current atomically, on
    an error nothing changes. Waits up to `wait` seconds (WAREHOUSE_WAIT_S) for another
    process's change, then raises Busy. `what` is shown to anyone who has to wait.
    """
    if _holds_single_file(target):
        with transaction(target) as cur:
            yield cur
        return
    path = warehouse_of(target)
    with snapshots.writer_lock(path, what, snapshots.WAIT_S if wait is None else wait):
        _release_single_file(path)
        snapshots.adopt(path, _single_file_version)
        start = None
        if base is not None:
            now = read_cursor(path)
            try:
                start = base(now)
            finally:
                now.close()
        with snapshots.new_snapshot(path, start, _open, create_schema, data_version) as cur:
            yield cur


def _single_file_version(file: Path) -> int:
    """The data version of a single file, its write-ahead log checkpointed into it first."""
    wal = Path(str(file) + ".wal").exists()
    con = _open(file, read_only=not wal)
    try:
        if wal:
            con.execute("CHECKPOINT")
        return data_version(con)
    finally:
        con.close()


def ready(path: str | Path | None = None, *, wait: float | None = None) -> Path:
    """Make `path` a snapshot warehouse: a single file is adopted, a missing one created empty.
    Returns the current snapshot. Does nothing (one readlink) when it already is one."""
    p = Path(path or warehouse_path())
    found = current(p)
    if found is not None and snapshots.is_snapshot(found):
        return found
    with snapshots.writer_lock(p, "preparing the warehouse", snapshots.WAIT_S if wait is None else wait):
        _release_single_file(p)
        snapshots.adopt(p, _single_file_version)
        if current(p) is None:
            with snapshots.new_snapshot(p, None, _open, create_schema, data_version):
                pass
    found = current(p)
    assert found is not None, "adopt or new_snapshot leaves a current snapshot"
    return found


def version_key(path: str | Path | None = None) -> tuple[str, int]:
    """(current snapshot file, data version): what page caches are keyed by; one readlink."""
    file = current(Path(path or warehouse_path()))
    if file is not None and snapshots.is_snapshot(file):
        return str(file), version_of(file)
    cur = read_cursor(path)
    try:
        return str(Path(path or warehouse_path())), data_version(cur)
    finally:
        cur.close()


def data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """The warehouse's data version: a counter every load, undo and restore increments."""
    row = cur.execute("SELECT value FROM warehouse_meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(cur: duckdb.DuckDBPyConnection, *, rows_changed: bool = True,
                      after: int | None = None) -> int:
    """Increment the data version and bring the customer facts to it; returns the new version.

    Call after the rows are written, in the same transaction (record_load does), so
    readers see the new rows, the facts computed from them and the new version together.
    With rows_changed=False (a restore to an earlier snapshot) facts that were fresh are
    only restamped. `after`: the version to count on from (a restore's, not the snapshot's).
    """
    was_fresh = not rows_changed and facts.is_fresh(cur)
    if after is not None:
        cur.execute("UPDATE warehouse_meta SET value = ? WHERE key = 'data_version'", [str(after)])
    cur.execute(
        "UPDATE warehouse_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
        "WHERE key = 'data_version'"
    )
    version = data_version(cur)
    if was_fresh:
        facts.restamp(cur, version)
    else:
        facts.refresh(cur, version)
    return version


def record_load(cur: duckdb.DuckDBPyConnection, *, table: str, file_name: str, file_hash: str,
                rows: int, mode: str, user: str, bump: bool = True) -> int:
    """Append one row to load_log, after the load's rows are written, with its restore point
    (the snapshot it started from, if any); unless bump=False (for all but the last of several
    loads in one transaction) bump the data version. Returns the load id."""
    load_id = one(cur.execute(
        "INSERT INTO load_log (load_id, table_name, file_name, file_hash, rows, mode, loaded_by) "
        "SELECT COALESCE(max(load_id), 0) + 1, ?, ?, ?, ?, ?, ? FROM load_log RETURNING load_id",
        [table, file_name, file_hash, rows, mode, user],
    ))[0]
    cur.execute("INSERT INTO restore_point SELECT ?, value FROM warehouse_meta "
                "WHERE key = 'base_snapshot' AND value <> ''", [load_id])
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
