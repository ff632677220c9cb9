"""Shared test setup: the repository root importable (data/, metrics/, tests/); the hand-made sample."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))



@pytest.fixture(scope="module")
def hand_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The hand-made sample warehouse (tests/sample_warehouse.py), built once per module."""
    from data.warehouse import close
    from tests.sample_warehouse import build_sample

    path = tmp_path_factory.mktemp("hand-sample") / "sample.duckdb"
    build_sample(path)
    yield path
    close(path)
