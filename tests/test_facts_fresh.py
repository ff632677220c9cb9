"""Facts freshness is asked once per snapshot file in a process (a read-only snapshot never changes),
and every new snapshot is asked again: a change written without a load (so without a facts
rebuild) makes the metrics compute the facts inline, with the new rows counted."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import metrics
from data import facts, warehouse
from metrics.params import Filters, Params

WINDOW = Filters(start=date(2024, 1, 1), end=date(2024, 12, 31), as_of=date(2024, 12, 31))


def complainers(path: Path) -> tuple[bool, int]:
    cur = warehouse.read_cursor(path)
    try:
        return facts.fresh(cur), int(metrics.iceberg(cur, WINDOW, Params()).at[0, "complainers"])
    finally:
        cur.close()


def test_each_snapshot_is_asked_once_and_a_change_without_a_load_reads_inline(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    warehouse.connect(path)
    cur = warehouse.cursor(path)
    with warehouse.transaction(cur):
        cur.execute("INSERT INTO customers VALUES ('A', 'a', NULL, NULL, DATE '2024-01-01', NULL, NULL), "
                    "('B', 'b', NULL, NULL, DATE '2024-01-01', NULL, NULL)")
        cur.execute("INSERT INTO complaints VALUES ('K1', 'A', TIMESTAMP '2024-03-01 10:00', 'frontline', "
                    "NULL, NULL, NULL, NULL)")
        warehouse.bump_data_version(cur)
    cur.close()
    warehouse.ready(path)  # the snapshot layout, as the app reads it
    try:
        first = warehouse.current(path)
        assert complainers(path) == (True, 1)
        assert facts._PER_SNAPSHOT[str(first), "is_fresh"] is True
        with warehouse.change(path, what="an edit without a load") as c:  # no bump: the facts are not rebuilt
            c.execute("INSERT INTO complaints VALUES ('K2', 'B', TIMESTAMP '2024-04-01 10:00', 'escalated', "
                      "NULL, NULL, NULL, NULL)")
        second = warehouse.current(path)
        assert second != first
        assert complainers(path) == (False, 2)  # inline: B's complaint counts
        assert facts._PER_SNAPSHOT[str(second), "is_fresh"] is False
        assert facts._PER_SNAPSHOT[str(first), "is_fresh"] is True
    finally:
        warehouse.close(path)
