"""CJK fonts for charts (Plotly, rendered by the browser or by kaleido's Chromium) and decks (python-pptx).

Plotly: the house font list names Latin fonts only. Chromium then falls back
to *some* CJK font for Chinese glyphs, chosen by fontconfig's language order,
which can be the Japanese cut of Noto Sans CJK (other glyph shapes for the
same Han characters). `font_family(base, "zh")` appends Simplified Chinese
fonts for every platform a reader may use, so Latin letters and digits keep
the house font and Han characters come from a Simplified Chinese face:
Noto Sans CJK SC / Source Han Sans SC (Linux, and the kaleido PNGs),
PingFang SC (macOS), Microsoft YaHei (Windows).

python-pptx: a run's `font.name` sets only the Latin typeface (`a:latin`).
PowerPoint draws Han characters with the East Asian typeface (`a:ea`), which
the default template leaves to the theme. `set_east_asian_font(prs)` sets
`a:ea` (and, for Chinese, the run's language zh-CN) on every text run of a
presentation: call it in charts/deck.py `build_deck` before `prs.save`.
"""
from __future__ import annotations

from collections.abc import Iterator

from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.text.text import _Run

from i18n.catalog import LANGS

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")
GENERIC = ("sans-serif", "serif", "monospace")
# The deck's East Asian typeface: the Chinese face every Office install has
# (Windows, and Office for Mac ships it). Where it is missing, the GB2312
# charset tells PowerPoint / LibreOffice to substitute a Simplified Chinese face.
PPTX_EA_TYPEFACE = "Microsoft YaHei"
PPTX_EA_CHARSET = "-122"  # GB2312_CHARSET (134) as the signed byte OOXML stores
PPTX_LANG = {"en": "en-US", "zh": "zh-CN"}


def _quoted(name: str) -> str:
    return f"'{name}'" if " " in name else name


def font_family(base: str, lang: str) -> str:
    """The CSS font list for `lang`: `base` as is for English; for Chinese the
    Simplified Chinese faces are inserted before the generic family at its end.

    "Inter, Arial, sans-serif" -> "Inter, Arial, 'Noto Sans CJK SC', 'Source Han Sans SC',
    'PingFang SC', 'Microsoft YaHei', sans-serif".
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "en":
        return base
    names = [n.strip() for n in base.split(",") if n.strip()]
    generic = [names.pop()] if names and names[-1] in GENERIC else ["sans-serif"]
    return ", ".join([*names, *(_quoted(n) for n in CJK_FAMILIES), *generic])


def runs(prs: Presentation) -> Iterator[_Run]:
    """Every text run of every shape (placeholders and text boxes) on every slide."""
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    yield from paragraph.runs


def set_run_east_asian_font(run: _Run, typeface: str = PPTX_EA_TYPEFACE, lang: str | None = None) -> None:
    """Set the run's `a:ea` typeface (and its language, e.g. zh-CN, when `lang` is given)."""
    rpr = run._r.get_or_add_rPr()
    ea = rpr.find(qn("a:ea"))
    if ea is None:  # a:rPr children have a schema order: a:ea goes after a:latin, before these
        ea = rpr.makeelement(qn("a:ea"), {})
        rpr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
    ea.set("typeface", typeface)
    ea.set("charset", PPTX_EA_CHARSET)
    if lang is not None:
        rpr.set("lang", PPTX_LANG[lang])


def set_east_asian_font(prs: Presentation, lang: str, typeface: str = PPTX_EA_TYPEFACE) -> int:
    """Give every run of the deck the East Asian typeface and the deck's language; returns the run count."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    n = 0
    for run in runs(prs):
        set_run_east_asian_font(run, typeface, lang)
        n += 1
    return n
