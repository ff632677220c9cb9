"""The dashboard in 简体中文 (issue 13): every page renders with lang=zh, the translated pages read
only Chinese, the language survives links and switches, English stays the default.

On the hand-made sample warehouse each view runs under AppTest with `?lang=zh`
(test_views_zh_awkward.py does the same on every awkward warehouse); on the pages
already translated (TRANSLATED) no English word is left in what a reader sees
(tests/zh_checks.py), data values and product names aside.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_support import assert_clean, run_app, serve_warehouse
from sample_warehouse import build_sample
from zh_checks import english_left, visible_texts

from data import warehouse
from i18n import translator
from ui.pages import VIEWS, page

# The pages whose every sentence is Chinese (the others render, partly in English, until wrapped).
TRANSLATED = ("overview", "iceberg", "resolution", "funnel", "accounts", "effort")
ZH = {"lang": "zh"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("zh") / "sample.duckdb", build_sample) as path:
        yield path


def data_values(path: Path) -> list[str]:
    """What the pages show as loaded: regions, segments, reasons, channels, categories, the last load."""
    cur = warehouse.cursor(path)
    try:
        values = [r[0] for r in cur.execute(
            "SELECT DISTINCT region FROM customers UNION SELECT DISTINCT segment FROM customers UNION "
            "SELECT DISTINCT churn_reason FROM customers UNION SELECT DISTINCT channel FROM complaints UNION "
            "SELECT DISTINCT category FROM complaints").fetchall() if r[0]]
        load = warehouse.last_load(cur)
    finally:
        cur.close()
    return values + ([load["table"], load["file_name"]] if load else [])


def heading(key: str) -> str:
    return translator("zh").marked(page(key).heading)


@pytest.mark.parametrize("spec", VIEWS, ids=[p.key for p in VIEWS])
def test_every_page_renders_in_chinese_on_the_sample(sample: Path, spec) -> None:
    at = run_app(spec.script, ZH)
    assert_clean(at)
    assert at.title[0].value == heading(spec.key)
    assert at.query_params["lang"] == "zh"
    if spec.key in TRANSLATED:
        assert not english_left(visible_texts(at), data_values(sample))


def test_the_overview_says_its_findings_in_chinese(sample: Path) -> None:
    at = run_app(None, ZH)
    assert at.subheader[0].value == "数据结论"
    assert [m.label for m in at.metric] == ["活跃客户", "客户流失率", "流失的年收入", "每千名客户投诉量",
                                            "投诉解决时长（中位数）", "沉默的不满客户（估算）"]
    findings = [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("。**")]
    assert len(findings) == 4, [m.value for m in at.markdown]


def test_every_link_carries_the_language(sample: Path) -> None:
    at = run_app(None, {**ZH, "region": "North"})
    links = at.get("page_link")
    assert links and all(dict(link.proto.query_string and [p.split("=", 1) for p in
                                                          link.proto.query_string.split("&")]).get("lang") == "zh"
                         for link in links)
    assert {link.proto.label for link in links} >= {"总览", "投诉冰山", "解决速度与留存", "流失客户", "大小客户", "客户费力度"}


def test_the_switch_writes_the_language_into_the_url_and_the_page_follows(sample: Path) -> None:
    at = run_app()
    assert at.query_params["lang"] == "en"  # AppTest has no browser locale: English
    assert at.title[0].value == page("overview").heading
    switch = at.sidebar.get("button_group")[0]
    switch.set_value("zh").run()
    assert at.query_params["lang"] == "zh"
    assert at.title[0].value == heading("overview")
    at.switch_page("views/funnel.py").run()  # a page switch keeps the language
    assert at.title[0].value == heading("funnel")
    assert at.query_params["lang"] == "zh"
