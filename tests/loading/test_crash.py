"""kill -9 at any moment of a CLI load or undo leaves exactly the old state or the new one.

A load of 100,000 orders and its undo are first run to the end once to learn the two
states and how long each step takes; then each is started again on a fresh copy of
the warehouse and killed (SIGKILL) at points spread over that time, from the start of
the process to after its end. After every kill the warehouse must equal one of the two
states, table by table; the next change then runs and sweeps up what the kill left.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from data import snapshots, warehouse
from data.schema import TABLES

from .conftest import build_sample
from .test_concurrency import ROOT, write_orders_csv

KILLS = 8


def state(path: Path) -> dict:
    """Every canonical table, the load log (without times) and the data version."""
    cur = warehouse.read_cursor(path)
    try:
        found: dict[str, object] = {t: cur.execute(f'SELECT * FROM "{t}" ORDER BY "{spec.key}"').fetchall()
                 for t, spec in TABLES.items()}
        found["load_log"] = cur.execute("SELECT load_id, table_name, rows, undone FROM load_log ORDER BY 1").fetchall()
        found["version"] = warehouse.data_version(cur)
        return found
    finally:
        cur.close()
        warehouse.close(path)


def copy_warehouse(source: Path, folder: Path) -> Path:
    """A copy of a snapshot warehouse (its link and its snapshots) in `folder`."""
    folder.mkdir()
    shutil.copytree(snapshots.snapshot_dir(source), snapshots.snapshot_dir(folder / source.name), symlinks=True)
    current = snapshots.current(source)
    assert current is not None
    (folder / source.name).symlink_to(Path(source.name + snapshots.SUFFIX) / current.name)
    return folder / source.name


def command(path: Path, csv: Path, step: str) -> list[str]:
    base = [sys.executable, "-m", "data", "load", "--db", str(path)]
    return [*base, "--table", "orders", str(csv)] if step == "load" else [*base, "--undo"]


def run_to_end(path: Path, csv: Path, step: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(command(path, csv, step), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The warehouse before the load, after it and after its undo, and how long each step took."""
    root = tmp_path_factory.mktemp("crash")
    csv = root / "orders.csv"
    write_orders_csv(csv, 100_000)
    (root / "base").mkdir()
    before = build_sample(root / "base" / "w.duckdb")
    warehouse.ready(before)
    loaded = copy_warehouse(before, root / "loaded")
    load_s = run_to_end(loaded, csv, "load")
    undone = copy_warehouse(loaded, root / "undone")
    undo_s = run_to_end(undone, csv, "undo")
    return {"root": root, "csv": csv, "paths": {"load": before, "undo": loaded},
            "seconds": {"load": load_s, "undo": undo_s},
            "states": {"before": state(before), "load": state(loaded), "undo": state(undone)}}


@pytest.mark.parametrize("step", ["load", "undo"])
def test_kill_9_at_any_moment_leaves_the_old_or_the_new_state(states: dict, step: str) -> None:
    old = states["states"]["before" if step == "load" else "load"]
    new = states["states"][step]
    outcomes = []
    for i in range(KILLS):
        path = copy_warehouse(states["paths"][step], states["root"] / f"{step}-kill-{i}")
        process = subprocess.Popen(command(path, states["csv"], step), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(states["seconds"][step] * 1.5 * i / (KILLS - 1))  # from the start to after the end
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = state(path)
        assert found in (old, new), f"kill {i} of the {step} left a third state"
        outcomes.append("new" if found == new else "old")
        if found == old:  # the next change runs, and sweeps up the half-written snapshot
            run_to_end(path, states["csv"], step)
            assert state(path) == new
            assert not list(snapshots.snapshot_dir(path).glob(snapshots.INCOMING + "*"))
    assert outcomes[0] == "old"  # killed before it could start
    print(f"{step}: {outcomes}")
