"""CJK text in kaleido PNGs and in PPTX decks.

PNG: a Chinese title renders with real glyphs (two different titles give
different pixels; tofu boxes would be identical), and with the Simplified
Chinese face that `font_family(.., "zh")` names (the title's pixels equal a
rendering in Noto Sans CJK SC alone and differ from Noto Sans CJK JP, whose
glyphs for the same Han characters differ). Needs the system Chromium and
fonts-noto-cjk, both installed by .ci/run: skipped locally without them,
failed in CI. The PNGs are saved to tests/screenshots/ for a look.

PPTX: `set_east_asian_font` gives every run the East Asian typeface and the
zh-CN language, in the schema's element order, on a hand-built deck and on a
real deck from charts.deck.build_deck.
"""
from __future__ import annotations

import os
import subprocess
from io import BytesIO
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from charts.deck import Slide, build_deck, chromium_path, deck_available, render_pngs
from charts.theme import FONT, finish
from i18n.fonts import CJK_FAMILIES, PPTX_EA_TYPEFACE, font_family, runs, set_east_asian_font

SHOTS = Path(__file__).resolve().parent / "screenshots"
W, H = 800, 450
TITLE_BOX = (0, 0, W, 70)  # the house title sits at the top left


def test_font_family_adds_simplified_chinese_faces_before_the_generic_family() -> None:
    assert font_family("Inter, Arial, sans-serif", "en") == "Inter, Arial, sans-serif"
    assert font_family("Inter, Arial, sans-serif", "zh") == (
        "Inter, Arial, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif")
    assert font_family("Inter", "zh").endswith("'Microsoft YaHei', sans-serif")
    assert font_family(FONT, "zh").startswith("Inter, 'Source Sans Pro'")
    with pytest.raises(ValueError):
        font_family(FONT, "fr")


def _needs(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must render Chinese: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def renderer() -> None:
    _needs(chromium_path() is not None, deck_available()[1])
    fonts = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    _needs(CJK_FAMILIES[0] in fonts, "fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)")


def chart(title: str, family: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=["一月", "二月", "三月"], y=[3, 1, 2], text=["12.3万", "1.2亿", "19.5%"]))
    fig = finish(fig, title, "2025年11月1日至2026年10月31日 · 截至2026年10月31日 · 地区：全部", height=H)
    return fig.update_layout(font_family=family)


def title_area(png: bytes) -> Image.Image:
    return Image.open(BytesIO(png)).convert("L").crop(TITLE_BOX)


def differs(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is not None


def test_a_chinese_title_renders_in_a_simplified_chinese_face(renderer: None) -> None:
    zh = font_family(FONT, "zh")
    han = "骨直角误"  # glyphs whose Simplified Chinese and Japanese forms differ
    figures = [chart("投诉冰山", zh), chart("流失客户", zh), chart(han, zh), chart(han, "'Noto Sans CJK SC'"),
               chart(han, "'Noto Sans CJK JP'")]
    iceberg, lost, ours, sc, jp = render_pngs(figures, W, H)
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "i18n-zh-chart.png").write_bytes(iceberg)
    title = title_area(iceberg)
    assert min(title.getdata()) < 80, "the title area has dark text"
    assert differs(title, title_area(lost)), "two different Chinese titles drew the same boxes (tofu)"
    assert not differs(title_area(ours), title_area(sc)), "Han characters come from Noto Sans CJK SC"
    assert differs(title_area(sc), title_area(jp)), "the Japanese face draws these characters differently"


RPR_ORDER = ["a:ln", "a:solidFill", "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick"]


def _child_tags(rpr) -> list[str]:
    names = {qn(t): t for t in RPR_ORDER}
    return [names.get(child.tag, child.tag) for child in rpr]


def check_runs(prs, texts: list[str]) -> None:
    found = list(runs(prs))
    assert [r.text for r in found] == texts
    for run in found:
        rpr = run._r.find(qn("a:rPr"))
        ea = rpr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == PPTX_EA_TYPEFACE and ea.get("charset") == "-122"
        assert rpr.get("lang") == "zh-CN"
        tags = _child_tags(rpr)
        assert tags == sorted(tags, key=RPR_ORDER.index), tags  # the schema's order


def test_east_asian_font_on_a_hand_built_deck() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text_frame.text = "投诉冰山"
    run = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(8), Inches(1)).text_frame.paragraphs[0].add_run()
    run.text = "截至2026年10月31日"
    run.font.name, run.font.size, run.font.color.rgb = "Arial", Pt(11), RGBColor(0x55, 0x55, 0x55)
    assert set_east_asian_font(prs, "zh") == 2
    assert set_east_asian_font(prs, "zh") == 2  # idempotent: still one a:ea per run
    out = BytesIO()
    prs.save(out)
    reopened = Presentation(BytesIO(out.getvalue()))
    check_runs(reopened, ["投诉冰山", "截至2026年10月31日"])
    latin_run = list(runs(reopened))[1]._r.find(qn("a:rPr"))
    assert _child_tags(latin_run) == ["a:solidFill", "a:latin", "a:ea"]
    assert len(latin_run.findall(qn("a:ea"))) == 1


def test_east_asian_font_on_a_real_chinese_deck(renderer: None) -> None:
    title = "投诉冰山：每位投诉客户背后有26位沉默的不满客户"
    slide = Slide(title=title, figure=chart(title, font_family(FONT, "zh")),
                  footnote="2025年11月1日至2026年10月31日 · 截至2026年10月31日", sources="TARP（2003）")
    prs = Presentation(BytesIO(build_deck([slide])))
    assert set_east_asian_font(prs, "zh") == 3  # title, footnote, sources
    out = BytesIO()
    prs.save(out)
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "i18n-zh-deck.pptx").write_bytes(out.getvalue())
    reopened = Presentation(BytesIO(out.getvalue()))
    assert reopened.slides[0].shapes.title.text_frame.text == title
    check_runs(reopened, [title, "2025年11月1日至2026年10月31日 · 截至2026年10月31日", "Sources: TARP（2003）"])
