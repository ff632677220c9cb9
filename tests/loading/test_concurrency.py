"""Many processes, one warehouse: readers in other processes during a CLI load see the state
before or after it, never a mix; a second writer is told in one line who holds the warehouse
(exit 4) while readers carry on; the test process itself reads on without a restart."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from data import snapshots, warehouse

from .conftest import contents

ROOT = Path(__file__).resolve().parents[2]
ROWS = 200_000

# A reader process, as a page's script run reads: which snapshot is current (one readlink),
# then every query of the "run" on that snapshot. It records (orders, orders counted in the
# customer facts) per run, and stops once it has seen the count the load leads to.
READER = """
import json, sys
from data import facts, warehouse
path, target = sys.argv[1], int(sys.argv[2])
seen = set()
while True:
    snapshot, _ = warehouse.version_key(path)
    cur = warehouse.cursor(snapshot)
    orders = cur.execute("SELECT count(*) FROM orders").fetchone()[0]
    in_facts = cur.execute(f"SELECT sum(orders) FROM ({facts.facts_relation(cur)})").fetchone()[0]
    cur.close()
    if not seen:
        print("reading", flush=True)  # the load starts once every reader has read the old state
    seen.add((orders, int(in_facts)))
    if orders == target:
        break
print(json.dumps(sorted(seen)))
"""


def write_orders_csv(path: Path, rows: int = ROWS) -> None:
    """`rows` valid new orders for the sample customers C1, C2 (written by DuckDB, in a second)."""
    duckdb.execute(
        "COPY (SELECT 'N' || i AS order_id, CASE WHEN i % 2 = 0 THEN 'C1' ELSE 'C2' END AS customer_id, "
        "DATE '2024-03-01' + CAST(i % 300 AS INTEGER) AS order_date, (i % 997) / 4.0 AS amount "
        "FROM range(?) AS t(i)) TO '" + str(path).replace("'", "''") + "' (HEADER)", [rows])


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def first_line(process: subprocess.Popen[str]) -> str:
    """The next line the process prints (it was started with stdout=PIPE)."""
    assert process.stdout is not None
    return process.stdout.readline().strip()


def test_readers_in_other_processes_see_old_or_new_never_a_mix(db: Path, tmp_path: Path) -> None:
    warehouse.ready(db)
    csv = tmp_path / "orders.csv"
    write_orders_csv(csv)
    old = 3  # the sample's orders, all of them for customers in the sample
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(db), str(old + ROWS)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True) for _ in range(2)]
    assert [first_line(r) for r in readers] == ["reading", "reading"]
    loaded = cli("data", "load", "--db", str(db), "--table", "orders", str(csv))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    for reader in readers:
        out, _ = reader.communicate(timeout=600)
        assert reader.returncode == 0
        seen = {tuple(s) for s in json.loads(out)}
        assert seen == {(old, old), (old + ROWS, old + ROWS)}, seen  # rows and facts from one state
    # this process, which read the old state, reads the new one without reopening anything by hand
    assert len(contents(db)["orders"]) == old + ROWS


def test_a_second_writer_is_told_who_holds_the_warehouse_while_readers_go_on(db: Path, tmp_path: Path) -> None:
    warehouse.ready(db)
    csv = tmp_path / "orders.csv"
    write_orders_csv(csv, 10)
    before = contents(db)
    with snapshots.writer_lock(db, "a test holding the lock", wait=0):
        load = cli("data", "load", "--db", str(db), "--table", "orders", str(csv))
        history = cli("data", "load", "--db", str(db), "--history")
        report = cli("metrics", "report", "--db", str(db))
        dry = cli("data", "load", "--db", str(db), "--table", "orders", "--dry-run", str(csv))
    assert load.returncode == snapshots.EXIT_BUSY == 4
    assert load.stdout.count("\n") == 1 and "busy: a test holding the lock by" in load.stdout, load.stdout
    assert not load.stderr
    assert history.returncode == 0 and "load_id" in history.stdout
    assert report.returncode == 0 and json.loads(report.stdout)["funnel"]
    assert dry.returncode == 0 and dry.stdout.startswith("ready to load")
    assert contents(db) == before
    again = cli("data", "load", "--db", str(db), "--table", "orders", str(csv))
    assert again.returncode == 0, again.stdout


def test_a_single_file_held_by_another_program_is_reported_busy(tmp_path: Path) -> None:
    path = tmp_path / "single.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.readline()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert first_line(holder) == "open"
        report = cli("metrics", "report", "--db", str(path))
        load = cli("data", "load", "--db", str(path), "--history")
    finally:
        holder.communicate("\n", timeout=60)
    assert report.returncode == 4 and report.stderr.count("\n") == 1 and "busy" in report.stderr
    assert "Traceback" not in report.stderr + load.stdout + load.stderr
    assert load.returncode == 4 and "busy" in load.stdout
