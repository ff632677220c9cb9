"""`python -m data load`: load one extract into the warehouse from the command line.

    python -m data load --db PATH --table TABLE FILE [--mapping MAP.json]
                        [--mode append|upsert|replace] [--sheet NAME]
                        [--date-format FMT] [--force] [--dry-run] [--user NAME]
    python -m data load --db PATH --history
    python -m data load --db PATH --undo
    python -m data load --db PATH --restore LOAD_ID [--yes]

Exit status: 0 when loaded (or checked with --dry-run) with a one-line summary;
1 when refused (the first 50 failures and their count are printed; the
warehouse is untouched); 3 when the same file was already loaded into the table
(run again with --force to load it anyway); 2 for usage errors; 4 when another
process is changing the warehouse (one line says which; --wait SECONDS waits).
--dry-run and --history never create or change a file.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from data import snapshots, warehouse
from data.loading import core, write
from data.loading.mapping import Mapping, suggest
from data.loading.read import ExtractError, open_extract
from data.schema import LOAD_ORDER

SHOW_FAILURES = 50


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m data load", description=__doc__.split("\n")[0])
    p.add_argument("file", nargs="?", type=Path, help="CSV/TSV/TXT, XLSX or Parquet extract")
    p.add_argument("--db", default=str(warehouse.warehouse_path()), help="warehouse file")
    p.add_argument("--table", choices=LOAD_ORDER)
    p.add_argument("--mode", choices=write.MODES, default="append")
    p.add_argument("--mapping", type=Path, help='JSON {"source column": "canonical column", "values": {...}}')
    p.add_argument("--sheet", help="sheet of an XLSX workbook (default: the first)")
    p.add_argument("--date-format", help="strptime date format overriding detection, e.g. %%d/%%m/%%Y")
    p.add_argument("--force", action="store_true", help="load even if this file was loaded into the table before")
    p.add_argument("--dry-run", action="store_true", help="validate and preview only")
    p.add_argument("--user", default=getpass.getuser(), help="name recorded in the load history")
    p.add_argument("--history", action="store_true", help="print the load history and exit")
    p.add_argument("--undo", action="store_true", help="undo the most recent load and exit")
    p.add_argument("--restore", type=int, metavar="LOAD_ID",
                   help="restore the warehouse to its state before this load (see --history); "
                        "it and the loads after it are undone")
    p.add_argument("--yes", action="store_true", help="restore without asking")
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="wait this long for another process's load to finish (default: exit 4 at once)")
    return p


def _mapping(args: argparse.Namespace, headers: list[str]) -> Mapping:
    """MAP.json when given, else the automatic mapping; --date-format overrides either."""
    if args.mapping is not None:
        mapping = Mapping.from_json(json.loads(args.mapping.read_text(encoding="utf-8")))
    else:
        mapping = suggest(args.table, headers)
    mapping.date_format = args.date_format or mapping.date_format
    return mapping


def _print_refusal(report: core.Report) -> None:
    print(report.summary())
    shown = report.failures.head(SHOW_FAILURES)
    print(shown.to_string(index=False, na_rep=""))
    if len(report.failures) > SHOW_FAILURES:
        print(f"... {len(report.failures) - SHOW_FAILURES} more failures ({len(report.failures)} in all)")
    print("nothing was written")


def _load(args: argparse.Namespace, cur) -> int:
    try:
        extract = open_extract(args.file, sheet=args.sheet)
    except ExtractError as e:
        _print_refusal(core.unreadable(args.file.name, args.table, args.mode, e))
        return 1
    try:
        mapping = _mapping(args, extract.headers)
        run = core.check if args.dry_run else core.load
        kwargs = {} if args.dry_run else {"user": args.user, "force": args.force}
        report = run(cur, extract, args.table, args.mode, mapping, **kwargs)
    finally:
        extract.cleanup()
    if not report.ok:
        _print_refusal(report)
        return 1
    if report.load_id is None and not args.dry_run:
        ids = ", ".join(f"#{x['load_id']}" for x in report.same_file)
        print(f"not loaded: {args.file.name} was already loaded into {args.table} (load {ids}); "
              "use --force to load it again")
        return 3
    print(report.summary())
    return 0


def _restore(args: argparse.Namespace, cur) -> int:
    """Restore to before load --restore after listing the loads it undoes (and asking, unless --yes)."""
    undone = write.to_undo(cur, args.restore)
    if args.restore not in {p["load_id"] for p in write.restore_points(cur)}:
        print(f"load #{args.restore} is not a restore point (see --history, column restore_point)")
        return 1
    print(f"restoring to before load #{args.restore} undoes {len(undone)} load(s):")
    for x in undone:
        print(f"  #{x['load_id']} {x['loaded_at']:%Y-%m-%d %H:%M} {x['loaded_by']}: {x['file_name']} -> "
              f"{x['table']} ({x['mode']}, {x['rows']:,} rows)")
    if not args.yes:
        answer = input("restore? [y/N] ") if sys.stdin.isatty() else ""
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing was changed (add --yes to restore without asking)")
            return 1
    write.restore(cur, args.restore)
    print(f"restored to before load #{args.restore}")
    return 0


def _run(args: argparse.Namespace) -> int:
    writes = not (args.history or args.dry_run)
    if writes:
        if (holder := snapshots.holder(args.db)) and not args.wait:
            raise warehouse.Busy(args.db, holder)
        snapshots.WAIT_S = args.wait
        warehouse.ready(args.db)  # a single file becomes a snapshot warehouse; a new path an empty one
    cur = warehouse.read_cursor(args.db)  # never creates a file: --dry-run and --history write nothing
    try:
        if args.history:
            print(write.history(cur).to_string(index=False))
            return 0
        if args.restore is not None:
            return _restore(args, cur)
        if args.undo:
            try:
                load = write.undo_last(cur)
            except write.NothingToUndo as e:
                print(e)
                return 1
            print(f"undone load #{load['load_id']}: {load['file_name']} -> {load['table']} ({load['mode']})")
            return 0
        return _load(args, cur)
    finally:
        cur.close()
        warehouse.close(args.db)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if not (args.history or args.undo or args.restore is not None) and (args.file is None or args.table is None):
        _parser().error("FILE and --table are required to load")
    try:
        return _run(args)
    except warehouse.Busy as e:
        print(e)
        return snapshots.EXIT_BUSY
