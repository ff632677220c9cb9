"""Which language a session reads: the URL's `lang`, else the browser's locale, else English.

Pure functions (no Streamlit), so the rules are tested without a browser. The
sidebar wires them (docs/i18n.md, "The language switch"):

    lang = choose_lang(st.query_params.to_dict(), st.context.locale)

`st.context.locale` is the browser's `navigator.language` ("zh-CN", "en-US",
None outside a browser session, e.g. in AppTest). Once chosen, the language
is always written into the URL (`with_lang`), even when it equals the
browser's: a shared link then opens in the sender's language whatever the
receiver's browser says.
"""
from __future__ import annotations

from collections.abc import Mapping

from i18n.catalog import LANGS

DEFAULT_LANG = "en"
QUERY_KEY = "lang"
# Each language named in itself: the switch must be readable by someone who
# does not read the current language, so these are never translated.
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}


def parse_lang(text: str | None) -> str | None:
    """'zh', 'zh-CN', 'zh_Hans_CN', 'ZH-tw' -> 'zh'; 'en', 'en-GB' -> 'en'; anything else -> None.

    Any Chinese (Traditional too: zh-TW, zh-HK, zh-Hant) maps to 'zh': a reader
    of Traditional Chinese is better served by Simplified Chinese than by English.
    """
    if not text:
        return None
    primary = text.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGS else None


def from_query(query: Mapping[str, str | list[str]]) -> str | None:
    """The language the URL asks for (the last `lang` value if repeated), or None."""
    value = query.get(QUERY_KEY)
    if isinstance(value, list):
        value = value[-1] if value else None
    return parse_lang(value)


def choose_lang(query: Mapping[str, str | list[str]], browser_locale: str | None) -> str:
    """The URL's language, else the browser's, else English."""
    return from_query(query) or parse_lang(browser_locale) or DEFAULT_LANG


def with_lang(query: Mapping[str, str], lang: str) -> dict[str, str]:
    """`query` with `lang` set (always written, so a copied link keeps the language)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    return {**query, QUERY_KEY: lang}
