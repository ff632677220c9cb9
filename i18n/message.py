"""A sentence said later, in either language: its msgid, its values and, for a plural, its count.

The loader (data/loading) decides what went wrong long before anyone knows who reads it: the CLI
prints English, the upload page the page's language. So a refusal or problem carries a `Message`
(a whole sentence marked for extraction, with named placeholders) and the values that fill it:

    Message(N_("a quote opened in the record starting on line {line} is never closed"), line="3")
    Message.ngettext("{n} row is ready", "{n} rows are ready", n, n=n)

`message.say(lang)` translates the msgid and then formats the values the language's way
(`i18n.formats`); `str(message)` is the English text. A value is said by its type:

- `int`: an exact number, grouped (1,024); a line or row number is an identifier, pass it as `str`;
- `date` / `datetime`: `formats.date_` / `formats.datetime_` (2024-06-02 · 2024年6月2日);
- `Message`: said in the same language (a translated label inside a sentence: a mode, a rule);
- `Joined`: its items said and joined with the language's separator (", " -> "、", "; " -> "；");
- anything else (`str`: file names, column names, values of the data): as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from i18n import formats
from i18n.catalog import translator

# The separators a Joined may use (the English one is the key).
SEPARATORS = {"en": {", ": ", ", "; ": "; ", " or ": " or "}, "zh": {", ": "、", "; ": "；", " or ": "或"}}


@dataclass(frozen=True)
class Message:
    """A whole sentence (msgid) to be said later in a language, with its values."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None

    def __init__(self, text: str, plural: str | None = None, n: int | None = None, /, **values: Any) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "plural", plural)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "values", values)

    @classmethod
    def ngettext(cls, singular: str, plural: str, n: int, /, **values: Any) -> Message:
        """A sentence with a singular and a plural form chosen by `n` (English; Chinese has one form)."""
        return cls(singular, plural, n, **values)

    def say(self, lang: str) -> str:
        """The sentence in `lang`: the translated msgid with its values formatted for that language."""
        _ = translator(lang)
        template = _.ngettext(self.text, self.plural, self.n or 0) if self.plural else _.marked(self.text)
        return template.format(**{k: say_value(v, lang) for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.say("en")


@dataclass(frozen=True)
class Joined:
    """A list inside a sentence: items said in the language, joined by `sep` (", ", "; " or " or ")."""

    items: tuple[Any, ...]
    sep: str = ", "

    def __init__(self, items: Any, sep: str = ", ") -> None:
        if sep not in SEPARATORS["en"]:
            raise ValueError(f"unknown separator {sep!r}: use one of {list(SEPARATORS['en'])}")
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)


def say_value(value: Any, lang: str) -> str:
    """One value of a message, written the way `lang` writes it (see the module docstring)."""
    if isinstance(value, Message):
        return value.say(lang)
    if isinstance(value, Joined):
        return SEPARATORS[lang][value.sep].join(say_value(v, lang) for v in value.items)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return formats.number(value, lang)
    if isinstance(value, datetime):
        return formats.datetime_(value, lang)
    if isinstance(value, date):
        return formats.date_(value, lang)
    return str(value)
