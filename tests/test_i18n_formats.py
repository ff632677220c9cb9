"""Locale-aware formatting, hand-worked values in both languages.

English must stay exactly what the pages print today (charts/common.pct,
ui/content/overview.format_value / format_change, charts/funnel.money,
Filters.describe), so those functions are also compared with the new ones.
"""
from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from charts.common import pct
from charts.funnel import money as funnel_money
from i18n import formats as f
from metrics.params import Filters


@pytest.mark.parametrize("value, zh", [
    (0, "0"), (1, "1"), (9_999, "9,999"),
    (9_999.4, "9,999"),            # rounds to 9,999: still below 1万
    (9_999.6, "1万"),              # rounds to 10,000 = 1万
    (10_000, "1万"), (16_094, "1.6万"), (16_560, "1.7万"),
    (123_456, "12.3万"), (99_950, "10万"), (1_000_000, "100万"), (36_719_890, "3672万"),
    (99_940_000, "9994万"), (99_999_999, "1亿"),  # 9,999.9999万 rounds to 10,000万 = 1亿
    (100_000_000, "1亿"), (123_456_789, "1.2亿"), (-16_094, "-1.6万"),
])
def test_chinese_counts_switch_to_wan_and_yi_from_ten_thousand(value: float, zh: str) -> None:
    assert f.count(value, "zh") == zh


def test_english_counts_are_exact_and_grouped() -> None:
    assert [f.count(v, "en") for v in (0, 9_999, 16_094, 123_456_789)] == ["0", "9,999", "16,094", "123,456,789"]
    assert f.count(1_234, "en", signed=True) == "+1,234" and f.count(-1_234, "en", signed=True) == "-1,234"
    assert f.count(1_234.0, "zh", signed=True) == "+1,234"
    assert f.count(56_789, "zh", signed=True) == "+5.7万"


def test_number_never_abbreviates() -> None:
    assert f.number(3_671_989, "zh") == f.number(3_671_989, "en") == "3,671,989"
    assert f.number(126.25, "en", 1) == "126.2"  # binary 126.25 is exact: half to even
    assert f.number(126.26, "zh", 1) == "126.3"


@pytest.mark.parametrize("value, en, zh", [
    (950, "950", "950"), (9_999, "9,999", "9,999"), (12_345, "12 k", "1.2万"), (367_000, "367 k", "36.7万"),
    (3_671_989, "3.67 M", "367.2万"), (10_000_000, "10.00 M", "1000万"), (123_456_789, "123.46 M", "1.23亿"),
    (99_999_999, "100.00 M", "1亿"), (-3_671_989, "-3.67 M", "-367.2万"),
])
def test_short_money(value: float, en: str, zh: str) -> None:
    assert f.money(value, "en", short=True) == en == funnel_money(value)
    assert f.money(value, "zh", short=True) == zh


def test_exact_money_and_signed_money() -> None:
    assert f.money(3_671_989.4, "en") == f.money(3_671_989.4, "zh") == "3,671,989"
    assert f.money(12_345, "en", short=True, signed=True) == "+12 k"
    assert f.money(-12_345, "zh", short=True, signed=True) == "-1.2万"


@pytest.mark.parametrize("share, digits", [(0.195, 1), (0.8539, 0), (0.0, 0), (1.0, 1), (0.0049, 1)])
def test_percentages_keep_the_english_house_style(share: float, digits: int) -> None:
    assert f.percent(share, "en", digits) == pct(share, digits)


def test_percentages_in_chinese_have_no_space() -> None:
    assert f.percent(0.195, "zh", 1) == "19.5%"
    assert f.percent(0.8539, "zh") == "85%"
    assert f.percent(0.195, "en", 1) == "19.5 %"
    assert f.percent(0.012, "zh", 1, signed=True) == "+1.2%"


def test_percentage_points() -> None:
    assert f.points(-0.008, "en") == "-0.8 pp"
    assert f.points(0.0125, "zh") == "+1.2个百分点"  # 1.25 is exact in binary: half to even -> 1.2
    assert f.points(0.0, "zh") == "+0.0个百分点"


def test_hours_days_and_durations() -> None:
    assert f.hours(42, "en") == "42 h" and f.hours(42, "zh") == "42小时"
    assert f.hours(1_234.4, "en") == "1,234 h"
    assert f.hours(-5, "en", signed=True) == "-5 h"
    assert f.days(1, "en") == "1 day" and f.days(90, "en") == "90 days" and f.days(90, "zh") == "90天"
    assert f.days(1.0, "en", 1) == "1 day"  # '1.0' prints as '1'
    assert f.duration(47.6, "en") == "48 h"  # below 48: hours, rounded
    assert f.duration(48, "en") == "2 days" and f.duration(48, "zh") == "2天"
    assert f.duration(130, "en") == "5.4 days"  # 130 / 24 = 5.4166...
    assert f.duration(130, "zh") == "5.4天"


def test_dates_months_and_timestamps() -> None:
    d = date(2026, 10, 31)
    assert f.date_(d, "en") == "2026-10-31" and f.date_(d, "zh") == "2026年10月31日"
    assert f.date_(date(2026, 1, 5), "zh") == "2026年1月5日"  # no leading zeros
    assert f.month(d, "en") == "Oct 2026" and f.month(d, "zh") == "2026年10月"
    assert f.month(pd.Timestamp("2026-03-01"), "zh") == "2026年3月"
    moment = datetime(2026, 10, 31, 14, 5)
    assert f.datetime_(moment, "en") == "2026-10-31 14:05" and f.datetime_(moment, "zh") == "2026年10月31日 14:05"
    assert f.MONTH_TICKFORMAT["zh"] == "%Y年%-m月"


def test_date_ranges() -> None:
    assert f.date_range(date(2025, 11, 1), date(2026, 10, 31), "en") == "2025-11-01 to 2026-10-31"
    assert f.date_range(date(2025, 11, 1), date(2026, 10, 31), "zh") == "2025年11月1日至2026年10月31日"
    assert f.date_range(date(2026, 1, 1), date(2026, 10, 31), "zh") == "2026年1月1日至10月31日"
    assert f.date_range(date(2026, 10, 1), date(2026, 10, 31), "zh") == "2026年10月1日至31日"
    assert f.date_range(date(2026, 10, 31), date(2026, 10, 31), "zh") == "2026年10月31日"


def test_english_date_range_is_what_the_footnotes_print_today() -> None:
    start, end = date(2025, 11, 1), date(2026, 10, 31)
    filters = Filters(start=start, end=end, as_of=end)
    assert filters.describe().startswith(f.date_range(start, end, "en") + " · ")


def test_lists() -> None:
    assert f.join(["silent", "unresolved"], "en") == "silent and unresolved"
    assert f.join(["a", "b", "c"], "en") == "a, b, and c"
    assert f.join(["沉默客户", "未解决", "已解决"], "zh") == "沉默客户、未解决和已解决"


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, pd.NaT])
def test_a_missing_value_says_so_in_each_language(missing) -> None:
    for fn in (f.number, f.count, f.money, f.percent, f.points, f.hours, f.days, f.duration, f.date_, f.month,
               f.datetime_):
        assert fn(missing, "en") == "n/a" and fn(missing, "zh") == "暂无", fn.__name__


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        f.count(1, "fr")
