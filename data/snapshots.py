"""The files of a snapshot warehouse: the pointer, the snapshots, the writer lock (see data/warehouse.py).

Every function here works on paths and file descriptors only; data/warehouse.py
owns the DuckDB connections and passes in what opens them.
"""
from __future__ import annotations

import fcntl
import getpass
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

SUFFIX = ".snapshots"
LOCK_NAME = "writer.lock"
INCOMING = "incoming-"
RESTORE_POINTS = int(os.environ.get("WAREHOUSE_RESTORE_POINTS", "10"))
WAIT_S = float(os.environ.get("WAREHOUSE_WAIT_S", "30"))
EXIT_BUSY = 4  # the exit code of every command that finds the warehouse busy


class Busy(Exception):
    """Another process is changing the warehouse (or holds a single-file warehouse for writing)."""

    def __init__(self, path: str | Path, holder: str) -> None:
        super().__init__(f"the warehouse {path} is busy: {holder}")
        self.holder = holder


def snapshot_dir(path: str | Path) -> Path:
    """The folder of a warehouse's snapshots: the path with `.snapshots` appended."""
    return Path(str(path) + SUFFIX)


def is_snapshot(file: Path) -> bool:
    return file.parent.name.endswith(SUFFIX) and file.suffix == ".duckdb" and not file.name.startswith(INCOMING)


def owner(file: Path) -> Path:
    """The warehouse path a snapshot file belongs to (a single file is its own)."""
    return file.parent.with_name(file.parent.name[: -len(SUFFIX)]) if is_snapshot(file) else file


def version_of(snapshot: Path) -> int:
    """The data version in a snapshot's name (00000042-3fa9c1.duckdb -> 42)."""
    return int(snapshot.name.split("-", 1)[0])


def current(path: str | Path) -> Path | None:
    """The file that holds the warehouse's current state: the snapshot the path points to,
    the path itself when it is a single file, None when nothing is there."""
    p = Path(path)
    if p.is_symlink():
        return Path(os.path.normpath(p.parent / os.readlink(p)))
    return p if p.exists() else None


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def holder(path: str | Path) -> str | None:
    """Who is changing the warehouse right now (from the lock file), or None."""
    lock = snapshot_dir(path) / LOCK_NAME
    if not lock.exists():
        return None
    fd = os.open(lock, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "another process"
        return None
    finally:
        os.close(fd)


@contextmanager
def writer_lock(path: Path, what: str, wait: float) -> Iterator[None]:
    """Hold the warehouse's writer lock (across processes), waiting up to `wait` seconds, else Busy."""
    folder = snapshot_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(path, os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
                               or "another process") from None
                time.sleep(0.2)
        note = f"{what} by {getpass.getuser()} (process {os.getpid()}) since {datetime.now():%H:%M:%S}"
        os.ftruncate(fd, 0)
        os.pwrite(fd, note.encode("utf-8"), 0)
        _sweep(path)
        yield
    finally:
        os.close(fd)  # releases the lock


def _sweep(path: Path) -> None:
    """Remove what a killed change left: half-written snapshots and pointer links."""
    for left in snapshot_dir(path).glob(INCOMING + "*"):
        left.unlink(missing_ok=True)
    for left in path.parent.glob(f".{path.name}.*.link"):
        left.unlink(missing_ok=True)


def switch(path: Path, snapshot: Path) -> None:
    """Point the warehouse at `snapshot`, atomically (a rename over the old link)."""
    link = path.with_name(f".{path.name}.{secrets.token_hex(3)}.link")
    os.symlink(os.path.relpath(snapshot, path.parent), link)
    os.replace(link, path)
    _fsync(path.parent, directory=True)


def adopt(path: Path, version: Callable[[Path], int]) -> None:
    """Turn a single-file warehouse at `path` into a snapshot warehouse, without a copy.

    Call with the writer lock held and no connection of this process on the file.
    """
    if path.is_symlink() or not path.exists():
        return
    snapshot = snapshot_dir(path) / f"{version(path):08d}-{secrets.token_hex(3)}.duckdb"
    os.link(path, snapshot)
    switch(path, snapshot)


def prune(path: Path, keep: set[str]) -> None:
    """Delete the snapshots that are neither current nor in `keep` (file names)."""
    now = current(path)
    keep = keep | ({now.name} if now is not None else set())
    for file in snapshot_dir(path).glob("*.duckdb*"):
        if file.name.removesuffix(".wal") not in keep:
            file.unlink(missing_ok=True)


KEEP_SQL = """
SELECT r.snapshot FROM restore_point AS r JOIN load_log AS l USING (load_id)
WHERE NOT l.undone ORDER BY l.load_id DESC LIMIT ?
"""


@contextmanager
def new_snapshot(path: Path, base: Path | None, open_file: Callable[..., duckdb.DuckDBPyConnection],
                 create_schema: Callable, data_version: Callable) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a cursor, in a transaction, on a copy of `base` (default: the current snapshot);
    on success checkpoint it, name it by its data version and make it current."""
    source = base or current(path)
    token = secrets.token_hex(3)
    new = snapshot_dir(path) / f"{INCOMING}{token}.duckdb"
    if source is not None:
        shutil.copyfile(source, new)
    con = open_file(new, read_only=False)
    try:
        create_schema(con)
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        cur.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('base_snapshot', ?)",
                    [source.name if source is not None and is_snapshot(source) else ""])
        yield cur
        cur.execute("COMMIT")
        keep = {r[0] for r in cur.execute(KEEP_SQL, [RESTORE_POINTS]).fetchall()}
        version = data_version(cur)
        cur.close()
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        for left in (new, Path(str(new) + ".wal")):
            left.unlink(missing_ok=True)
        raise
    con.close()
    _fsync(new)
    final = new.with_name(f"{version:08d}-{token}.duckdb")
    os.rename(new, final)
    switch(path, final)
    prune(path, keep)
