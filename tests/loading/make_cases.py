"""Write the extract cases in tests/loading/cases/ (run once; the files are committed).

    .venv/bin/python -m tests.loading.make_cases

Good cases load into the sample warehouse of conftest.py; each bad case breaks
exactly the rule its name says, at the rows test_bad_cases.py expects.
"""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd

CASES = Path(__file__).with_name("cases")

TEXT: dict[str, tuple[str, str]] = {
    # good ----------------------------------------------------------------------
    "customers_gb18030.csv": ("gb18030",
        "客户编号,客户名称,地区,细分,注册日期,流失日期,流失原因\r\n"
        "C10,华为商贸,华东,大客户,2024/01/05,,\r\n"
        "C11,李四超市,华南,小企业,2024/02/10,2024/08/01,价格太高\r\n"),
    "complaints_utf8_bom.csv": ("utf-8-sig",
        "投诉编号,客户ID,投诉时间,级别,渠道,解决时间\n"
        "K10,C1,15/03/2024 09:30,一线,电话,16/03/2024 10:00\n"
        "K11,C2,20/03/2024 14:00,升级,email,\n"),
    "orders_semicolon.csv": ("utf-8",
        "order_id;customer_id;order_date;amount;margin\n"
        'O10;C1;2024-04-01;"1,234.50";100\n'
        "O11;C2;2024-04-02;99.9;\n"),
    "contacts_utf16.txt": ("utf-16",
        "Contact ID\tCustomer\tContact time\tChannel\tReason\n"
        "T10\tC1\t2024-05-01 08:00:00\tphone\t账单\n"
        "T11\tC3\t2024-05-02 09:15:00\tweb\t\n"),
    "orders_upsert.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\n"
        "O1,C1,2024-01-10,111\n"
        "O12,C2,2024-05-01,12\n"),
    # bad -----------------------------------------------------------------------
    "orders_missing_column.csv": ("utf-8", "order_id,customer_id,order_date\nO20,C1,2024-04-01\n"),
    "orders_unparseable_date.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C1,2024-04-01,1\nO21,C1,next week,2\nO22,C2,2024-04-03,3\n"),
    "orders_impossible_date.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C1,15/01/2024,1\nO21,C1,31/02/2024,2\nO22,C2,28/02/2024,3\n"),
    "orders_duplicate_key.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C1,2024-04-01,1\nO21,C1,2024-04-02,2\nO20,C2,2024-04-03,3\n"),
    "orders_existing_key.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C1,2024-04-01,1\nO2,C2,2024-04-02,2\n"),
    "orders_unknown_customer.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C99,2024-04-01,1\nO21,C1,2024-04-02,2\n"),
    "orders_negative_amount.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C1,2024-04-01,1\nO21,C2,2024-04-02,-5\n"),
    "orders_malformed_number.csv": ("utf-8",
        "order_id,customer_id,order_date,amount\nO20,C1,2024-04-01,12abc\nO21,C2,2024-04-02,2\n"),
    "complaints_resolved_before_opened.csv": ("utf-8",
        "complaint_id,customer_id,opened_at,level,resolved_at\n"
        "K20,C1,2024-04-01 10:00,frontline,2024-04-02 10:00\n"
        "K21,C2,2024-04-05 10:00,escalated,2024-04-04 09:00\n"),
    "customers_churn_before_signup.csv": ("utf-8",
        "customer_id,signup_date,churn_date\nC20,2024-05-01,2024-04-01\nC21,2024-05-01,\n"),
    "surveys_satisfaction_9.csv": ("utf-8",
        "response_id,customer_id,responded_at,satisfaction\n"
        "S20,C1,2024-04-01,5\nS21,C2,2024-04-02,1\nS22,C2,2024-04-03,9\n"),
    "empty.csv": ("utf-8", ""),
    "header_only.csv": ("utf-8", "order_id,customer_id,order_date,amount\n"),
}


def write_text() -> None:
    for name, (encoding, text) in TEXT.items():
        (CASES / name).write_bytes(text.encode(encoding))


def write_binary() -> None:
    rng = random.Random(5)
    (CASES / "garbage.csv").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Survey export", "see the second sheet"])
    notes.append(["exported", "2024-06-01"])
    sheet = book.create_sheet("Responses")
    sheet.append(["Response ID", "Customer ID", "Survey Date", "Satisfaction", "Had problem", "Complained", "Effort"])
    sheet.append(["S10", "C1", datetime(2024, 6, 1, 12, 0), 2, "是", "否", 6])
    sheet.append(["S11", "C2", datetime(2024, 6, 2, 8, 30), 5, "N", "N", None])
    book.save(CASES / "surveys_two_sheets.xlsx")
    pd.DataFrame({
        "contact_id": ["T20", "T21"], "customer_id": ["C1", "C2"],
        "contacted_at": pd.to_datetime(["2024-06-01 10:00", "2024-06-03 16:45"]),
        "channel": ["email", "store"], "reason": ["Billing", None], "complaint_id": ["K1", None],
    }).to_parquet(CASES / "contacts.parquet", index=False)


if __name__ == "__main__":
    CASES.mkdir(exist_ok=True)
    write_text()
    write_binary()
    print(f"wrote {len(list(CASES.iterdir()))} cases to {CASES}")
