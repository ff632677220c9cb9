"""Numbers, counts, money, percentages, dates and durations the way each language writes them.

Pure functions `f(value, lang, ...) -> str`; `lang` is "en" or "zh". English
output is exactly what the pages printed before translation (16,094 · 19.5 % ·
3.67 M · 42 h · 2026-10-31), so wrapping a page changes no English text.
Chinese follows CLDR (via Babel) and Chinese business writing:

- counts from 10,000 up in 万, from 100,000,000 up in 亿, one decimal, a
  trailing .0 dropped: 9,999 · 1万 · 1.6万 · 12.3万 · 1.2亿. Exact numbers
  (footnotes' n =, tables) use `number`, which never abbreviates.
- short money the same way with one decimal in 万 and two in 亿 (367.2万,
  1.23亿); no currency symbol in either language (the extracts carry none).
- percentages without a space (19.5%), percentage points as 个百分点,
  hours as 小时, days as 天, dates as 2026年10月31日, months as 2026年10月,
  ranges as 2025年11月1日至2026年10月31日 (CLDR interval formats).

A missing value (None, NaN, NA) prints as `MISSING[lang]` in every function.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list

from i18n.catalog import LANGS

LOCALES = {"en": Locale.parse("en"), "zh": Locale.parse("zh_Hans_CN")}
MISSING = {"en": "n/a", "zh": "暂无"}
WAN, YI = 10_000, 100_000_000
# Plotly (d3-time-format) tick format for month axes.
MONTH_TICKFORMAT = {"en": "%b %Y", "zh": "%Y年%-m月"}
HOURS_TO_DAYS = 48  # `duration` writes hours below this, days from it


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def _nan(value: object) -> bool:
    """NaN, pd.NA or NaT: the missing values pandas hands over besides None."""
    return not isinstance(value, str) and bool(pd.isna(value))


def _sign(value: float, signed: bool) -> str:
    """'-' for a negative value; '+' for a positive one (or zero) only when `signed`."""
    return "-" if value < 0 else ("+" if signed else "")


def _strip(text: str) -> str:
    """'12.0' -> '12', '1.20' -> '1.2', '950' -> '950'."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _wan(size: float, wan_digits: int, yi_digits: int) -> str:
    """A non-negative number in 万 / 亿 from 10,000 up (rounding up into the next unit when it reaches it)."""
    if round(size) < WAN:
        return f"{round(size):,}"
    wan = round(size / WAN, wan_digits)
    if wan < WAN:
        return _strip(f"{wan:.{wan_digits}f}") + "万"
    return _strip(f"{round(size / YI, yi_digits):.{yi_digits}f}") + "亿"


def number(value: float | None, lang: str, digits: int = 0, *, signed: bool = False) -> str:
    """The exact number, grouped in thousands in both languages: 3,671,989 · 126.3 · +1,234."""
    _lang(lang)
    if value is None or _nan(value):
        return MISSING[lang]
    return _sign(value, signed) + f"{abs(value):,.{digits}f}"


def count(value: float | None, lang: str, *, signed: bool = False) -> str:
    """A count for a title, card or sentence: en 16,094; zh 9,999 · 1.6万 · 12.3万 · 1.2亿."""
    _lang(lang)
    if value is None or _nan(value):
        return MISSING[lang]
    if lang == "en":
        return number(round(value), lang, signed=signed)
    return _sign(value, signed) + _wan(abs(value), 1, 1)


def money(value: float | None, lang: str, *, short: bool = False, signed: bool = False) -> str:
    """Money without a currency symbol: exact 3,671,989; short en 3.67 M · 367 k · 950, zh 367.2万 · 1.23亿."""
    _lang(lang)
    if value is None or _nan(value):
        return MISSING[lang]
    size, sign = abs(value), _sign(value, signed)
    if not short:
        return sign + f"{size:,.0f}"
    if lang == "zh":
        return sign + _wan(size, 1, 2)
    if size >= 1e6:
        return sign + f"{size / 1e6:,.2f} M"
    if size >= 1e4:
        return sign + f"{size / 1e3:,.0f} k"
    return sign + f"{size:,.0f}"


def percent(share: float | None, lang: str, digits: int = 0, *, signed: bool = False) -> str:
    """A share (0..1) as a percentage: en '19.5 %' (the house style), zh '19.5%'."""
    _lang(lang)
    if share is None or _nan(share):
        return MISSING[lang]
    text = _sign(share, signed) + f"{abs(share) * 100:.{digits}f}"
    return text + (" %" if lang == "en" else "%")


def points(change: float | None, lang: str, digits: int = 1, *, signed: bool = True) -> str:
    """A change of a share, in percentage points: en '+0.8 pp', zh '+0.8个百分点'."""
    _lang(lang)
    if change is None or _nan(change):
        return MISSING[lang]
    text = _sign(change, signed) + f"{abs(change) * 100:.{digits}f}"
    return text + (" pp" if lang == "en" else "个百分点")


def hours(value: float | None, lang: str, digits: int = 0, *, signed: bool = False) -> str:
    """Hours: en '42 h', zh '42小时'."""
    _lang(lang)
    if value is None or _nan(value):
        return MISSING[lang]
    text = _sign(value, signed) + f"{abs(value):,.{digits}f}"
    return text + (" h" if lang == "en" else "小时")


def days(value: float | None, lang: str, digits: int = 0) -> str:
    """Days: en '1 day' · '90 days' · '5.4 days', zh '90天'; a trailing .0 is dropped."""
    _lang(lang)
    if value is None or _nan(value):
        return MISSING[lang]
    text = _strip(f"{value:,.{digits}f}")
    if lang == "zh":
        return text + "天"
    return f"{text} day" if text == "1" else f"{text} days"


def duration(hours_: float | None, lang: str) -> str:
    """A duration given in hours: whole hours below 48 h, else days with one decimal (42 h · 5.4 days)."""
    if hours_ is None or _nan(hours_) or hours_ < HOURS_TO_DAYS:
        return hours(hours_, lang)
    return days(hours_ / 24, lang, 1)


def date_(day: date | None, lang: str) -> str:
    """A date: en '2026-10-31' (ISO, as the pages print it), zh '2026年10月31日'."""
    _lang(lang)
    if day is None or _nan(day):
        return MISSING[lang]
    return f"{day:%Y-%m-%d}" if lang == "en" else format_date(day, "long", locale=LOCALES["zh"])


def long_date(day: date | None, lang: str) -> str:
    """A date written out, to tell day from month: en '2 June 2024', zh '2024年6月2日'."""
    _lang(lang)
    if day is None or _nan(day):
        return MISSING[lang]
    return f"{day.day} {day:%B} {day.year}" if lang == "en" else date_(day, lang)


def month(day: date | None, lang: str) -> str:
    """The month of a date: en 'Oct 2026', zh '2026年10月' (CLDR skeleton yMMM)."""
    _lang(lang)
    if day is None or _nan(day):
        return MISSING[lang]
    return format_skeleton("yMMM", day, locale=LOCALES[lang])


def date_range(start: date, end: date, lang: str) -> str:
    """A window: en '2025-11-01 to 2026-10-31'; zh '2025年11月1日至2026年10月31日',
    shortened by CLDR within one year ('2026年1月1日至10月31日') or month ('2026年10月1日至31日')."""
    _lang(lang)
    if lang == "en":
        return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    return format_interval(start, end, "yMMMd", locale=LOCALES["zh"])


def datetime_(moment: datetime | None, lang: str) -> str:
    """A timestamp to the minute: en '2026-10-31 14:05', zh '2026年10月31日 14:05'."""
    if moment is None or _nan(moment):
        return MISSING[_lang(lang)]
    return f"{date_(moment, lang)} {moment:%H:%M}"


def join(items: Sequence[str], lang: str) -> str:
    """A list in a sentence: en 'a, b, and c', zh 'a、b和c' (CLDR list patterns)."""
    return format_list(list(items), locale=LOCALES[_lang(lang)])
