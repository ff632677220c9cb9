"""Slides for meeting decks: Plotly figures rendered to PNG and laid out as a 16:9 PPTX.

Rendering uses kaleido 1.x, which drives a Chromium. Only the system browser
is used (`chromium_path()`: $BROWSER_PATH, /usr/bin/chromium, or `chromium`
on the PATH); nothing is ever downloaded. Where no browser is found,
`deck_available()` says how to enable the export and `build_deck` raises
`DeckUnavailable` with the same words, so a page can show a note instead of a
traceback. All figures of one deck are rendered in one browser session: the
browser start costs a few seconds, each chart a fraction of one, so a page
should build the deck only when asked, e.g.
`st.download_button(..., data=lambda: build_deck(slides), mime=PPTX_MIME)`.

Slide layout (13.333 x 7.5 in): the title at the top, the chart picture
centred below it, a footnote (filters, as-of date, n, sources) at the bottom.
The picture is the chart without its own title and footnote, so each is read once.
"""
from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches, Pt

from charts.theme import without_title_and_footnote
from i18n import translator
from i18n.catalog import N_
from i18n.fonts import set_east_asian_font
from i18n.text import display_width

T = TypeVar("T")

SYSTEM_CHROMIUM = ("/usr/bin/chromium",)
CHROMIUM_NAMES = ("chromium", "chromium-browser")
HOW_TO_ENABLE = N_("Install Chromium to export decks (apt-get install chromium), "
                   "or set BROWSER_PATH to a Chrome or Chromium executable.")
RENDER_TIMEOUT_S = 60
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

WIDTH_PX, HEIGHT_PX = 1600, 900
SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # PowerPoint's 16:9: 13.333 x 7.5 in
MARGIN = Inches(0.4)
TITLE_TOP, TITLE_H = Inches(0.25), Inches(0.8)
FOOT_LINE_H = Inches(0.18)   # one 10 pt footnote line
FOOT_LINE_CHARS = 160        # columns per footnote line across the slide at 10 pt (a Han character: 2)
TEXT_GREY = RGBColor(0x55, 0x55, 0x55)


class DeckUnavailable(RuntimeError):
    """No browser to render charts with; the message says how to enable the export."""


@dataclass(frozen=True)
class Slide:
    title: str
    figure: go.Figure
    footnote: str  # filters and as-of date, e.g. Filters.describe()
    sources: str = ""  # where the data and any benchmark come from


def _executable(path: str | None) -> bool:
    return path is not None and path != "" and Path(path).is_file() and os.access(path, os.X_OK)


def chromium_path() -> str | None:
    """The system Chromium to render with: $BROWSER_PATH, /usr/bin/chromium, or on the PATH."""
    candidates = [os.environ.get("BROWSER_PATH"), *SYSTEM_CHROMIUM,
                  *(shutil.which(name) for name in CHROMIUM_NAMES)]
    return next((p for p in candidates if _executable(p)), None)


def deck_available(lang: str = "en") -> tuple[bool, str]:
    """(True, which browser) when decks can be rendered, else (False, how to enable them), in `lang`."""
    _ = translator(lang)
    path = chromium_path()
    if path:
        return True, _("Charts are rendered with {path}.").format(path=path)
    configured = os.environ.get("BROWSER_PATH")
    how = _.marked(HOW_TO_ENABLE)
    if configured:
        return False, _("BROWSER_PATH={path} is not an executable. {how}").format(path=configured, how=how)
    return False, _("No Chromium found. {how}").format(how=how)


def _browser() -> str:
    """The browser path, exported as BROWSER_PATH for kaleido; raises DeckUnavailable if none."""
    ok, message = deck_available()
    if not ok:
        raise DeckUnavailable(message)
    path = chromium_path()
    assert path is not None  # deck_available() found it
    os.environ["BROWSER_PATH"] = path  # kaleido/choreographer read it; never its own download
    return path


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in its own thread and event loop (safe inside Streamlit)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _render_all(figures: Sequence[go.Figure], opts: dict[str, Any], browser: str) -> list[bytes]:
    import kaleido  # imported late: the app starts without it until a deck is asked for

    # mathjax=False: no CDN fetch; plotly.js comes from the installed plotly package.
    async with kaleido.Kaleido(path=browser, mathjax=False, timeout=RENDER_TIMEOUT_S) as k:
        return [await k.calc_fig(fig, opts=opts) for fig in figures]


def render_pngs(figures: Sequence[go.Figure], width: int = WIDTH_PX, height: int = HEIGHT_PX,
                scale: float = 1) -> list[bytes]:
    """PNG bytes of each figure, all rendered in one browser session."""
    browser = _browser()
    if not figures:
        return []
    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    return _run(_render_all(list(figures), opts, browser))


def render_png(fig: go.Figure, width: int = WIDTH_PX, height: int = HEIGHT_PX, scale: float = 1) -> bytes:
    """PNG bytes of one figure, rendered by kaleido on the system Chromium."""
    return render_pngs([fig], width, height, scale)[0]


def _text_box(slide, left: int, top: int, width: int, height: int, lines: Sequence[str],
              size: int, *, bold: bool = False, color: RGBColor | None = None) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        if color is not None:
            run.font.color.rgb = color


def _set_title(slide, title: str) -> None:
    """Fill the layout's title placeholder (so outline views and screen readers find it)."""
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, TITLE_TOP, SLIDE_W - 2 * MARGIN, TITLE_H
    shape.text_frame.text = title
    shape.text_frame.word_wrap = True
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = 1  # PP_ALIGN.LEFT
    paragraph.runs[0].font.size, paragraph.runs[0].font.bold = Pt(28), True


def footnote_lines(slide: Slide, lang: str = "en") -> list[str]:
    """The slide's footnote as plain lines: the chart's footnote (its <br> breaks become lines, any
    other markup dropped), then the sources unless the footnote already names them."""
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in re.split(r"<br\s*/?>", slide.footnote)]
    lines = [line for line in lines if line]
    if slide.sources and slide.sources not in slide.footnote:
        _ = translator(lang)
        lines.append(_("Sources: {sources}").format(sources=slide.sources))
    return lines


def _foot_height(lines: Sequence[str]) -> int:
    """The footnote box's height for `lines` wrapped across the slide: a Han character takes two columns
    (counted in characters, a Chinese footnote ran off the slide's bottom in LibreOffice and PowerPoint)."""
    rows = sum(max(1, -(-display_width(line) // FOOT_LINE_CHARS)) for line in lines)
    return int(FOOT_LINE_H * rows + Inches(0.1))


def _add_picture(slide, png: bytes, title: str, foot_h: int) -> None:
    """The chart, as large as fits between title and footnote, centred, 16:9."""
    top = TITLE_TOP + TITLE_H + Inches(0.1)
    max_h = SLIDE_H - top - foot_h - Inches(0.1)
    height = min(max_h, int((SLIDE_W - 2 * MARGIN) * HEIGHT_PX / WIDTH_PX))
    width = int(height * WIDTH_PX / HEIGHT_PX)
    picture = slide.shapes.add_picture(BytesIO(png), (SLIDE_W - width) // 2, top, width, height)
    picture._element.nvPicPr.cNvPr.set("descr", title)  # alt text: the chart's finding


def _add_slide(prs: PresentationType, slide: Slide, png: bytes, lang: str) -> None:
    page = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    _set_title(page, slide.title)
    lines = footnote_lines(slide, lang)
    foot_h = _foot_height(lines)
    _add_picture(page, png, slide.title, foot_h)
    _text_box(page, MARGIN, SLIDE_H - foot_h, SLIDE_W - 2 * MARGIN, foot_h, lines, 10, color=TEXT_GREY)


def build_deck(slides: Sequence[Slide], lang: str = "en") -> bytes:
    """A 16:9 PPTX with one chart per slide, its title and footnote once each (as slide text, not
    inside the picture); raises DeckUnavailable when no Chromium is found. Every text run gets the
    East Asian face (Microsoft YaHei) and the language `lang`, so Chinese titles render in PowerPoint."""
    pngs = render_pngs([without_title_and_footnote(s.figure) for s in slides])
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for slide, png in zip(slides, pngs, strict=True):
        _add_slide(prs, slide, png, lang)
    set_east_asian_font(prs, lang)
    out = BytesIO()
    prs.save(out)
    return out.getvalue()
