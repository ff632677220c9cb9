"""Wrapping Chinese and mixed footnotes by display width (i18n.text)."""
from __future__ import annotations

import textwrap

import pytest

from i18n.text import display_width, wrap


def test_display_width_counts_han_and_full_width_punctuation_as_two() -> None:
    assert display_width("abc") == 3
    assert display_width("投诉冰山") == 8
    assert display_width("流失，n = 3") == 4 + 2 + 5  # 流失 4, full-width comma 2, 'n = 3' 5


def test_a_chinese_line_breaks_between_characters_at_the_width() -> None:
    assert wrap("投诉冰山流失客户", 8) == ["投诉冰山", "流失客户"]
    assert wrap("投诉冰山流失客户", 9) == ["投诉冰山", "流失客户"]  # 9 columns hold 4 characters, not 4.5


def test_numbers_and_latin_words_are_never_split() -> None:
    # '2026年10月31日': 2026 (4) 年 (2) 10 (2) 月 (2) 31 (2) 日 (2) = 14 columns
    assert wrap("截至2026年10月31日", 10) == ["截至2026年", "10月31日"]
    assert wrap("共3,906名客户", 8) == ["共3,906", "名客户"]


def test_chinese_punctuation_never_starts_a_line_and_brackets_never_end_one() -> None:
    assert wrap("投诉冰山，流失客户", 8) == ["投诉冰", "山，流失", "客户"]
    assert wrap("沉默（估算）客户", 6) == ["沉默", "（估", "算）客", "户"]


def test_every_line_fits_and_nothing_is_lost() -> None:
    text = ("数据截至2026年10月31日，统计范围为2025年11月1日至2026年10月31日的全部客户；n = 3,906名流失客户，"
            "投诉历史为其流失前365天内的全部投诉记录。")
    lines = wrap(text, 40)
    assert all(display_width(line) <= 40 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) == 4


@pytest.mark.parametrize("text", [
    "n = 3,906 customers lost in the window; complaint history = their complaints in the 365 days before",
    "2025-11-01 to 2026-10-31 · as of 2026-10-31 · region: all · segment: all",
])
def test_english_wraps_at_the_same_width_as_textwrap(text: str) -> None:
    ours = wrap(text, 30)
    assert all(len(line) <= 30 for line in ours)
    assert " ".join(ours) == " ".join(textwrap.wrap(text, 30))  # same words, same order


def test_a_piece_wider_than_the_line_is_split_and_empty_text_is_one_empty_line() -> None:
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("", 10) == [""]
