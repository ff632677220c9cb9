"""The overview's deck in 简体中文: it opens with python-pptx, every slide title and footnote is Chinese
(tests/zh_checks.py), and every text run carries the East Asian face and zh-CN, so PowerPoint draws the
Han characters in a Simplified Chinese font. Needs the system Chromium (a skip without it, a failure in CI)."""
from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from apptest_support import resolved
from pptx import Presentation
from pptx.oxml.ns import qn
from sample_warehouse import build_sample
from zh_checks import english_left

from charts.deck import Slide, build_deck, chromium_path, deck_available
from data import warehouse
from i18n.fonts import PPTX_EA_TYPEFACE, runs
from ui.content import direct
from ui.content.deck import page_charts

HAN = range(0x4E00, 0xA000)


def test_the_chinese_overview_deck_opens_with_chinese_titles(tmp_path: Path) -> None:
    if chromium_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(deck_available()[1])
        pytest.skip(deck_available()[1])
    db = tmp_path / "sample.duckdb"
    build_sample(db)
    cur = warehouse.cursor(db)
    try:
        charts = page_charts(direct(cur), "overview", resolved(db), lang="zh")
    finally:
        cur.close()
        warehouse.close(db)
    deck = build_deck([Slide(c.title, c.figure, c.footnote, c.sources) for c in charts], "zh")
    prs = Presentation(BytesIO(deck))
    assert len(prs.slides) == len(charts) == 1
    title = prs.slides[0].shapes.title.text_frame.text
    assert title == charts[0].title and any(ord(c) in HAN for c in title), title
    texts = [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame]
    assert not english_left(texts, ["Central", "North"]), texts
    assert any("数据截至" in t for t in texts), texts  # the footnote
    for run in runs(prs):
        rpr = run._r.find(qn("a:rPr"))
        assert rpr.get("lang") == "zh-CN" and rpr.find(qn("a:ea")).get("typeface") == PPTX_EA_TYPEFACE


def test_a_wrapped_chinese_title_joins_without_a_space() -> None:
    """Chart.title undoes the title's <br>: a space between English words, none beside a Han character."""
    import pandas as pd
    import plotly.graph_objects as go

    from charts.chart import Chart

    def title(text: str) -> str:
        return Chart("x", go.Figure(layout=dict(title=dict(text=text))), pd.DataFrame()).title

    assert title("数据不足（n = 23和8名客户；<br>至少需要30）") == "数据不足（n = 23和8名客户；至少需要30）"
    assert title("38%的投诉在24小时<br>内得到解决") == "38%的投诉在24小时内得到解决"
    assert title("Small accounts wait<br>3.0x longer") == "Small accounts wait 3.0x longer"


def test_a_chinese_footnote_gets_the_height_of_its_wrapped_lines() -> None:
    """A Han character takes two columns: 100 of them wrap into two footnote lines, 100 Latin letters into one
    (counted in characters, a Chinese footnote ran off the slide's bottom in LibreOffice Impress)."""
    from charts.deck import FOOT_LINE_CHARS, FOOT_LINE_H, _foot_height

    assert FOOT_LINE_CHARS < 200
    one, two = _foot_height(["n" * 100]), _foot_height(["客" * 100])
    assert two - one == FOOT_LINE_H
