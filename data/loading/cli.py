"""`python -m data load`: load one extract into the warehouse from the command line.

    python -m data load --db PATH --table TABLE FILE [--mapping MAP.json]
                        [--mode append|upsert|replace] [--sheet NAME]
                        [--date-format FMT] [--decimal . | ,] [--encoding NAME]
                        [--force] [--dry-run] [--user NAME]
    python -m data load --db PATH --history
    python -m data load --db PATH --undo
    python -m data load --db PATH --restore LOAD_ID [--yes]

Every run that reads a file prints a summary line, the mapping used, the
columns ignored and how dates, numbers and time zones were read.

Exit status: 0 when loaded (or checked with --dry-run); 1 when refused (the
first 50 failures and their count are printed; the warehouse is untouched);
3 when the same file was already loaded into the table (recognised by its
SHA-256 before anything is validated; --force loads it anyway); 2 for usage
errors (no such file, a bad mapping JSON or date format, a bad option), each
said in one line; 4 when another process is changing the warehouse (one line
says which; --wait SECONDS waits instead). --dry-run and --history write
nothing, not even the warehouse file.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import NoReturn

import duckdb

from data import snapshots, warehouse
from data.loading import core, write
from data.loading.mapping import DECIMALS, Mapping, check_date_format
from data.loading.read import ExtractError, open_extract
from data.loading.validate import AMBIGUOUS_DATE, AMBIGUOUS_NUMBER
from data.schema import LOAD_ORDER

SHOW_FAILURES = 50
HINTS = {AMBIGUOUS_DATE: "the dates fit both day-first and month-first: say which with --date-format %d/%m/%Y "
                         "(day first) or --date-format %m/%d/%Y (month first)",
         AMBIGUOUS_NUMBER: "the numbers fit both a decimal comma and a thousands separator: say which with "
                           "--decimal , (1,500 is one and a half) or --decimal . (1,500 is fifteen hundred)"}


class UsageError(Exception):
    """A mistake in the command line: said in one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line instead of argparse's usage block
        raise UsageError(f"{message} (python -m data load --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m data load", description=__doc__.split("\n")[0])
    p.add_argument("file", nargs="?", type=Path, help="CSV/TSV/TXT, XLSX or Parquet extract")
    p.add_argument("--db", default=str(warehouse.warehouse_path()), help="warehouse file")
    p.add_argument("--table", choices=LOAD_ORDER)
    p.add_argument("--mode", choices=write.MODES, default="append")
    p.add_argument("--mapping", type=Path, help='JSON {"source column": "canonical column" or null, "values": {...}}; '
                                                "columns it does not name keep the automatic mapping")
    p.add_argument("--sheet", help="sheet of an XLSX workbook (default: the first)")
    p.add_argument("--encoding", help="text encoding of a CSV (default: detected), e.g. cp1252, gb18030, big5")
    p.add_argument("--date-format", help="date format for columns whose dates are ambiguous, e.g. %%d/%%m/%%Y")
    p.add_argument("--decimal", choices=DECIMALS, help="decimal mark for numbers like 1,500 in a ;- or tab-file")
    p.add_argument("--force", action="store_true", help="load even if this file was loaded into the table before")
    p.add_argument("--dry-run", action="store_true", help="validate and preview only; writes nothing")
    p.add_argument("--user", default=getpass.getuser(), help="name recorded in the load history")
    p.add_argument("--history", action="store_true", help="print the load history and exit")
    p.add_argument("--undo", action="store_true", help="undo the most recent load and exit")
    p.add_argument("--restore", type=int, metavar="LOAD_ID",
                   help="restore the warehouse to its state before this load (see --history); "
                        "it and the loads after it are undone")
    p.add_argument("--yes", action="store_true", help="restore without asking")
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="wait this long for another process's change to finish (default: exit 4 at once)")
    return p


def _mapping(args: argparse.Namespace) -> Mapping | None:
    """The analyst's overrides: MAP.json, --date-format and --decimal (None when there are none)."""
    mapping = None
    if args.mapping is not None:
        try:
            doc = json.loads(args.mapping.read_text(encoding="utf-8-sig"))
        except OSError as e:
            raise UsageError(f"cannot read the mapping file {args.mapping}: {e.strerror}") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise UsageError(f"the mapping file {args.mapping} is not valid JSON: {e}") from e
        try:
            mapping = Mapping.from_json(doc)
        except ValueError as e:
            raise UsageError(f"the mapping file {args.mapping}: {e}") from e
    if args.date_format or args.decimal:
        mapping = mapping or Mapping()
        if args.date_format:
            try:
                mapping.date_format = check_date_format(args.date_format)
            except ValueError as e:
                raise UsageError(str(e)) from e
        mapping.decimal = args.decimal or mapping.decimal
    return mapping


def _print_report(report: core.Report) -> None:
    print(report.summary())
    for line in report.details():
        print(line)
    if report.ok or report.needs_confirmation:
        return
    shown = report.failures.head(SHOW_FAILURES).astype(object)
    print(shown.where(shown.notna(), "").to_string(index=False))
    if len(report.failures) > SHOW_FAILURES:
        print(f"... {len(report.failures) - SHOW_FAILURES} more failures ({len(report.failures)} in all)")
    for rule in dict.fromkeys(report.failures["rule"]):
        if rule in HINTS:
            print(HINTS[rule])
    print("nothing was written")


def _load(args: argparse.Namespace, cur: duckdb.DuckDBPyConnection) -> int:
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    mapping = _mapping(args)
    try:
        extract = open_extract(args.file, sheet=args.sheet, encoding=args.encoding)
    except ExtractError as e:
        _print_report(core.unreadable(args.file.name, args.table, args.mode, e))
        return 1
    try:
        run = core.check if args.dry_run else core.load
        kwargs = {"force": args.force} if args.dry_run else {"user": args.user, "force": args.force}
        report = run(cur, extract, args.table, args.mode, mapping, **kwargs)
    finally:
        extract.cleanup()
    _print_report(report)
    if report.needs_confirmation:
        return 3
    return 0 if report.ok else 1


def _restore(args: argparse.Namespace, cur: duckdb.DuckDBPyConnection) -> int:
    """Restore to before load --restore after listing the loads it undoes (and asking, unless --yes)."""
    if args.restore not in {p["load_id"] for p in write.restore_points(cur)}:
        print(f"load #{args.restore} is not a restore point (see --history, column restore_point)")
        return 1
    undone = write.to_undo(cur, args.restore)
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
    if args.file is None and not (args.history or args.undo or args.restore is not None):
        raise UsageError("FILE and --table are required to load (python -m data load --help)")
    if args.file is not None and args.table is None:
        raise UsageError("FILE and --table are required to load (python -m data load --help)")
    if args.file is not None and not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
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
    try:
        args = _parser().parse_args(argv)
        return _run(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except warehouse.Busy as e:
        print(e)
        return snapshots.EXIT_BUSY
    except duckdb.Error as e:
        print(f"error: the warehouse {args.db} could not be used: {str(e).splitlines()[0]}", file=sys.stderr)
        return 1
    except Exception as e:
        print(f"error: internal error, please report it: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
