"""What bounds each page: every query a page's metric calls run, timed and profiled.

`python -m bench.profile --db bench/warehouses/demo_1000000.duckdb [--views overview,funnel]
[--out FILE.md]` replays each page's metric calls (recorded from the pages, bench/calls.py)
once to warm DuckDB's buffers, then once more with a recording cursor that notes every
statement the metric code sends (SQL, bound values, wall time). For each statement it then
runs DuckDB's profiler (the JSON form of EXPLAIN ANALYZE) and lists the costliest operators,
and it runs the whole page's calls once under cProfile to split the time between DuckDB and
Python. Read-only: it opens the warehouse read-only and changes no metric code.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Statement:
    sql: str
    params: dict | list | None
    seconds: float


@dataclass
class Recorder:
    """A cursor stand-in that passes every call through to the real cursor and notes
    each `execute` (the metric functions use only `execute` and its result), timing
    the statement together with the fetch of its result, where DuckDB does most work."""

    cur: duckdb.DuckDBPyConnection
    seen: list[Statement] = field(default_factory=list)

    def execute(self, sql: str, params=None):
        t0 = time.perf_counter()
        result = self.cur.execute(sql, params) if params is not None else self.cur.execute(sql)
        statement = Statement(sql, params, time.perf_counter() - t0)
        self.seen.append(statement)
        return _Timed(result, statement)

    def __getattr__(self, name: str):
        return getattr(self.cur, name)


class _Timed:
    """A statement's result whose fetch methods add their time to the statement."""

    def __init__(self, result, statement: Statement) -> None:
        self._result, self._statement = result, statement

    def __getattr__(self, name: str):
        method = getattr(self._result, name)

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._statement.seconds += time.perf_counter() - t0
        return timed


def _walk(node: dict, out: list[tuple[float, str, int, str]]) -> None:
    """Collect (seconds, operator, rows out, table) over an operator tree (DuckDB 2.0's
    JSON profile: type, timing, intermediate_rows, extra_info; older names also read)."""
    name = node.get("type") or node.get("operator_type") or node.get("operator_name") or "?"
    timing = float(node.get("timing", node.get("operator_timing", 0)) or 0)
    rows = int(node.get("intermediate_rows", node.get("operator_cardinality", 0)) or 0)
    info = node.get("extra_info") or {}
    table = str(info.get("Table", "")) if isinstance(info, dict) else ""
    out.append((timing, name.strip(), rows, table))
    for child in node.get("children", []):
        _walk(child, out)


def operators(cur: duckdb.DuckDBPyConnection, st: Statement, folder: Path) -> tuple[float, float, list]:
    """Total time, CPU time and operators (seconds, name, rows out, table) of one profiled run."""
    out_file = folder / "profile.json"
    out_file.unlink(missing_ok=True)  # a statement that writes no profile must not show the last one
    cur.execute("PRAGMA enable_profiling = 'json'")
    cur.execute(f"PRAGMA profiling_output = '{out_file}'")
    try:
        cur.execute(st.sql, st.params).fetchall() if st.params is not None else cur.execute(st.sql).fetchall()
    finally:
        cur.execute("PRAGMA disable_profiling")
    if not out_file.exists():
        return 0.0, 0.0, []
    tree = json.loads(out_file.read_text())
    ops: list = []
    for root in tree.get("operator", tree.get("children", [])):
        _walk(root, ops)
    q = tree.get("query", {})
    total = float(q.get("total_time", tree.get("latency", 0)) or 0)
    return total, float(q.get("cpu_time", 0) or 0), sorted(ops, reverse=True)


def label(sql: str) -> str:
    """A short name for a statement: the metric query it ends with, or its first words."""
    tail = re.findall(r"^-- (\w[\w ./:-]*)", sql, flags=re.M)
    first = " ".join(sql.split())[:70]
    return tail[-1][:70] if tail else first


def page_profile(db: str, view: str, calls: list, folder: Path) -> str:
    """Markdown: the page's statements with wall time, their top operators, and cProfile's split."""
    from bench.calls import replay
    from data import warehouse
    from metrics.params import resolve_dashboard_filters

    cur = warehouse.cursor(db)
    page = resolve_dashboard_filters(cur)

    def run(con) -> None:
        replay(con, calls, page)

    run(cur)  # warm DuckDB's buffers
    rec = Recorder(cur)
    t0 = time.perf_counter()
    run(rec)
    total = time.perf_counter() - t0
    lines = [f"### {view}: {len(calls)} metric calls, {len(rec.seen)} statements, {total:.2f} s warm", "",
             "| # | statement | wall s | profiled s (CPU s) | costliest operators (s, rows out) |",
             "|---|---|---|---|---|"]
    scans: dict[str, list[int]] = {}
    by_type: dict[str, float] = {}
    for i, st in enumerate(rec.seen, 1):
        latency, cpu, ops = operators(cur, st, folder)
        for t, name, rows, table in ops:
            by_type[name] = by_type.get(name, 0.0) + t
            if "SCAN" in name and table:
                scans.setdefault(table, []).append(rows)
        if latency < 0.01:
            continue  # bookkeeping (facts freshness, bounds): listed in the count, not the table
        top = "; ".join(f"{name} {t:.3f} ({rows:,}){' ' + table if table else ''}"
                        for t, name, rows, table in ops[:4] if t > 0)
        lines.append(f"| {i} | `{label(st.sql)}` | {st.seconds:.3f} | {latency:.3f} ({cpu:.3f}) | {top} |")
    spent = sum(by_type.values()) or 1.0
    lines += ["", "Operator time on this page (share of all profiled operator time): " + ", ".join(
        f"{name} {t / spent:.0%}" for name, t in sorted(by_type.items(), key=lambda kv: -kv[1])[:6]), "",
        "Table scans on this page (scans, rows each): " + (", ".join(
            f"{t} x{len(r)} ({max(r):,})" for t, r in sorted(scans.items())) or "none"), ""]
    prof = cProfile.Profile()
    prof.enable()
    run(cur)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    # DuckDB's methods are not seen by cProfile: their time is the own time of metrics.sql._execute
    # (execute) and of the fetch lambdas beside it (df, fetchall).
    in_duckdb = sum(v[2] for k, v in stats.stats.items() if k[0].endswith("metrics/sql.py") and k[2] in ("_execute", "<lambda>"))  # type: ignore[attr-defined]  # undeclared in typeshed's pstats.Stats
    stats.sort_stats("cumulative").print_stats(12)
    lines += [f"cProfile, one warm page call: {stats.total_tt:.2f} s in all, {in_duckdb:.2f} s inside DuckDB "  # type: ignore[attr-defined]  # undeclared in typeshed's pstats.Stats
              f"(metrics.sql._execute's own time and its fetch's: execute + fetch), the rest Python.", "", "```", *_trim(buf.getvalue()), "```", ""]
    cur.close()
    warehouse.close(db)
    return "\n".join(lines)


def _trim(text: str) -> list[str]:
    keep, on = [], False
    for line in text.splitlines():
        if "ncalls" in line:
            on = True
        if on and line.strip():
            keep.append(line.replace(str(ROOT) + "/", "")[:150])
    return keep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--views", default="", help="comma-separated; all pages if empty")
    parser.add_argument("--out", default="", help="write the Markdown here too")
    args = parser.parse_args(argv)

    from bench.calls import record_page_calls
    from data import demo

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        small = Path(tmp) / "calls.duckdb"  # its own small demo: the pages' calls do not depend on size
        demo.build(small, customers=3_000)
        calls = record_page_calls(str(small))
        views = [v for v in args.views.split(",") if v] or list(calls)
        parts = [page_profile(args.db, view, calls[view], Path(tmp)) for view in views]
    text = "\n".join(parts)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
