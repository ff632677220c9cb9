"""Which language a session reads: the URL's lang, else the browser's locale, else English."""
from __future__ import annotations

import pytest

from i18n.choice import DEFAULT_LANG, LANGUAGE_NAMES, choose_lang, from_query, parse_lang, with_lang


@pytest.mark.parametrize("text, lang", [
    ("zh", "zh"), ("zh-CN", "zh"), ("zh_Hans_CN", "zh"), ("ZH", "zh"), (" zh-cn ", "zh"),
    ("zh-TW", "zh"), ("zh-Hant-HK", "zh"),   # Traditional readers get Simplified, not English
    ("en", "en"), ("en-US", "en"), ("en_GB", "en"),
    ("fr-FR", None), ("", None), (None, None), ("zhx", None), ("-", None),
])
def test_parse_lang(text: str | None, lang: str | None) -> None:
    assert parse_lang(text) == lang


def test_the_url_wins_over_the_browser() -> None:
    assert choose_lang({"lang": "zh", "region": "North"}, "en-US") == "zh"
    assert choose_lang({"lang": "en"}, "zh-CN") == "en"


def test_the_browser_decides_when_the_url_has_no_usable_lang() -> None:
    assert choose_lang({}, "zh-CN") == "zh"
    assert choose_lang({"lang": "fr"}, "zh-CN") == "zh"
    assert choose_lang({"lang": ""}, "en-GB") == "en"


def test_english_when_neither_says() -> None:
    assert DEFAULT_LANG == "en"
    assert choose_lang({}, None) == "en"       # AppTest and scripts: no browser
    assert choose_lang({}, "de-DE") == "en"


def test_a_repeated_lang_takes_the_last_value() -> None:
    assert from_query({"lang": ["en", "zh"]}) == "zh"
    assert from_query({"lang": []}) is None


def test_with_lang_always_writes_the_language_and_keeps_the_filters() -> None:
    query = {"start": "2026-01-01", "region": "华东"}
    assert with_lang(query, "zh") == {"start": "2026-01-01", "region": "华东", "lang": "zh"}
    assert with_lang({"lang": "zh"}, "en") == {"lang": "en"}
    assert query == {"start": "2026-01-01", "region": "华东"}  # not modified
    with pytest.raises(ValueError):
        with_lang(query, "fr")


def test_each_language_is_named_in_itself() -> None:
    assert LANGUAGE_NAMES == {"en": "English", "zh": "简体中文"}
