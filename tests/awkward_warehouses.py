"""Awkward warehouses for the page audit: each one a builder `(path) -> None`.

They start from the hand-made sample (tests/sample_warehouse.py) or a small
deterministic demo (data.demo) and cut or blank what a real extract often
lacks: few complaints, no surveys, no contacts, no channel and category, one
region, nothing resolved, a last year without complaints, only customers,
nothing at all. Each change goes through SQL on the canonical tables and
ends with bump_data_version (which rebuilds the customer facts), as a load would.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sample_warehouse import build_sample

from data import demo, warehouse

DEMO_CUSTOMERS = 1_500
Builder = Callable[[Path], None]


def _demo_then(*statements: str) -> Builder:
    """A builder: the small demo, then `statements` in one transaction."""
    def build(path: Path) -> None:
        demo.build(path, customers=DEMO_CUSTOMERS)
        cur = warehouse.cursor(path)
        try:
            with warehouse.transaction(cur):
                for sql in statements:
                    cur.execute(sql)
                warehouse.bump_data_version(cur)
        finally:
            cur.close()
    return build


def _empty(path: Path) -> None:
    warehouse.connect(path)


LAST_YEAR = ("(SELECT MAX(order_date) FROM orders) - INTERVAL 364 DAY")

AWKWARD: dict[str, Builder] = {
    # 10 customers, a handful of each row: every group is far under 30
    "tiny": build_sample,
    # a real-world extract's shape: 1,500 customers but 8 complaints without channel or category, 12 surveys
    "sparse": _demo_then(
        "DELETE FROM complaints WHERE complaint_id NOT IN "
        "(SELECT complaint_id FROM complaints ORDER BY opened_at DESC LIMIT 8)",
        "UPDATE complaints SET channel = NULL, category = NULL",
        "UPDATE contacts SET complaint_id = NULL",
        "DELETE FROM surveys WHERE response_id NOT IN (SELECT response_id FROM surveys ORDER BY response_id LIMIT 12)"),
    "no_surveys": _demo_then("DELETE FROM surveys"),
    "no_contacts": _demo_then("DELETE FROM contacts"),
    "no_channel_category": _demo_then("UPDATE complaints SET channel = NULL, category = NULL"),
    "one_region": _demo_then("UPDATE customers SET region = 'North'"),
    "all_unresolved": _demo_then("UPDATE complaints SET resolved_at = NULL"),
    # no complaint (and no contact about one) in the default window: the last 365 days
    "quiet_last_year": _demo_then(f"DELETE FROM complaints WHERE opened_at >= {LAST_YEAR}",
                                  "UPDATE contacts SET complaint_id = NULL"),
    "customers_only": _demo_then("DELETE FROM orders", "DELETE FROM complaints", "DELETE FROM surveys",
                                 "DELETE FROM contacts"),
    "empty": _empty,
}
