"""The warehouse's files: `data init` makes an empty one, read-only commands never create a
file, an old single-file warehouse is read as it is and adopted without a copy, and a change
leaves the link pointing at a snapshot named by its data version (data/warehouse.py)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data import __main__ as data_cli
from data import snapshots, warehouse
from data.loading import cli as load_cli

ROOT = Path(__file__).resolve().parents[1]
CSV = "customer_id,customer_name,region\nC1,Alpha,North\n"


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_init_creates_an_empty_warehouse_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "new" / "w.duckdb"
    assert data_cli.main(["init", "--db", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: empty warehouse created\n"
    snapshot = snapshots.current(path)
    assert snapshot is not None
    assert path.is_symlink() and snapshot.parent == snapshots.snapshot_dir(path) and snapshot.name.startswith("00000000-")
    cur = warehouse.cursor(path)
    try:
        assert cur.execute("SELECT count(*) FROM customers").fetchone() == (0,)
        assert warehouse.data_version(cur) == 0
    finally:
        cur.close()
        warehouse.close(path)
    assert data_cli.main(["init", "--db", str(path)]) == 0
    assert "already there; nothing changed" in capsys.readouterr().out
    assert snapshots.current(path) == snapshot


def test_dry_run_and_history_create_no_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    extract = tmp_path / "customers.csv"
    extract.write_text(CSV, encoding="utf-8")
    path = tmp_path / "missing.duckdb"
    before = listing(tmp_path)
    assert load_cli.main(["--db", str(path), "--table", "customers", "--dry-run", str(extract)]) == 0
    assert capsys.readouterr().out.startswith("ready to load customers.csv -> customers (append): 1 row, 1 added")
    assert load_cli.main(["--db", str(path), "--history"]) == 0
    assert listing(tmp_path) == before


def test_an_old_single_file_is_read_as_it_is_and_adopted_without_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    cur = warehouse.cursor(path)  # a single file, as a builder or an older version wrote it
    cur.execute("INSERT INTO customers (customer_id, region) VALUES ('C9', 'East')")
    cur.close()
    warehouse.close(path)
    inode = path.stat().st_ino
    report = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert report.returncode == 0, report.stderr
    assert not path.is_symlink() and not snapshots.snapshot_dir(path).exists()  # reading changed nothing
    extract = tmp_path / "customers.csv"
    extract.write_text(CSV, encoding="utf-8")
    assert load_cli.main(["--db", str(path), "--table", "customers", str(extract)]) == 0
    assert path.is_symlink()
    points = [f for f in snapshots.snapshot_dir(path).glob("*.duckdb") if f != snapshots.current(path)]
    assert [os.stat(f).st_ino for f in points] == [inode]  # the old file itself is the restore point
    cur = warehouse.cursor(path)
    try:
        assert cur.execute("SELECT customer_id, region FROM customers ORDER BY 1").fetchall() == [
            ("C1", "North"), ("C9", "East")]
    finally:
        cur.close()
        warehouse.close(path)
    assert load_cli.main(["--db", str(path), "--undo"]) == 0
    cur = warehouse.cursor(path)
    try:
        assert cur.execute("SELECT customer_id FROM customers").fetchall() == [("C9",)]
        current = snapshots.current(path)
        assert current is not None and snapshots.version_of(current) == warehouse.data_version(cur) == 2
    finally:
        cur.close()
        warehouse.close(path)
