"""The page audit: every page and every deck on awkward warehouses (tests/awkward_warehouses.py).

For each warehouse, every view runs under AppTest with its default choices and
each page's deck is built from the same view models without Streamlit
(ui.content.deck with ui.content.direct). Asserted everywhere:
- the page raises nothing and shows no error box;
- no None, nan, NaT or markup in any text a reader sees (page text, chart titles,
  axis titles, labels, slide titles and footnotes);
- the deck holds exactly the charts the page draws, in page order;
- no chart for an absent column (channel, category, surveys, contacts), and a note
  names the upload that enables it;
- no stated rate or ratio from groups under 30 (on the tiny warehouse none at all);
- the numbers the overview states equal the metrics they quote.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_support import (
    assert_clean,
    compute,
    decode_spec,
    resolved,
    run_app,
    serve_warehouse,
)
from awkward_warehouses import AWKWARD
from streamlit.testing.v1 import AppTest

from charts.deck import Slide, footnote_lines
from data import warehouse
from metrics.definitions import MIN_GROUP_N
from metrics.params import data_bounds
from ui.content import direct
from ui.content.deck import page_charts
from ui.content.overview import format_value
from ui.pages import VIEWS

BAD_WORD = re.compile(r"\b(None|nan|NaN|NaT|null|undefined)\b")
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>")
# A stated rate or ratio: "85 %", "12.5 %", "3.0x". "(n = 4; 30 needed)" is not one.
RATE = re.compile(r"\d+(\.\d+)? ?%|\d+\.\dx\b")


@pytest.fixture(scope="module", params=list(AWKWARD))
def awkward(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    name = request.param
    with serve_warehouse(tmp_path_factory.mktemp(name) / f"{name}.duckdb", AWKWARD[name]) as path:
        yield name, path


def page_texts(at: AppTest) -> list[str]:
    """Every text the page shows outside its charts."""
    texts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "success")
             for e in getattr(at, kind)]
    for m in at.metric:
        texts += [m.label, str(m.value), str(m.proto.delta or "")]
    return [str(t) for t in texts]


def chart_specs(at: AppTest) -> dict[str, dict]:
    return {e.proto.id.split("-chart-", 1)[1]: decode_spec(json.loads(e.proto.spec)) for e in at.get("plotly_chart")}


def figure_texts(spec: dict) -> list[str]:
    """Titles, axis titles, annotations, trace names and printed labels of a figure spec."""
    layout = spec.get("layout", {})
    out = [layout.get("title", {}).get("text", "")]
    out += [layout[k].get("title", {}).get("text", "") for k in layout if k.startswith(("xaxis", "yaxis"))]
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in spec.get("data", []):
        out.append(str(trace.get("name", "")))
        text = trace.get("text")
        out += [str(t) for t in text] if isinstance(text, list) else [str(text or "")]
    return [t for t in out if t]


def assert_words(texts: list[str], where: str, *, markup_ok: bool = False) -> None:
    for text in texts:
        assert not BAD_WORD.search(text), f"{where}: {text!r}"
        if not markup_ok:
            assert not MARKUP.search(text), f"{where}: {text!r}"


def title(spec: dict) -> str:
    return spec.get("layout", {}).get("title", {}).get("text", "").replace("<br>", " ")


@pytest.mark.parametrize("spec", VIEWS, ids=[p.key for p in VIEWS])
def test_page_and_deck(awkward: tuple[str, Path], spec) -> None:
    name, path = awkward
    at = run_app(spec.script)
    assert_clean(at)
    texts = page_texts(at)
    assert_words(texts, f"{name} {spec.key} page")
    assert not any("<br>" in t for t in texts)
    charts = chart_specs(at)
    for chart, fig in charts.items():
        assert_words(figure_texts(fig), f"{name} {chart}", markup_ok=True)  # <br> and <b> are Plotly's own

    # the deck holds the page's charts, each slide's words clean
    cur = warehouse.cursor(path)
    try:
        dated = data_bounds(cur)[1] is not None  # else the page guides to the upload: no charts, no deck
        deck = page_charts(direct(cur), spec.key, resolved(path)) if dated else []
    finally:
        cur.close()
    assert [c.name for c in deck] == list(charts), f"{name} {spec.key}: deck differs from the page"
    for drawn in deck:
        slide = Slide(drawn.title, drawn.figure, drawn.footnote, drawn.sources)
        assert_words([slide.title, *footnote_lines(slide)], f"{name} {spec.key} slide")

    # no chart for an absent column, and a note naming the upload
    if name in ("no_channel_category", "sparse") and spec.key == "iceberg":
        assert not {"complaints-by-channel", "complaints-by-category"} & set(charts)
        assert "upload complaints with channel recorded" in " ".join(texts)
        assert "upload complaints with category recorded" in " ".join(texts)
    if name == "no_surveys" and spec.key == "effort":
        assert not {"effort-distribution", "retention-by-effort"} & set(charts)
        assert "upload surveys with an effort_score column" in " ".join(texts)
    if name == "no_contacts" and spec.key == "effort":
        assert "effort-drivers" not in charts
        assert "upload a contacts extract" in " ".join(texts)

    # no rate from groups under 30
    stated = [title(fig) for fig in charts.values()] + [t for t in texts if t.startswith("**")] + \
        [s.value for s in at.subheader]
    if name == "tiny":  # 10 customers: no group anywhere reaches 30
        assert not [s for s in stated if RATE.search(s)], stated
    if name == "sparse":  # 8 complaints, 12 surveys: nothing that rests on complaints or surveys
        complaint_based = {"complaint-iceberg", "complaint-trend", "retention-by-outcome", "retention-by-speed",
                           "retention-curves", "complaint-journey", "effort-distribution", "retention-by-effort"}
        assert not [title(f) for c, f in charts.items() if c in complaint_based and RATE.search(title(f))]
        assert not any("x longer" in s or "kept" in s for s in stated)


def test_the_overview_states_the_metrics(awkward: tuple[str, Path]) -> None:
    name, path = awkward
    at = run_app("views/overview.py")
    assert_clean(at)
    if not at.metric:  # no dated rows: the page guides to the upload instead
        guidance = " ".join(i.value for i in at.info)
        assert "Upload extracts" in guidance
        if name == "customers_only":  # loaded customers are named, not called an empty warehouse
            assert "The warehouse holds 1,500 customers but no orders, complaints or surveys yet" in guidance
            assert "No dated rows yet · last load" in " ".join(c.value for c in at.sidebar.caption)
        return
    f = resolved(path)
    rows = compute(path, "overview", f).to_dict("records")
    assert {m.label: m.value for m in at.metric} == {r["label"]: format_value(r["unit"], r["value"]) for r in rows}
    funnel = compute(path, "funnel", f).iloc[0]
    text = " ".join(m.value for m in at.markdown)
    lost = int(funnel["lost"])
    if lost:
        assert f"{lost:,} customer" in text
        assert f"{funnel['annual_revenue_lost']:,.0f} of annual revenue" in text
        if lost >= MIN_GROUP_N:
            assert f"{int(funnel['lost_silent']) / lost * 100:.0f} % of them left without a complaint" in text
        else:
            assert f"not enough data yet (n = {lost}; 30 needed)" in text
    else:
        assert "No customers were lost in this window." in text
