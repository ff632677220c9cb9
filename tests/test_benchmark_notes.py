"""Benchmark markers say their figure and caveat in the page's language, their source as published (issue 13).

Every benchmark a chart draws as a marker (TARP's repurchase figures for both problem sizes, HBR's
low-effort figure) has a whole sentence; in Chinese the hover holds no English word but the source's
published title, which is kept exactly; in English the caveat reads as metrics.benchmarks has it.
"""
from __future__ import annotations

import pandas as pd
import pytest
from zh_checks import english_left

from charts import resolution
from charts.benchmark_notes import LINES, hover
from metrics.benchmarks import BENCHMARKS, REPURCHASE, SMALL_CAVEAT, TARP_CAVEAT

DRAWN = [b for groups in REPURCHASE.values() for b in groups.values()] + [BENCHMARKS["effort_low_repurchase"]]


def test_every_benchmark_drawn_as_a_marker_has_a_sentence() -> None:
    assert {b.key for b in DRAWN} == set(LINES)


@pytest.mark.parametrize("bench", DRAWN, ids=[b.key for b in DRAWN])
def test_the_hover_is_chinese_but_the_source_keeps_its_title(bench) -> None:
    line, source, caveat = hover(bench, "zh")
    assert source == bench.label  # as published, e.g. "TARP for the US Office of Consumer Affairs (...), 2003"
    assert not english_left([line, caveat]), [line, caveat]
    assert f"{bench.value * 100:.0f}%" in line


def test_the_english_caveat_is_the_published_one() -> None:
    assert hover(REPURCHASE["large"]["fast"], "en") == [
        "Benchmark: 82 % of customers whose complaint was resolved quickly buy again", REPURCHASE["large"]["fast"].label,
        TARP_CAVEAT]
    assert hover(REPURCHASE["small"]["silent"], "en")[2] == SMALL_CAVEAT
    assert hover(REPURCHASE["small"]["silent"], "zh")[2] == "指损失低于5美元的问题（与9 / 19 / 54 / 82%出自同一研究）。"


def test_the_chart_markers_carry_the_translated_hover() -> None:
    rows = pd.DataFrame({"group": ["silent", "fast"], "customers": [40, 50], "retained": [10, 40], "rate": [0.25, 0.8],
                         "ci_low": [0.1, 0.7], "ci_high": [0.4, 0.9]})
    fig = resolution.rate_bars(rows, "group", {"silent": "沉默", "fast": "快速"}, resolution.GROUP_COLOURS, title="t",
                               footnote="f", y_title="y", benchmarks=REPURCHASE["large"], benchmark_name="b", lang="zh")
    marker = next(t for t in fig.data if t.name == "b")
    assert [list(c) for c in marker.customdata] == [hover(REPURCHASE["large"]["silent"], "zh"),
                                                   hover(REPURCHASE["large"]["fast"], "zh")]
