"""Message catalogs: gettext .mo files compiled by Babel from i18n/locales/<lang>/LC_MESSAGES/messages.po.

    _ = translator("zh")
    _("{n} customers lost, {share} of them never complained").format(n=..., share=...)
    _.ngettext("{n} customer", "{n} customers", n).format(n=...)
    _.pgettext("table column", "Lost on")

Every message is a whole sentence (or a whole label) with named `{placeholders}`,
so a translator can reorder it; never glue fragments together. English is the
source language: msgids are the English text, and a message missing from a
catalog falls back to it (the catalog test makes a missing Chinese
translation fail CI, so the fallback is a safety net, not a habit).

Module-level constants (page titles, label dictionaries) are evaluated at
import, before a language is known: mark them `N_("Overview")` (returns the
text unchanged, but `pybabel extract` collects it) and translate at use time,
`_(TITLES[key])`.

The .mo files are committed next to their .po (see docs/i18n.md, "Why the
.mo files are committed"); `make i18n` recompiles them and
tests/test_i18n_catalog.py fails when a .mo is not the compilation of its .po.
"""
from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LANGS = ("en", "zh")
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a constant for extraction without translating it (translate where it is shown)."""
    return message


class Translator:
    """`_` for one language: call it with a msgid; `.ngettext` and `.pgettext` for plurals and context."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._t = translations

    def __call__(self, message: str) -> str:
        return self._t.gettext(message)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def marked(self, message: str) -> str:
        """Translate a constant marked with `N_` where it was declared (a page title, a label in a
        dictionary): the msgid is extracted there, so here it may be a variable."""
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` (English: singular for 1; Chinese has one form)."""
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A msgid that needs a context to be translated (the same English word, two meanings)."""
        return self._t.pgettext(context, message)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def mo_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translator(lang: str) -> Translator:
    """The translator for `lang` ("en" or "zh"); raises ValueError for any other language.

    A missing .mo raises FileNotFoundError naming the fix (`make i18n`), rather
    than silently showing English to a Chinese reader.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    path = mo_path(lang)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `make i18n` to compile the message catalogs")
    with path.open("rb") as fp:
        return Translator(lang, gettext.GNUTranslations(fp))
