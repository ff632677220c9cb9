"""`Chart`: a finished figure with the numbers behind it, as a page shows it and a slide carries it.

Built by the view models (ui/content) from charts/ builders; shown by ui.slides.show,
laid out on slides by charts.deck. No Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass

import re

import pandas as pd
import plotly.graph_objects as go

WIDE_BREAK = re.compile(r"(?<=[\u2e80-\uffff])<br>|<br>(?=[\u2e80-\uffff])")  # a break beside a CJK character


@dataclass
class Chart:
    name: str                 # file-name stem, e.g. "complaint-iceberg"
    figure: go.Figure         # built by a charts/ builder: finding as title, footnote inside
    data: pd.DataFrame        # the numbers behind the chart, for the CSV download
    footnote: str = ""        # filters, as-of date, n (also drawn inside the figure)
    sources: str = ""         # benchmark provenance, repeated on the slide
    caption: str = ""         # optional line under the chart on the page

    @property
    def title(self) -> str:
        """The finding, on one line (the figure wraps it with <br>: a space between words, nothing
        next to a Chinese character, since Chinese is written without spaces)."""
        text = self.figure.layout.title.text or self.name
        return WIDE_BREAK.sub("", text).replace("<br>", " ")
