"""The upload page's restore: pick a load, read the loads it undoes, confirm, and the tables
are back as they were before it (AppTest on the hand-made sample warehouse of tests/loading)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_support import run_app, serve_warehouse
from loading.conftest import CASES, build_sample, contents

from data.loading import cli

PAGE = "views/upload.py"


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("ANALYST_PASSCODE", raising=False)
    with serve_warehouse(tmp_path / "sample.duckdb", build_sample) as path:
        yield path


def test_restore_to_before_an_earlier_load_after_a_confirmation_listing_the_loads(
        sample: Path, capsys: pytest.CaptureFixture) -> None:
    before = contents(sample)
    for table, name in [("orders", "orders_semicolon.csv"), ("contacts", "contacts_utf16.txt")]:
        assert cli.main(["--db", str(sample), "--table", table, str(CASES / name)]) == 0
    capsys.readouterr()
    at = run_app(PAGE)
    at.selectbox(key="restore_to").set_value(1).run()
    warning = next(w.value for w in at.warning if w.value.startswith("This undoes"))
    assert "This undoes 2 loads" in warning and "#2 " in warning and "contacts_utf16.txt" in warning
    assert "#1 " in warning and "orders_semicolon.csv" in warning
    assert not [b for b in at.button if b.label.startswith("Restore to before")]  # not before the confirmation
    at.checkbox(key="restore_confirm_1").check().run()
    next(b for b in at.button if b.label == "Restore to before load #1").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Restored to before load #1: 2 loads undone."
    now = contents(sample)
    assert {t: now[t] for t in ("customers", "orders", "complaints", "surveys", "contacts")} == \
        {t: before[t] for t in ("customers", "orders", "complaints", "surveys", "contacts")}
    assert at.dataframe[-1].value[["load_id", "undone"]].values.tolist() == [[2, True], [1, True]]
