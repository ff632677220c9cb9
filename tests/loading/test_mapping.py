"""Column suggestions (English and Chinese), value maps, presets, date format override."""
from __future__ import annotations

from pathlib import Path

import pytest

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


def test_suggest_knows_real_export_names() -> None:
    assert suggest("orders", ["order_id", "customer_id", "order_status", "order_purchase_timestamp",
                              "order_approved_at", "payment_value"]).columns == {
        "order_id": "order_id", "customer_id": "customer_id", "order_purchase_timestamp": "order_date",
        "payment_value": "amount"}
    assert suggest("surveys", ["review_id", "order_id", "review_score", "review_creation_date",
                               "review_answer_timestamp", "customerUniqueId"]).columns == {
        "review_id": "response_id", "review_score": "satisfaction", "review_creation_date": "responded_at",
        "customerUniqueId": "customer_id"}
    assert suggest("customers", ["customer_id", "customer_unique_id", "customer_city", "customer_state"]).columns == {
        "customer_id": "customer_id", "customer_state": "region"}
    assert suggest("complaints", ["ticketId", "clientId", "createdAt", "escalationLevel", "closedAt"]).columns == {
        "ticketId": "complaint_id", "clientId": "customer_id", "createdAt": "opened_at",
        "escalationLevel": "level", "closedAt": "resolved_at"}
    assert suggest("orders", ["订单号", "会员ID", "下单时间", "实付金额"]).columns == {
        "订单号": "order_id", "会员ID": "customer_id", "下单时间": "order_date", "实付金额": "amount"}
    assert suggest("orders", ["order_no", "cust_id", "order_dt", "total_amount"]).columns == {
        "order_no": "order_id", "cust_id": "customer_id", "order_dt": "order_date", "total_amount": "amount"}


def test_a_mapping_overrides_only_what_it_names() -> None:
    auto = suggest("surveys", ["id", "customer_id", "responded_at", "satisfaction", "complained", "note"])
    mine = Mapping.from_json({"id": "response_id", "complained": None})
    assert mine.over(auto).used() == {"customer_id": "customer_id", "responded_at": "responded_at",
                                      "satisfaction": "satisfaction", "id": "response_id"}


@pytest.mark.parametrize("doc, message", [
    ([1, 2], "a mapping is a JSON object"),
    ({"a": 3}, "the canonical column must be a name or null"),
    ({"date_format": "%d/%m"}, "bad date format"),
    ({"decimal": ";"}, '"decimal" must be'),
    ({"values": {"level": "x"}}, '"values" must be'),
])
def test_bad_mapping_documents_say_what_is_wrong(doc, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Mapping.from_json(doc)
