"""Loading analysts' extracts into the warehouse: one core for the upload page and the CLI.

errors    ExtractError: a file that cannot be read as an extract
textscan  strict encoding choice and the line of every record of delimited text
read      open a file (format, encoding, delimiter, sheet) and stage it as text
mapping   source -> canonical columns and values, suggestions, saved presets
coerce    staged text -> typed canonical columns; date order and decimal mark from the values
validate  every rule of docs/contract.md section 1, all failures in one table
write     append / upsert / replace in one change, history, undo, restore to before any recent load
core      check() and load(): the pipeline above, all or nothing
cli       `python -m data load ...`
template  the CSV template of each table
"""
from data.loading.core import Report, check, load
from data.loading.mapping import Mapping, matching_preset, presets, save_preset, suggest
from data.loading.read import Extract, ExtractError, open_extract
from data.loading.write import MODES, NothingToUndo, history, restore, restore_points, to_undo, undo_last, undoable

__all__ = ["MODES", "Extract", "ExtractError", "Mapping", "NothingToUndo", "Report", "check", "history", "load",
           "matching_preset", "open_extract", "presets", "restore", "restore_points", "save_preset", "suggest", "to_undo",
           "undo_last", "undoable"]
