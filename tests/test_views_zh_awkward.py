"""Every page with lang=zh on every awkward warehouse (tests/awkward_warehouses.py): it renders without an
exception or error box in Chinese, and a translated page (test_views_zh.TRANSLATED) leaves no English word."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_support import assert_clean, run_app, serve_warehouse
from awkward_warehouses import AWKWARD
from test_views_zh import TRANSLATED, ZH, data_values, heading
from zh_checks import english_left, visible_texts

from ui.pages import VIEWS


@pytest.fixture(scope="module", params=list(AWKWARD))
def awkward(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    name = request.param
    with serve_warehouse(tmp_path_factory.mktemp(f"zh-{name}") / f"{name}.duckdb", AWKWARD[name]) as path:
        yield name, path


@pytest.mark.parametrize("spec", VIEWS, ids=[p.key for p in VIEWS])
def test_every_page_renders_in_chinese_on_awkward_warehouses(awkward: tuple[str, Path], spec) -> None:
    name, path = awkward
    at = run_app(spec.script, ZH)
    assert_clean(at)
    assert at.title[0].value == heading(spec.key), name
    if spec.key in TRANSLATED:
        assert not english_left(visible_texts(at), data_values(path)), name
