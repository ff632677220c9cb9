"""The upload page under AppTest: upload, mapping, validation table, load, history, undo; roles.

Runs dashboard.py on the hand-made sample warehouse of tests/loading (a tmp copy),
so the expected rows and failures can be read off the case files.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import run_app, serve_warehouse
from loading.conftest import CASES, build_sample, contents, rows
from loading.test_corpus import CORPUS

PAGE = "views/upload.py"


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("ANALYST_PASSCODE", raising=False)
    with serve_warehouse(tmp_path / "sample.duckdb", build_sample) as path:
        yield path


def upload(at: AppTest, table: str, name: str, folder: Path = CASES) -> AppTest:
    at.selectbox(key="upload_table").set_value(table).run()
    at.file_uploader[0].set_value((name, (folder / name).read_bytes(), "application/octet-stream")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def failures_table(at: AppTest):
    return next(d.value for d in at.dataframe if "rule" in d.value.columns and "row" in d.value.columns)


def button(at: AppTest, prefix: str):
    return next(b for b in at.button if b.label.startswith(prefix))


def test_open_deployment_says_everyone_is_an_analyst(sample: Path) -> None:
    at = run_app(PAGE)
    assert at.title[0].value == "Upload extracts"
    assert any("everyone" in i.value for i in at.info)
    assert "500 MB" in at.file_uploader[0].label


def test_mapping_preview_load_history_undo(sample: Path) -> None:
    before = contents(sample)
    at = upload(run_app(PAGE), "complaints", "complaints_utf8_bom.csv")
    assert next(s for s in at.selectbox if s.label.startswith("level")).value == "级别"
    assert at.success[0].value == "All 2 rows pass every rule."
    assert [m.value for m in at.metric] == ["2", "0", "0"]
    button(at, "Load 2 rows into complaints").click().run()
    assert at.success[0].value.startswith("loaded (load #1) complaints_utf8_bom.csv -> complaints")
    assert len(contents(sample)["complaints"]) == 3
    assert at.dataframe[-1].value["file_name"].tolist() == ["complaints_utf8_bom.csv"]
    button(at, "Undo load #1").click().run()
    assert "is as it was before it" in at.success[0].value
    assert contents(sample)["complaints"] == before["complaints"]


def test_bad_file_shows_every_failure_and_offers_no_load(sample: Path) -> None:
    before = contents(sample)
    at = upload(run_app(PAGE), "orders", "orders_duplicate_key.csv")
    assert "2 problems found" in at.error[0].value
    failures = failures_table(at)
    assert failures[["row", "rule"]].values.tolist() == [[2, "duplicate key in file"], [4, "duplicate key in file"]]
    assert not [b for b in at.button if b.label.startswith("Load")]
    assert contents(sample) == before


def test_unknown_level_values_can_be_mapped_on_the_page(sample: Path, tmp_path: Path) -> None:
    at = run_app(PAGE)
    at.selectbox(key="upload_table").set_value("complaints").run()
    data = b"complaint_id,customer_id,opened_at,level\nK40,C1,2024-04-01 10:00,L1\n"
    at.file_uploader[0].set_value(("levels.csv", data, "text/csv")).run()
    assert "1 problem found" in at.error[0].value
    next(s for s in at.selectbox if s.label.startswith("level: 'L1'")).set_value("frontline").run()
    assert not at.error and at.success[0].value == "The row passes every rule."


def test_viewer_cannot_reach_upload_with_a_passcode_configured(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANALYST_PASSCODE", "s3cret")
    at = run_app()
    # The page is not registered for a viewer, so the navigation cannot reach it.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE).run()
    at = run_app()
    at.text_input(key="analyst_passcode").input("wrong").run()
    assert any("Wrong passcode" in e.value for e in at.sidebar.error)
    at.text_input(key="analyst_passcode").input("s3cret").run()
    at.switch_page(PAGE).run()
    assert at.title[0].value == "Upload extracts" and not at.info


def test_ambiguous_dates_are_asked_and_the_answer_is_used_and_kept_in_a_preset(sample: Path) -> None:
    before = contents(sample)
    at = upload(run_app(PAGE), "orders", "orders_ambiguous_dates.csv", CORPUS)
    assert "1 problem found" in at.error[0].value
    assert failures_table(at)[["row", "column", "rule"]].values.tolist() == [[2, "order_date", "ambiguous date format"]]
    question = next(r for r in at.radio if "read both ways" in r.label)
    assert question.options == ["Day first: 02/06/2024 is 2 June 2024", "Month first: 02/06/2024 is 6 February 2024"]
    assert not [b for b in at.button if b.label.startswith("Load")] and contents(sample) == before
    question.set_value("Day first: 02/06/2024 is 2 June 2024").run()
    assert at.success[0].value == "All 2 rows pass every rule."
    assert any("order_date DD/MM/YYYY (as given)" in c.value for c in at.caption)
    at.text_input(key="preset_name").input("shop export").run()
    button(at, "Save preset").click().run()
    button(at, "Load 2 rows into orders").click().run()
    assert rows(sample, "SELECT order_id, order_date FROM orders WHERE order_id LIKE 'O8_' ORDER BY 1") == [
        ("O80", date(2024, 6, 2)), ("O81", date(2024, 7, 3))]
    assert rows(sample, "SELECT mapping FROM mapping_preset WHERE name = 'shop export'")[0][0].count('"%d/%m/%Y"') == 1


def test_the_mapping_used_and_the_ignored_columns_are_shown(sample: Path) -> None:
    at = upload(run_app(PAGE), "orders", "orders_olist.csv", CORPUS)
    shown = next(d.value for d in at.dataframe if "loaded as" in d.value.columns)
    assert shown.values.tolist() == [["order_id", "order_id"], ["customer_id", "customer_id"],
                                     ["order_purchase_timestamp", "order_date"], ["payment_value", "amount"]]
    assert any(c.value == "Ignored columns (not loaded): order_status, order_approved_at" for c in at.caption)
    assert at.success[0].value == "All 2 rows pass every rule."


def test_a_file_loaded_before_is_recognised_before_any_check(sample: Path) -> None:
    at = upload(run_app(PAGE), "orders", "orders_olist.csv", CORPUS)
    button(at, "Load 2 rows into orders").click().run()
    at = upload(run_app(PAGE), "orders", "orders_olist.csv", CORPUS)
    assert "already loaded into orders (load #1" in at.warning[0].value
    assert not at.success and not at.error and not [b for b in at.button if b.label.startswith("Load")]
    next(c for c in at.checkbox if c.label.startswith("Check it")).check().run()
    assert "2 problems found" in at.error[0].value  # checked now: as an append every key exists already


def test_templates_and_unreadable_files(sample: Path) -> None:
    at = run_app(PAGE)
    at.selectbox(key="upload_table").set_value("surveys").run()
    assert any(b.label == "Download a template for surveys (CSV)" for b in at.get("download_button"))
    at = upload(at, "orders", "orders_ragged.csv", CORPUS)
    assert failures_table(at)[["row", "rule"]].values.tolist() == [[3, "wrong number of values"],
                                                                   [4, "wrong number of values"]]


def test_an_encoding_that_cannot_be_told_is_asked(sample: Path) -> None:
    at = run_app(PAGE)
    at.selectbox(key="upload_table").set_value("customers").run()
    data = "customer_id,region\nC90,Köln\n".encode("cp1252")
    at.file_uploader[0].set_value(("koeln.csv", data, "text/csv")).run()
    assert failures_table(at)["rule"].tolist() == ["encoding not certain"]
    next(s for s in at.selectbox if s.label == "Text encoding").set_value("cp1252").run()
    assert at.success[0].value == "The row passes every rule."
    assert any("Windows-1252" in c.value for c in at.caption)
