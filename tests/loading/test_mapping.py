"""Column suggestions (English and Chinese), value maps, presets, date format override."""
from __future__ import annotations

from pathlib import Path

from data import warehouse
from data.loading import Mapping, check, matching_preset, open_extract, presets, save_preset, suggest
from data.loading.read import sniff_delimiter
from data.loading.textscan import choose_encoding

from .conftest import CASES


def test_suggest_maps_chinese_and_english_synonyms() -> None:
    assert suggest("complaints", ["客户编号", "投诉编号", "投诉时间", "级别", "Resolved At"]).columns == {
        "客户编号": "customer_id", "投诉编号": "complaint_id", "投诉时间": "opened_at", "级别": "level",
        "Resolved At": "resolved_at"}
    assert suggest("orders", ["Order No", "客户ID", "Date", "金额", "order date"]).columns == {
        "Order No": "order_id", "客户ID": "customer_id", "金额": "amount", "order date": "order_date"}


def test_mapping_json_round_trip() -> None:
    doc = {"客户编号": "customer_id", "values": {"level": {"一线": "frontline"}}, "date_format": "%d/%m/%Y"}
    assert Mapping.from_json(doc).to_json() == doc


def test_presets_are_saved_and_offered_when_they_fit(db: Path) -> None:
    cur = warehouse.cursor(db)
    mapping = Mapping({"Kunde": "customer_id", "Bestellung": "order_id"})
    save_preset(cur, "orders", "german export", mapping, "tester")
    saved = presets(cur, "orders")
    cur.close()
    assert saved == {"german export": mapping}
    assert matching_preset(saved, ["Bestellung", "Kunde", "Datum"]) == "german export"
    assert matching_preset(saved, ["order_id", "customer_id"]) is None


def test_user_value_map_and_date_format_override(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,cust,when,tier\nK30,C1,03/04/2024 10:00,L1\nK31,C2,04/04/2024 10:00,Mgmt\n")
    mapping = Mapping({"id": "complaint_id", "cust": "customer_id", "when": "opened_at", "tier": "level"})
    cur = warehouse.cursor(db)
    refused = check(cur, open_extract(path), "complaints", "append", mapping)
    assert sorted((r.row, r.value, r.rule) for r in refused.failures.itertuples()) == [
        (2, "03/04/2024 10:00", "ambiguous date format"), (2, "L1", "level not frontline/escalated"),
        (3, "Mgmt", "level not frontline/escalated")]
    mapping.values = {"level": {"L1": "frontline", "mgmt": "escalated"}}
    mapping.date_format = "%m/%d/%Y"
    report = check(cur, open_extract(path), "complaints", "append", mapping)
    cur.close()
    assert report.ok and report.preview["date_from"].isoformat() == "2024-03-04"


def test_encoding_and_delimiter_detection() -> None:
    for name, encoding in (("customers_gb18030.csv", "gb18030"), ("complaints_utf8_bom.csv", "utf-8-sig"),
                           ("contacts_utf16.txt", "utf-16")):
        assert choose_encoding(CASES / name, (CASES / name).read_bytes()[:4]) == encoding
    assert sniff_delimiter("a|b|c\n1|2|3\n") == "|"
    assert sniff_delimiter("a;b\n1,5;2\n") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
