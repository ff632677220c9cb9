"""The one exception for a file that cannot be read as an extract."""
from __future__ import annotations

from i18n.message import Message


class ExtractError(Exception):
    """The file cannot be read as an extract.

    `rule` names the problem for the report (its English text, data.loading.rules), `message`
    says it in plain words (a Message: the CLI says it in English, the upload page in the page's
    language) and `detail` is that English text; `rows` lists (line, message) for a problem found
    on particular lines (rows with the wrong number of values), one failure each.
    """

    def __init__(self, rule: str, message: Message | None = None,
                 rows: list[tuple[int, Message]] | None = None) -> None:
        self.rule, self.message, self.rows = rule, message, rows or []
        self.detail = message.say("en") if message is not None else ""
        super().__init__(f"{rule}: {self.detail}" if self.detail else rule)
