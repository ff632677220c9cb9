"""The one exception for a file that cannot be read as an extract."""
from __future__ import annotations


class ExtractError(Exception):
    """The file cannot be read as an extract.

    `rule` names the problem for the report, `detail` says it in plain words;
    `rows` lists (line, value) for a problem found on particular lines (rows
    with the wrong number of values), one failure each.
    """

    def __init__(self, rule: str, detail: str = "", rows: list[tuple[int, str]] | None = None) -> None:
        super().__init__(f"{rule}: {detail}" if detail else rule)
        self.rule, self.detail, self.rows = rule, detail, rows or []
