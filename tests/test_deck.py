"""Deck export (charts/deck.py): browser discovery, PNG rendering and the PPTX layout.

Discovery and the "how to enable" message are tested without a browser. The
rendering tests need the system Chromium: they are skipped with the reason
when it is absent, except in CI (CI=true), where a missing browser is a failure.
"""
from __future__ import annotations

import os
import re
import struct
from io import BytesIO
from pathlib import Path

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as Deck  # the class; pptx.Presentation is its factory
from pptx.util import Inches

from charts import deck
from charts.deck import (
    DeckUnavailable,
    Slide,
    build_deck,
    chromium_path,
    deck_available,
    render_png,
)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without Chromium: nothing at the usual paths or on the PATH."""
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(deck, "SYSTEM_CHROMIUM", (str(tmp_path / "missing"),))
    monkeypatch.setenv("PATH", str(tmp_path))


def test_without_a_browser_the_deck_explains_how_to_enable_it(no_browser: None) -> None:
    assert chromium_path() is None
    ok, message = deck_available()
    assert not ok
    assert "apt-get install chromium" in message and "BROWSER_PATH" in message
    with pytest.raises(DeckUnavailable, match="apt-get install chromium"):
        build_deck([Slide("t", go.Figure(), "f", "s")])


def test_browser_path_wins_when_it_is_an_executable(no_browser: None, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert chromium_path() == str(fake)


def test_a_wrong_browser_path_is_named_in_the_message(no_browser: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chrome")
    ok, message = deck_available()
    assert not ok and "BROWSER_PATH=/nowhere/chrome" in message


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system Chromium, or a skip (a failure in CI) saying how to get it."""
    path = chromium_path()
    if path is None:
        reason = deck_available()[1]
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must render decks: {reason}")
        pytest.skip(reason)
    return path


def figures() -> list[go.Figure]:
    return [
        go.Figure(go.Bar(x=["fast", "slow", "unresolved"], y=[0.82, 0.54, 0.19], text=["82 %", "54 %", "19 %"]),
                  layout_title_text="Fast resolution keeps customers"),
        go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], mode="lines+markers"),
                  layout_title_text="Complaints per 1,000 customers"),
        go.Figure(go.Pie(labels=["投诉", "沉默"], values=[31, 69]), layout_title_text="冰山 iceberg"),
    ]


def test_render_png_has_the_requested_pixels(chromium: str) -> None:
    assert png_size(render_png(figures()[0], width=800, height=450, scale=2)) == (1600, 900)


@pytest.fixture(scope="module")
def slides() -> list[Slide]:
    return [Slide(f.layout.title.text, f, f"2024-01-01 to 2024-12-31 · as of 2024-12-31 · region: {r}",
                  sources=f"demo warehouse; TARP via Fast Company (2003) #{i}")
            for i, (f, r) in enumerate(zip(figures(), ["all", "North", "all"]))]


@pytest.fixture(scope="module")
def built(chromium: str, slides: list[Slide]) -> tuple[Deck, int]:
    """The deck from `slides`, and how many browser sessions building it opened."""
    import kaleido

    sessions: list[int] = []
    original = kaleido.Kaleido.open

    async def counting_open(self: kaleido.Kaleido) -> None:
        sessions.append(1)
        await original(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kaleido.Kaleido, "open", counting_open)
        data = build_deck(slides)
    return Presentation(BytesIO(data)), len(sessions)


@pytest.fixture(scope="module")
def deck_file(built: tuple[Deck, int]) -> Deck:
    return built[0]


def test_a_deck_renders_in_one_browser_session(built: tuple[Deck, int]) -> None:
    assert built[1] == 1


def test_deck_is_16_by_9(deck_file: Deck) -> None:
    width, height = deck_file.slide_width, deck_file.slide_height
    assert width is not None and height is not None
    assert abs(width - Inches(13.333)) < Inches(0.01)
    assert abs(height - Inches(7.5)) < Inches(0.01)


def test_one_slide_per_chart_with_its_title(deck_file: Deck, slides: list[Slide]) -> None:
    assert [s.shapes.title.text for s in deck_file.slides] == [s.title for s in slides]


def test_each_slide_has_one_1600x900_picture_inside_the_slide(deck_file: Deck) -> None:
    for page in deck_file.slides:
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.image.content_type == "image/png"
        assert png_size(picture.image.blob) == (1600, 900)
        assert picture.left >= 0 and picture.left + picture.width <= deck_file.slide_width
        assert abs(picture.width / picture.height - 16 / 9) < 0.01


def test_title_picture_and_footnote_do_not_overlap(deck_file: Deck, slides: list[Slide]) -> None:
    for page, slide in zip(deck_file.slides, slides):
        title = page.shapes.title
        picture = next(s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
        footnote = next(s for s in page.shapes if s.has_text_frame and slide.footnote in s.text_frame.text)
        assert title.top + title.height <= picture.top
        assert picture.top + picture.height <= footnote.top
        assert footnote.top + footnote.height <= deck_file.slide_height
        assert f"Sources: {slide.sources}" in footnote.text_frame.text


def test_a_footnote_is_plain_lines_and_said_once() -> None:
    from charts.deck import footnote_lines
    slide = Slide("t", go.Figure(), "2024-01-01 to 2024-12-31<br>n = 12 <b>complaints</b><br>Benchmark: TARP",
                  sources="Benchmark: TARP")
    assert footnote_lines(slide) == ["2024-01-01 to 2024-12-31", "n = 12 complaints", "Benchmark: TARP"]
    assert footnote_lines(Slide("t", go.Figure(), "a", sources="b")) == ["a", "Sources: b"]


def test_the_slide_picture_has_no_title_or_footnote_of_its_own() -> None:
    from charts.theme import finish, without_title_and_footnote
    fig = finish(go.Figure(go.Bar(x=[1], y=[2])), "The finding", "filters<br>n = 1")
    bare = without_title_and_footnote(fig)
    assert not bare.layout.title.text and not any(a.name == "footnote" for a in bare.layout.annotations)
    assert fig.layout.title.text == "The finding"  # the page's figure is untouched


def test_a_page_deck_has_its_charts_once_each_without_markup(chromium: str, tmp_path: Path) -> None:
    """The funnel page's deck on the sample warehouse: one slide per chart the page builds, the
    finding as slide title (once, not inside the picture too), the footnote as plain text."""
    from apptest_support import resolved
    from sample_warehouse import build_sample

    from data import warehouse
    from ui.content import direct
    from ui.content.deck import page_charts

    db = tmp_path / "sample.duckdb"
    build_sample(db)
    cur = warehouse.cursor(db)
    try:
        charts = page_charts(direct(cur), "funnel", resolved(db, start=None))
    finally:
        cur.close()
        warehouse.close(db)
    prs = Presentation(BytesIO(build_deck([Slide(c.title, c.figure, c.footnote, c.sources) for c in charts])))
    assert len(prs.slides) == len(charts) >= 4
    for page, chart in zip(prs.slides, charts):
        texts = [s.text_frame.text for s in page.shapes if s.has_text_frame]
        assert page.shapes.title.text == chart.title and not re.search(r"<[a-zA-Z/]", " ".join(texts))
        assert sum(chart.title in t for t in texts) == 1  # the title once
        foot = next(t for t in texts if t.startswith(chart.footnote.split("<br>")[0]))
        assert foot.count(chart.footnote.split("<br>")[0]) == 1  # the footnote once
        picture = next(s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
        assert png_size(picture.image.blob) == (1600, 900)
