"""What a chart hands to the user besides itself: its PNG download options and file names.

The numbers behind a chart are downloaded as CSV through the product's one
CSV writer, `data.csvsafe.safe_csv` (formula-safe, UTF-8 with BOM).

`figure_config` is the `config` for st.plotly_chart: the modebar's camera
button downloads a 1600x900 PNG at scale 2, named after the chart.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

PNG_WIDTH, PNG_HEIGHT, PNG_SCALE = 1600, 900, 2


def slug(name: str, *, fallback: str = "chart", max_length: int = 80) -> str:
    """A file-name stem for `name`: lower case, words joined by '-', letters of any script kept."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[^\w]+|_+", "-", text).strip("-")[:max_length].strip("-")
    return text or fallback


def figure_config(name: str) -> dict[str, Any]:
    """The st.plotly_chart config: PNG download at 1600x900, scale 2, named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": slug(name),
            "width": PNG_WIDTH,
            "height": PNG_HEIGHT,
            "scale": PNG_SCALE,
        },
    }
