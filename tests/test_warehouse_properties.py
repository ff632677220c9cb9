"""Property: after any sequence of append / upsert / replace / undo on a generated warehouse,
the metrics read through the customer facts equal the metrics computed from the raw tables.

Each example writes a small generated warehouse (tests/strategies.py), makes it a snapshot
warehouse as the app does, then applies drawn operations through data.loading.write inside
warehouse.change(), as core.load does after validation. After every operation:
    (a) the facts are fresh (metrics read the tables) and equal, row for row, the facts
        computed inline from the raw tables: customer_facts (data/facts.sql) and the complaint,
        survey and contact facts (data/facts_*.sql: region, segment, each contact's next one) and the
        stored account ranking (data/facts_ranks.sql);
    (b) the report read through the facts agrees number for number with tests/reference.py,
        an independent implementation from the raw tables, for a drawn filter;
    (c) an undo gives back exactly the tables as they were before the load it undoes.
An operation the database refuses (a NOT NULL column the file lacks on a new key) must leave
the warehouse as it was.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import facts, warehouse
from data.rows import one
from data.loading.write import NothingToUndo, undo_last, undoable, write
from data.periods import BOUNDS_SQL, default_start
from data.schema import TABLES
from metrics.params import Filters, resolve_filters
from metrics.report import build_report
from tests.reference import assert_report_matches, reference_report
from tests.strategies import (
    AMOUNTS,
    REGIONS,
    SEGMENTS,
    Warehouse,
    day,
    offsets,
    report_filters,
    warehouses,
    write_warehouse,
)

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["Acme", "Bolt", None, "Cato 新"]


@st.composite
def customer_row(draw, cid: str) -> tuple:
    signup = draw(st.one_of(st.none(), offsets))
    churn = None if signup is None or draw(st.booleans()) else signup + draw(st.sampled_from([0, 30, 400]))
    return (cid, draw(st.sampled_from(NAMES)), draw(st.sampled_from(REGIONS)), draw(st.sampled_from(SEGMENTS)),
            None if signup is None else day(signup), None if churn is None else day(churn),
            None if churn is None else "reason")


@st.composite
def order_row(draw, oid: str, customers: list[str]) -> tuple:
    return (oid, draw(st.sampled_from(customers)), day(draw(offsets)), draw(st.sampled_from(AMOUNTS)),
            draw(st.sampled_from([None, 1.5])))


@st.composite
def operations(draw, wh: Warehouse) -> list[tuple]:
    """(mode, table, rows, columns) loads and ("undo",), on keys old and new."""
    customers = [c[0] for c in wh.customers]
    orders = [o[0] for o in wh.orders]
    ops: list[tuple] = []  # (mode, table, rows, columns), or ("undo",)
    fresh = 0
    for _ in range(draw(st.integers(1, 4))):
        mode = draw(st.sampled_from(["append", "upsert", "upsert", "replace", "undo"]))
        if mode == "undo":
            ops.append(("undo",))
            continue
        table = draw(st.sampled_from(["customers", "orders"]))
        new_keys = [f"{table[0].upper()}N{fresh + i}" for i in range(draw(st.integers(0, 2)))]
        fresh += len(new_keys)
        old_keys = [] if mode == "append" else draw(st.lists(st.sampled_from(customers if table == "customers"
                                                                             else orders or ["none"]),
                                                             unique=True, max_size=4))
        keys = [k for k in old_keys + new_keys if k != "none"]
        rows = [draw(customer_row(k)) if table == "customers" else draw(order_row(k, customers)) for k in keys]
        names = TABLES[table].column_names
        columns = None
        if mode == "upsert" and draw(st.booleans()):
            columns = [names[0], *draw(st.lists(st.sampled_from(names[1:]), unique=True))]
        ops.append((mode, table, rows, columns))
    return ops


def tables(path: Path) -> dict[str, list[tuple]]:
    """customers and orders of the current state, sorted by key."""
    cur = warehouse.cursor(path)
    try:
        return {t: cur.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()
                for t in ("customers", "orders")}
    finally:
        cur.close()


def apply(path: Path, mode: str, table: str, rows: list[tuple], columns: list[str] | None) -> None:
    """Write `rows` as a load in `mode` would (absent columns NULL in the typed rows)."""
    names = TABLES[table].column_names
    with warehouse.change(path, what="a generated load") as cur:
        cur.execute(f'CREATE TEMP TABLE typed AS SELECT * FROM "{table}" LIMIT 0')
        for row in rows:
            kept = [v if columns is None or n in columns else None for n, v in zip(names, row)]
            cur.execute("INSERT INTO typed VALUES (" + ", ".join("?" * len(kept)) + ")", kept)
        write(cur, table, mode, file_name=f"{mode}.csv", file_hash=mode, rows=len(rows), user="hypothesis",
              columns=columns)


def check(path: Path, filters: Filters) -> None:
    cur = warehouse.cursor(path)
    try:
        assert facts.is_fresh(cur)  # (a) the metrics below read the table
        table = cur.execute(f"SELECT * FROM ({facts.TABLE_SELECT}) ORDER BY customer_id").fetchall()
        inline = cur.execute(f"SELECT * FROM ({facts.FACTS_SQL}) ORDER BY customer_id").fetchall()
        assert table == inline
        for name, (side, sql) in facts.SIDE_FACTS.items():
            stored = cur.execute(f"SELECT * FROM {side} ORDER BY ALL").fetchall()
            computed = cur.execute(f"SELECT * FROM (WITH facts AS ({facts.FACTS_SQL}) {sql}) ORDER BY ALL").fetchall()
            assert stored == computed, name
        ranks = cur.execute(f"{facts.STORED_RANKS} ORDER BY rank").fetchall()
        ranked = cur.execute(f"SELECT * FROM ({facts.RANKS_TABLE_SQL.replace('FROM customer_facts', f'FROM ({facts.FACTS_SQL})')}) "
                             "ORDER BY rank").fetchall()
        assert ranks == ranked
        # the pages' default window: the window the facts recorded, the ranking computed over it now
        as_of, start = one(cur.execute(BOUNDS_SQL))
        first, last = (default_start(start, as_of), as_of) if as_of else (None, None)
        assert facts.stored_window(cur) == ((first, last) if as_of else None)
        window_ranks = cur.execute(f"{facts.STORED_WINDOW_RANKS} ORDER BY rank").fetchall()
        window_ranked = cur.execute(
            f"SELECT * FROM ({facts.RANKS_WINDOW_TABLE_SQL.replace('FROM customer_facts', f'FROM ({facts.FACTS_SQL})')}) "
            "ORDER BY rank", {"start": first, "end": last}).fetchall()
        assert window_ranks == window_ranked
        if not one(cur.execute("SELECT count(*) FROM customers"))[0]:
            return
        report = build_report(cur, resolve_filters(cur, filters))
        assert_report_matches(report, reference_report(cur, filters), rel_tol=1e-6, abs_tol=1e-9)  # (b)
    finally:
        cur.close()


@SETTINGS
@given(data=st.data(), wh=warehouses(max_customers=8), filters=report_filters())
def test_facts_agree_with_the_raw_tables_after_any_sequence_of_loads(data, wh: Warehouse, filters: Filters):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.duckdb"
        write_warehouse(wh, path)
        warehouse.ready(path)
        before_loads: list[dict] = []  # the tables before each load still in effect
        try:
            for op in data.draw(operations(wh)):
                now = tables(path)
                if op[0] == "undo":
                    cur = warehouse.cursor(path)
                    try:
                        if undoable(cur) is None:
                            assert not before_loads
                            continue
                        undo_last(cur)
                    finally:
                        cur.close()
                    assert tables(path) == before_loads.pop()  # (c)
                else:
                    try:
                        apply(path, *op)
                        before_loads.append(now)
                    except duckdb.ConstraintException:
                        assert tables(path) == now
                check(path, filters)
        finally:
            warehouse.close(path)


def test_undo_with_nothing_loaded_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    warehouse.ready(path)
    cur = warehouse.cursor(path)
    try:
        assert undoable(cur) is None
        try:
            undo_last(cur)
        except NothingToUndo:
            pass
        else:
            raise AssertionError("undo of an empty warehouse did not refuse")
    finally:
        cur.close()
        warehouse.close(path)
