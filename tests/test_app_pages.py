"""Every page of the app renders under AppTest, on a small demo warehouse and on an empty one.

These are smoke tests of the shell and the page registry: each page is
reachable through st.navigation, shows its headline and raises nothing; the
sidebar carries the data's as-of date. The per-page content checks (numbers
equal the metrics) are in tests/test_views_*.py.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from apptest_support import PAGES, assert_clean, run_app, serve_warehouse, small_demo
from data import warehouse
from metrics.params import data_bounds


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("pages") / "demo.duckdb", small_demo()) as path:
        yield path


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("empty") / "empty.duckdb") as path:
        yield path



@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_demo_data(demo_app: Path, page: str) -> None:
    at = run_app(page)
    assert_clean(at)
    assert [t.value for t in at.title][:1] == [PAGES[page]]


def test_sidebar_shows_the_data_as_of_date(demo_app: Path) -> None:
    cur = warehouse.cursor(demo_app)
    try:
        _, as_of = data_bounds(cur)
    finally:
        cur.close()
    captions = " ".join(c.value for c in run_app().sidebar.caption)
    assert f"Data as of **{as_of:%Y-%m-%d}**" in captions
    assert "demo seed=" in captions  # the last load is named


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_an_empty_warehouse(empty_app: Path, page: str) -> None:
    at = run_app(page)
    assert_clean(at)
    assert "No dated rows yet" in " ".join(c.value for c in at.sidebar.caption)
    if page != "views/upload.py":  # the views guide to the upload
        assert any(i.value.startswith("The warehouse is empty. Analysts: open **Upload extracts**")
                   for i in at.main.info)
