"""Every page renders under AppTest with WAREHOUSE_ENGINE=spark, on the sample exported to Parquet.

The pages read through ui/cache.py, which takes Spark cursors when
WAREHOUSE_ENGINE=spark (SPARK_TABLES names the folder). The overview's cards
must equal the same page's cards on the DuckDB file; the upload page says that
loading is the lake's pipeline. (The numbers of every metric are compared
engine to engine in tests/test_spark_report.py.)
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import DASHBOARD, PAGES, assert_clean, metric_values, serve_warehouse
from spark_support import as_parquet, spark_session  # noqa: F401 (the fixture)
from tests.sample_warehouse import build_sample

TIMEOUT_S = 600  # a page's queries on a cold local Spark (the overview makes the most)


def run_page(page: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.run()
    at.switch_page(page).run()
    return at


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("spark_views") / "sample.duckdb", build_sample) as path:
        yield path


@pytest.fixture(scope="module")
def on_spark(sample_db: Path, spark_session, tmp_path_factory) -> Iterator[Path]:  # noqa: F811 (the imported fixture, by pytest's name)
    """The app on Spark: the sample's tables as Parquet; WAREHOUSE_PATH an empty file (no uploads)."""
    tables = as_parquet(sample_db, tmp_path_factory.mktemp("spark_tables"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_ENGINE", "spark")
        mp.setenv("SPARK_TABLES", str(tables))
        with serve_warehouse(tmp_path_factory.mktemp("unused") / "unused.duckdb"):
            yield tables


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_spark(on_spark: Path, page: str) -> None:
    at = run_page(page)
    assert_clean(at)
    assert [t.value for t in at.title][:1] == [PAGES[page]]
    if page == "views/upload.py":
        assert any("data lake's own pipeline" in i.value for i in at.info)
        assert not at.get("file_uploader")


def test_overview_cards_are_the_same_on_spark_and_duckdb(on_spark: Path, sample_db: Path) -> None:
    spark_cards = metric_values(run_page("views/overview.py"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_ENGINE", "duckdb")
        mp.setenv("WAREHOUSE_PATH", str(sample_db))
        duckdb_cards = metric_values(run_page("views/overview.py"))
    assert spark_cards == duckdb_cards and len(duckdb_cards) >= 3
