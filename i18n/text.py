"""Line wrapping by display width, for Chinese (and mixed) chart footnotes.

`textwrap` (charts/theme.wrap) counts characters and breaks only at spaces
and hyphens: a Chinese line has no spaces, and each Han character is as
wide as two Latin ones, so a footnote wrapped at 105 characters runs twice
the figure's width and is cut mid-number ("2026年10月<br>31日"). `wrap` here
measures East Asian wide characters as two columns, may break between any
two of them, never inside a run of Latin letters or digits, and keeps
Chinese punctuation off the start of a line (，。；：、）) and opening
brackets off its end (the usual 禁则 rules). English lines keep textwrap
(docs/i18n.md).
"""
from __future__ import annotations

import re
import unicodedata

NO_LINE_START = set("，。、；：？！）》」』】〉…％%·,.;:?!)]}")
NO_LINE_END = set("（《「『【〈([{“‘")
_TOKEN = re.compile(r"\s+|[^\s]")


def display_width(text: str) -> int:
    """Columns `text` takes: 2 for East Asian wide and full-width characters, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _tokens(line: str) -> list[str]:
    """Unbreakable pieces: one wide character, a run of narrow non-space characters, or a space run;
    punctuation that may not start a line is glued to the piece before it, an opening bracket to the one after."""
    pieces: list[str] = []
    for ch in _TOKEN.findall(line):
        prev = pieces[-1] if pieces else ""
        joins_narrow_run = (not ch.isspace() and not _wide(ch) and prev and not prev[-1].isspace()
                            and not _wide(prev[-1]))
        if prev and (ch in NO_LINE_START or prev[-1] in NO_LINE_END or joins_narrow_run) and not ch.isspace():
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def wrap(line: str, width: int) -> list[str]:
    """`line` in lines of at most `width` columns (a single piece wider than that is split by character)."""
    lines: list[str] = []
    current = ""
    for piece in _tokens(line):
        if piece.isspace():
            current += " " if current else ""
            continue
        if current and display_width(current + piece) > width:
            lines.append(current.rstrip())
            current = ""
        while display_width(piece) > width:  # a piece that cannot fit on any line
            cut = max(1, next(i for i in range(len(piece), 0, -1) if display_width(piece[:i]) <= width))
            lines.append(piece[:cut])
            piece = piece[cut:]
        current = current + piece if current else piece
    if current.rstrip():
        lines.append(current.rstrip())
    return lines or [""]
