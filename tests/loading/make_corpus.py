"""Write the corpus of real-shaped extracts in tests/loading/corpus/ (the files are committed).

    .venv/bin/python -m tests.loading.make_corpus

Each file is written the way the system it imitates writes it: pandas with its
defaults (to_csv with the index and nanosecond timestamps, to_parquet with
TIMESTAMP_NS, tz-aware or not), openpyxl with real date cells, a European ERP
(Windows-1252, semicolons, decimal commas, DD.MM.YYYY), a Chinese CRM
(GB18030, Chinese headers, 2024年1月5日), UTF-16 tab-separated text, UTF-8
with a BOM, an Olist-style e-commerce export. test_corpus.py holds the outcome
expected of each: the exact rows loaded, or the exact rule and row refused.
All keys refer to the sample warehouse of conftest.py (customers C1..C5).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd

CORPUS = Path(__file__).with_name("corpus")


def _text(encoding: str, text: str) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(text.encode(encoding))


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def pandas_complaints(path: Path) -> None:
    """pandas to_csv defaults: the index as an unnamed first column, nanosecond timestamps."""
    pd.DataFrame({
        "complaint_id": ["K50", "K51"], "customer_id": ["C1", "C2"],
        "opened_at": pd.to_datetime(["2024-04-01 10:00:00.123456789", "2024-04-02 08:30:00"], format="ISO8601").astype("datetime64[ns]"),
        "level": ["frontline", "escalated"],
        "resolved_at": pd.to_datetime(["2024-04-01 12:00:00.5", None], format="ISO8601").astype("datetime64[ns]"),
    }).to_csv(path)


def pandas_contacts_ns(path: Path) -> None:
    pd.DataFrame({
        "contact_id": ["T50", "T51"], "customer_id": ["C1", "C2"],
        "contacted_at": pd.to_datetime(["2024-06-01 10:00:00.000000999", "2024-06-03 16:45:00"], format="ISO8601").astype("datetime64[ns]"),
        "channel": ["email", "store"],
    }).to_parquet(path)


def pandas_contacts_tz(path: Path) -> None:
    """tz-aware nanosecond timestamps in Shanghai time (UTC+8)."""
    pd.DataFrame({
        "contact_id": ["T60", "T61"], "customer_id": ["C1", "C2"],
        "contacted_at": pd.to_datetime(["2024-06-01 08:00:00", "2024-06-02 07:30:00.25"], format="ISO8601")
                          .tz_localize("Asia/Shanghai").astype("datetime64[ns, Asia/Shanghai]"),
        "channel": ["phone", "web"],
    }).to_parquet(path)


def openpyxl_surveys(path: Path) -> None:
    """Date cells (real Excel dates), a blank row in the middle, numbers as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Survey"
    sheet.append(["Response ID", "Customer ID", "Survey date", "Satisfaction", "Effort"])
    sheet.append(["S50", "C1", datetime(2024, 6, 1, 12, 0), 4, 2])
    sheet.append([])
    sheet.append(["S51", "C2", date(2024, 6, 2), 5, None])
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "yyyy-mm-dd hh:mm"
    book.save(path)


def openpyxl_surveys_bad(path: Path) -> None:
    """The same workbook with satisfaction 9 on sheet row 5 (after a blank row 3)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Response ID", "Customer ID", "Survey date", "Satisfaction"])
    sheet.append(["S52", "C1", datetime(2024, 6, 1, 12, 0), 4])
    sheet.append([])
    sheet.append(["S53", "C2", datetime(2024, 6, 2, 9, 0), 3])
    sheet.append(["S54", "C2", datetime(2024, 6, 3, 9, 0), 9])
    book.save(path)


# A password-protected XLSX is an OLE2 compound file holding an "EncryptedPackage" stream. This is
# its header and directory entry names only (no encryption library is installed to write a real one).
ENCRYPTED_XLSX = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                  + "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le") + bytes(400))

UTF8_CRM = ("customer_id,customer_name,region\n"
            "C60,华为商贸,华东\n"
            "C61,Zürich Handels AG,Europe\n").encode()

FILES: dict[str, Callable[[Path], object]] = {
    # loaded -------------------------------------------------------------------------------
    "complaints_pandas_default.csv": pandas_complaints,
    "contacts_pandas_ns.parquet": pandas_contacts_ns,
    "contacts_pandas_tz.parquet": pandas_contacts_tz,
    "surveys_openpyxl_dates.xlsx": openpyxl_surveys,
    "complaints_iso_offsets.csv": _text("utf-8",
        "complaint_id,customer_id,opened_at,level,first_response_at\n"
        "K60,C1,2024-05-01T10:00:00Z,frontline,2024-05-01T10:30:00.250Z\n"
        "K61,C2,2024-05-01T18:00:00+08:00,escalated,2024-05-01T19:00:00+0800\n"
        "K62,C3,2024-05-01T05:00:00-05:00,frontline,\n"),
    "customers_erp_cp1252.csv": _text("cp1252",
        "Kundennummer;customer_name;region;signup_date\r\n"
        "C60;Müller GmbH;Zürich;13.02.2024\r\n"
        "C61;Café Français;Köln;01.03.2024\r\n"),
    "orders_erp_decimal_comma.csv": _text("cp1252",
        "order_id;customer_id;order_date;amount;margin\r\n"
        "O60;C1;15.04.2024;1,500;0,25\r\n"
        "O61;C2;16.04.2024;12,75;\r\n"
        "O62;C2;17.04.2024;1.234,50;100\r\n"),
    "orders_us_thousands.csv": _text("utf-8",
        "order_id,customer_id,order_date,amount\n"
        'O63,C1,04/15/2024,"1,500"\n'
        'O64,C2,04/16/2024,"1,234.50"\n'),
    "customers_crm_gb18030.csv": _text("gb18030",
        "客户编号,客户名称,省份,客户类型,注册日期\r\n"
        "C70,华为商贸,广东,大客户,2024年1月5日\r\n"
        "C71,李四超市,浙江,小企业,2024年2月10日\r\n"),
    "contacts_utf16_tab.txt": _text("utf-16",
        "Contact ID\tCustomer\tContact time\tChannel\tReason\r\n"
        'T70\tC1\t2024-05-01 08:00:00\tphone\t"账单\r\n第二行"\r\n'
        "T71\tC3\t2024-05-02 09:15:00\tweb\t\r\n"),
    "complaints_bom_blank_lines.csv": _text("utf-8-sig",
        "投诉编号,客户ID,投诉时间,级别,类别\n"
        "\n"
        'K70,C1,2024-03-15 09:30,一线,"送货\n晚了"\n'
        "\n"
        "K71,C2,2024-03-20 14:00,升级,账单\n"),
    "orders_olist.csv": _text("utf-8",
        "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,payment_value\n"
        "e481f51cbdc54678b7cc49136f2d6af7,C1,delivered,2024-10-02 10:56:33,2024-10-02 11:07:15,38.71\n"
        "53cdb2fc8bc7dce0b6741e2150273451,C2,delivered,2024-07-24 20:41:37,2024-07-26 03:24:27,141.46\n"),
    "customers_olist.csv": _text("utf-8",
        "customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state\n"
        "06b8999e2fba1a1fbc88172c00ba8bc7,861eff4711a542e4b93843c6dd7febb0,14409,franca,SP\n"),
    "customers_upsert_churn_only.csv": _text("utf-8", "customer_id,churn_date\nC1,2024-12-31\n"),
    "orders_ambiguous_dates.csv": _text("utf-8",
        "order_id,customer_id,order_date,amount\nO80,C1,02/06/2024,10\nO81,C2,03/07/2024,20\n"),
    "orders_ambiguous_decimal.csv": _text("utf-8",
        "order_id;customer_id;order_date;amount\nO82;C1;2024-06-02;1,500\nO83;C2;2024-06-03;2,250\n"),
    # refused ------------------------------------------------------------------------------
    "customers_utf8_stray_byte.csv": _bytes(UTF8_CRM + b"C62,Z\xfcrich AG,Europe\n"),
    "orders_implausible_dates.csv": _text("utf-8",
        "order_id,customer_id,order_date,amount\nO90,C1,2024-05-01,1\nO91,C1,2205-05-01,2\nO92,C2,1899-12-31,3\n"),
    "orders_ragged.csv": _text("utf-8",
        "order_id,customer_id,order_date,amount\nO93,C1,2024-05-01,1\nO94,C1,2024-05-02\nO95,C2,2024-05-03,3,extra\n"),
    "orders_unclosed_quote.csv": _text("utf-8",
        'order_id,customer_id,order_date,amount\nO96,C1,2024-05-01,1\nO97,"C1,2024-05-02,2\nO98,C2,2024-05-03,3\n'),
    "customers_duplicate_header.csv": _text("utf-8", "customer_id,region,region\nC80,North,South\n"),
    "surveys_password.xlsx": _bytes(ENCRYPTED_XLSX),
    "complaints_blank_lines_unknown_customer.csv": _text("utf-8",
        "complaint_id,customer_id,opened_at,level,category\n"
        "\n"
        'K80,C1,2024-03-15 09:30,frontline,"late\ndelivery"\n'
        "\n"
        "K81,C99,2024-03-20 14:00,escalated,billing\n"),
    "orders_mixed_decimal.csv": _text("utf-8",
        "order_id;customer_id;order_date;amount\nO99;C1;2024-06-02;12.5\nO100;C2;2024-06-03;12,75\n"),
    "surveys_openpyxl_bad_score.xlsx": openpyxl_surveys_bad,
    "orders_old_mac_cr.csv": _text("utf-8", "order_id,customer_id,order_date,amount\rO1,C1,2024-01-01,5\r"),
}


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, write in FILES.items():
        write(CORPUS / name)
    print(f"wrote {len(FILES)} files to {CORPUS}")


if __name__ == "__main__":
    main()
