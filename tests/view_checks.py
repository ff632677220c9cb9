"""Helpers for the per-page AppTest tests: read what a page shows, and what the metrics say it should.

`charts(at)` returns the page's Plotly figures as dicts (name -> spec), with
typed arrays decoded to lists. The rest (resolved filters, `expected` metric
values, the warehouse without optional tables, `assert_clean`) comes from
apptest_support, shared by every page test.
"""
from __future__ import annotations

import json

from apptest_support import (  # noqa: F401 (re-exported for the view tests)
    assert_clean,
    compute,
    decode_spec,
    resolved,
    without_optional_tables,
)
from sample_warehouse import build_sample
from streamlit.testing.v1 import AppTest


def charts(at: AppTest) -> dict[str, dict]:
    """The page's figures by chart name (ui.slides.show keys each element `chart-<name>`)."""
    return {e.proto.id.split("-chart-", 1)[1]: decode_spec(json.loads(e.proto.spec)) for e in at.get("plotly_chart")}


def title(spec: dict) -> str:
    """A figure spec's title as one line (long titles are wrapped with <br>)."""
    return spec["layout"]["title"]["text"].replace("<br>", " ")


def trace(spec: dict, name: str) -> dict:
    """The trace called `name` in a figure spec."""
    return next(t for t in spec["data"] if t.get("name") == name)


# The same helpers under the names these tests use.
expected = compute
build_without_optional = without_optional_tables(build_sample)


def infos(at: AppTest) -> str:
    """Every st.info text on the page, joined (for 'which upload enables it' notes)."""
    return " ".join(i.value for i in at.info)
