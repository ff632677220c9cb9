"""The upload page in 简体中文 (issue 13) and the CLI in English, on the same refused files.

Each case uploads a real file (the corpus of tests/loading, or bytes written here) under AppTest
with `?lang=zh` and checks that nothing the analyst reads is English (tests/zh_checks.py): the
error, the questions, the captions, the widget labels, and the failures table's rules and the
refusal's explanation; the file's own values (its columns, its text) are data and stay as they are.
Then `python -m data load` refuses the same file and prints the rule and explanation in English,
exactly as the loader says them, with no Chinese of the page's catalog in it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from apptest_support import run_app, serve_warehouse
from streamlit.testing.v1 import AppTest
from test_views_zh import data_values
from zh_checks import ASCII_WORD, english_left, visible_texts

from data import warehouse
from data.loading import check, cli, open_extract
from data.loading.read import ExtractError
from data.schema import DEFAULT_TIME_ZONE, TABLES
from loading.conftest import CASES, build_sample
from loading.test_corpus import CORPUS

PAGE = "views/upload.py"
HAN = re.compile(r"[\u4e00-\u9fff]")
KOELN = "customer_id,region\nC90,Köln\n".encode("cp1252")  # reads as Windows-1252 and as GB18030 alike

# case -> (table, file name, its bytes, the rule, an English phrase of the refusal the CLI prints)
CASES_ZH: dict[str, tuple[str, str, bytes, str, str]] = {
    "encoding not certain": ("customers", "koeln.csv", KOELN, "encoding not certain",
                             "the file is not UTF-8 and could be GB18030 'C90,K鰈n' or Windows-1252 'C90,Köln'"),
    "ambiguous date": ("orders", "orders_ambiguous_dates.csv", (CORPUS / "orders_ambiguous_dates.csv").read_bytes(),
                       "ambiguous date format", "order_date ambiguous: day first or month first?"),
    "row rule": ("complaints", "complaints_blank_lines_unknown_customer.csv",
                 (CORPUS / "complaints_blank_lines_unknown_customer.csv").read_bytes(), "unknown customer",
                 "refused complaints_blank_lines_unknown_customer.csv -> complaints: 1 failures: unknown customer (1)"),
    "wrong number of values": ("orders", "orders_ragged.csv", (CORPUS / "orders_ragged.csv").read_bytes(),
                               "wrong number of values", "values, the header has 4"),
    "duplicate column": ("customers", "customers_duplicate_header.csv",
                         (CORPUS / "customers_duplicate_header.csv").read_bytes(), "duplicate column name",
                         "the header names a column more than once: 'region' (columns 2, 3)"),
    "duplicate key": ("orders", "orders_duplicate_key.csv", (CASES / "orders_duplicate_key.csv").read_bytes(),
                      "duplicate key in file", "duplicate key in file"),
}


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("ANALYST_PASSCODE", raising=False)
    with serve_warehouse(tmp_path / "sample.duckdb", build_sample) as path:
        yield path


def file_words(data: bytes) -> list[str]:
    """The file's own text (headers and values), however it decodes: data, shown as it is."""
    return [data.decode(encoding, "replace") for encoding in ("utf-8", "cp1252", "gb18030")]


def upload_zh(table: str, name: str, data: bytes) -> AppTest:
    at = run_app(PAGE, {"lang": "zh"})
    at.selectbox(key="upload_table").set_value(table).run()
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def failures_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if {"row", "rule", "value"} <= set(d.value.columns))


def read_texts(at: AppTest) -> list[str]:
    """What the analyst reads, the failures table's rules and refusals (a value of the data aside) included."""
    table = failures_table(at)
    said = table["value"][table["column"] == ""].dropna().astype(str).tolist()  # a refusal of the file, in words
    return visible_texts(at) + table["rule"].astype(str).tolist() + said


@pytest.mark.parametrize("case", CASES_ZH)
def test_a_refused_file_is_explained_in_chinese(sample: Path, case: str) -> None:
    table, name, data, rule, _ = CASES_ZH[case]
    at = upload_zh(table, name, data)
    assert at.title[0].value == "上传数据"
    assert at.error and HAN.search(at.error[0].value), [e.value for e in at.error]
    texts = read_texts(at)
    allowed = [name, *TABLES, DEFAULT_TIME_ZONE, *file_words(data), *data_values(sample)]
    assert not english_left(texts, allowed), english_left(texts, allowed)
    assert rule not in failures_table(at)["rule"].tolist()  # the rule is said in Chinese


def test_the_chinese_page_names_the_rule_and_the_place(sample: Path) -> None:
    at = upload_zh(*CASES_ZH["duplicate column"][:3])
    table = failures_table(at)
    assert table["rule"].tolist() == ["列名重复"]
    assert table["value"].tolist() == ["表头中有重复的列名：“region”（第2、3列）"]
    at = upload_zh(*CASES_ZH["wrong number of values"][:3])
    assert failures_table(at)[["row", "rule", "value"]].values.tolist() == [
        [3, "值的个数不对", "3个值，表头有4列"], [4, "值的个数不对", "5个值，表头有4列"]]
    assert at.error[0].value == "发现2个问题：所有行通过检查之前，不会写入任何数据。"


def test_the_ambiguous_date_question_is_asked_in_chinese_and_answered(sample: Path) -> None:
    at = upload_zh(*CASES_ZH["ambiguous date"][:3])
    question = next(r for r in at.radio if "两种读法" in r.label)
    assert question.label == "**order_date**：像02/06/2024（第2行）这样的日期有两种读法。日和月哪个在前？"
    assert question.options == ["日在前：02/06/2024即2024年6月2日", "月在前：02/06/2024即2024年2月6日"]
    question.set_value("日在前：02/06/2024即2024年6月2日").run()
    assert at.success[0].value == "全部2行均通过所有规则检查。"
    assert any("order_date按DD/MM/YYYY读取（按指定格式）" in c.value for c in at.caption), [c.value for c in at.caption]
    load = next(b for b in at.button if b.label.startswith("将2行导入"))
    assert load.label == "将2行导入订单表（追加）"
    load.click().run()
    assert at.success[0].value.startswith("已导入（导入#1）orders_ambiguous_dates.csv → orders（追加）：共2行，新增2行")
    assert "order_date从2024年6月2日到2024年7月3日" in at.success[0].value


def test_the_encoding_question_is_answered_in_chinese(sample: Path) -> None:
    at = upload_zh(*CASES_ZH["encoding not certain"][:3])
    assert failures_table(at)["rule"].tolist() == ["无法确定编码"]
    picker = next(s for s in at.selectbox if s.label == "文本编码")
    assert picker.options[0] == "自动检测"
    picker.set_value("cp1252").run()
    assert at.success[0].value == "这一行通过了所有规则检查。"
    assert any(c.value == "读取方式：分隔文本，Windows-1252编码，逗号分隔，2列。" for c in at.caption)


@pytest.mark.parametrize("case", CASES_ZH)
def test_the_cli_says_the_same_refusal_in_english(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
                                                  case: str) -> None:
    table, name, data, rule, english = CASES_ZH[case]
    path = tmp_path / name
    path.write_bytes(data)
    assert cli.main(["--db", str(sample), "--table", table, "--dry-run", str(path)]) == 1
    out = capsys.readouterr().out
    assert rule in out and english in out, out
    assert not HAN.search(out.replace(data.decode("utf-8", "replace"), "").replace("鰈", "")), out


def test_the_refusal_is_one_message_said_in_either_language() -> None:
    with pytest.raises(ExtractError) as refused:
        open_extract(CORPUS / "customers_duplicate_header.csv")
    message = refused.value.message
    assert message is not None and str(message) == refused.value.detail
    assert message.say("en") == "the header names a column more than once: 'region' (columns 2, 3)"
    assert message.say("zh") == "表头中有重复的列名：“region”（第2、3列）"
    assert not ASCII_WORD.findall(message.say("zh").replace("region", ""))


def test_a_one_row_file_is_summed_up_in_the_singular(sample: Path, tmp_path: Path) -> None:
    """The summary is a plural message: '1 row' (the CLI said '1 rows' before), one form in Chinese."""
    path = tmp_path / "one.csv"
    path.write_text("customer_id,region\nC90,North\n")
    extract = open_extract(path)
    cur = warehouse.cursor(sample)
    try:
        report = check(cur, extract, "customers", "append")
    finally:
        cur.close()
        extract.cleanup()
    assert report.summary() == "ready to load one.csv -> customers (append): 1 row, 1 added, 0 replaced, 0 removed"
    assert report.summary_message().say("zh") == "可以导入one.csv → customers（追加）：共1行，新增1行，替换0行，删除0行"


def test_the_load_history_names_tables_and_modes_in_the_page_language() -> None:
    from ui.content.upload import history_table
    frame = pd.DataFrame({"load_id": [2, 1], "table_name": ["surveys", "customers"], "mode": ["upsert", "demo"],
                          "file_name": ["answers.csv", "demo seed=7"]})
    zh = history_table(frame, "zh")
    assert list(zh["table_name"]) == ["调查", "客户"]
    assert list(zh["mode"]) == ["更新或新增", "演示数据"]
    assert list(zh["file_name"]) == ["answers.csv", "demo seed=7"]  # files keep their own names
    assert list(history_table(frame, "en")["table_name"]) == ["surveys", "customers"]


def test_the_uploader_button_says_its_word_in_chinese_and_english_keeps_streamlits() -> None:
    from ui.content.upload import uploader_css
    css = uploader_css("zh")
    assert css is not None and 'content: "选择文件"' in css and "stFileUploaderDropzoneInstructions" in css
    assert uploader_css("en") is None
