"""A template per canonical table: the CSV header the loader maps without help and three example rows.

The examples fit together (the orders, complaints, surveys and contacts belong to the three
example customers) and pass every rule, so a template filled in the same way loads as it is.
"""
from __future__ import annotations

import csv
import io

from data.schema import TABLES

EXAMPLES: dict[str, list[tuple]] = {
    "customers": [("C001", "Acme Trading", "North", "Enterprise", "2024-01-15", "", ""),
                  ("C002", "华为商贸", "East", "Small business", "2024-02-01", "2024-11-30", "Price"),
                  ("C003", "Bakery Rossi", "South", "Small business", "2024-03-10", "", "")],
    "orders": [("O1001", "C001", "2024-01-20", "1250.00", "310.50"),
               ("O1002", "C002", "2024-02-05", "89.90", ""),
               ("O1003", "C001", "2024-04-02", "640.00", "120.00")],
    "complaints": [("K001", "C001", "2024-02-10 09:30:00", "frontline", "phone", "Delivery",
                    "2024-02-10 10:05:00", "2024-02-11 16:00:00"),
                   ("K002", "C002", "2024-03-01 14:00:00", "escalated", "email", "Billing", "2024-03-02 09:00:00", ""),
                   ("K003", "C003", "2024-04-12 11:15:00", "frontline", "store", "Quality", "", "")],
    "surveys": [("S001", "C001", "2024-02-15 12:00:00", "4", "false", "false", "2"),
                ("S002", "C002", "2024-03-10 18:30:00", "2", "true", "true", "6"),
                ("S003", "C003", "2024-04-20 09:45:00", "3", "true", "false", "")],
    "contacts": [("T001", "C001", "2024-02-10 09:25:00", "phone", "Delivery", "K001"),
                 ("T002", "C002", "2024-03-01 13:50:00", "email", "Billing", "K002"),
                 ("T003", "C003", "2024-05-02 10:00:00", "web", "Account change", "")],
}


def template_csv(table: str) -> bytes:
    """The template of `table` as UTF-8 CSV bytes: the canonical header and three example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLES[table].column_names)
    writer.writerows(EXAMPLES[table])
    return out.getvalue().encode("utf-8")
