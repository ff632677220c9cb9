"""A tiny hand-made warehouse whose every report number can be worked out by hand.

`build_sample(path)` writes it into a DuckDB file with the canonical schema.
The expected numbers, with their working, live in tests/test_report_sample.py.

Defaults it implies (docs/contract.md section 2, whole warehouse):
    as_of = 2024-12-31  (latest of: order O01d 2024-12-31, complaint K04
                         2024-10-01, survey S07 2024-12-15)
    start = 2023-01-01  (C01's signup and first order)
    end   = as_of

Lifecycle at the default as_of (inactivity_days 180), for reference:

    cust  first_active  last_order  lost_on     why
    C01   2023-01-01    2024-12-31  NULL        2024-12-31 + 180 > as_of
    C02   2023-01-10    2023-09-01  2024-03-15  churn_date (beats inactivity 2024-02-28)
    C03   2023-07-06    2024-07-04  2024-12-31  inactivity, exactly on as_of / window end
    C04   2023-03-01    NULL        2023-08-28  no orders: signup + 180
    C05   NULL          NULL        -           neither signup nor orders: left out of all counts
    C06   2023-05-01    2024-11-01  NULL
    C07   2023-02-15    2024-05-01  2024-10-28  inactivity
    C08   2023-04-01    2023-06-29  2023-12-26  inactivity
    C09   2023-01-05    2024-02-01  2024-07-30  inactivity (2024 is a leap year)
    C10   2023-06-01    2023-06-01  2023-11-28  inactivity; its only order has amount 0
    C11   2024-12-01    NULL        NULL        no orders, signup + 180 > as_of
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from data.warehouse import bump_data_version, connect, cursor, transaction

D = date
T = datetime

# customer_id, customer_name, region, segment, signup_date, churn_date, churn_reason
CUSTOMERS = [
    ("C01", "Acme", "North", "Retail", D(2023, 1, 1), None, None),      # biggest account; sets default start
    ("C02", "Bolt", "North", "Retail", D(2023, 1, 10), D(2024, 3, 15), "price"),  # explicit churn_date
    ("C03", "Cato", "South", "Wholesale", None, None, None),            # no signup_date: first_active = first order
    ("C04", "Dove", None, "Retail", D(2023, 3, 1), None, None),         # NULL region; no orders at all
    ("C05", "Ghost", "North", "Retail", None, None, None),              # neither signup nor orders: in no count
    ("C06", "Echo", "South", "Retail", D(2023, 5, 1), None, None),      # two complaints with the same opened_at
    ("C07", "Fern", None, "Wholesale", D(2023, 2, 15), None, None),     # NULL region; revenue ties with C08
    ("C08", "Gale", "North", "Wholesale", D(2023, 4, 1), None, None),   # revenue ties with C07
    ("C09", "Hale", "South", "Retail", D(2023, 1, 5), None, None),
    ("C10", "Iris", "East", "Retail", D(2023, 6, 1), None, None),       # only order has amount 0
    ("C11", "Jade", "East", "Wholesale", D(2024, 12, 1), None, None),   # late signup, no orders, still active
]

# order_id, customer_id, order_date, amount, margin
ORDERS = [
    ("O01a", "C01", D(2023, 1, 1), 1000.0, 300.0),
    ("O01b", "C01", D(2023, 6, 1), 1500.0, 450.0),
    ("O01c", "C01", D(2024, 1, 15), 1000.0, None),
    ("O01d", "C01", D(2024, 12, 31), 1500.0, 400.0),   # latest order: sets the default as_of
    ("O02a", "C02", D(2023, 1, 20), 100.0, 20.0),
    ("O02b", "C02", D(2023, 9, 1), 200.0, 40.0),        # inactivity would give 2024-02-28; churn_date wins
    ("O03a", "C03", D(2023, 7, 6), 200.0, None),        # exactly 364 days before last order: in annual revenue
    ("O03b", "C03", D(2024, 7, 4), 300.0, None),        # 2024-07-04 + 180 = 2024-12-31 = as_of (boundary)
    ("O06a", "C06", D(2023, 5, 1), 1000.0, 200.0),
    ("O06b", "C06", D(2024, 11, 1), 1000.0, 200.0),
    ("O07a", "C07", D(2023, 3, 1), 500.0, 100.0),       # > 365 days before last order: not in annual revenue
    ("O07b", "C07", D(2024, 5, 1), 500.0, 100.0),       # lost_on 2024-10-28
    ("O08a", "C08", D(2023, 4, 1), 600.0, 60.0),
    ("O08b", "C08", D(2023, 6, 29), 400.0, 40.0),       # lost_on 2023-12-26; revenue 1000 ties C07
    ("O09a", "C09", D(2024, 2, 1), 200.0, 30.0),        # lost_on 2024-07-30
    ("O10a", "C10", D(2023, 6, 1), 0.0, 0.0),           # zero amount: C10 is never ranked
]

# complaint_id, customer_id, opened_at, level, channel, category, first_response_at, resolved_at
COMPLAINTS = [
    # C01: resolved in exactly 24 h -> fast / "<=1d"; first response 1.5 h
    ("K01", "C01", T(2023, 2, 1, 9), "frontline", "phone", "billing", T(2023, 2, 1, 10, 30), T(2023, 2, 2, 9)),
    # C01: later, escalated; 4 h to respond, 240 h to resolve
    ("K02", "C01", T(2024, 6, 10, 10), "escalated", "email", "delivery", T(2024, 6, 10, 14), T(2024, 6, 20, 10)),
    # C02: escalated, never resolved (unresolved); first response 24 h
    ("K03", "C02", T(2023, 6, 1, 8), "escalated", "email", "billing", T(2023, 6, 2, 8), None),
    # C03: resolved on the very day C03 is lost (2024-12-31 15:00): 91 d 3 h = 2187 h
    ("K04", "C03", T(2024, 10, 1, 12), "frontline", "web", "quality", T(2024, 10, 1, 13), T(2024, 12, 31, 15)),
    # C05 (no signup, no orders): must not count anywhere
    ("K05", "C05", T(2023, 8, 1, 9), "escalated", "phone", "quality", None, None),
    # C06: two complaints opened at the same instant; K06a comes first by complaint_id.
    # K06a resolved in exactly 72 h -> "resolved" group, "1-3d" bucket; response 12 h
    ("K06a", "C06", T(2023, 5, 10, 9), "escalated", "store", "quality", T(2023, 5, 10, 21), T(2023, 5, 13, 9)),
    ("K06b", "C06", T(2023, 5, 10, 9), "frontline", "store", "quality", None, None),
    # C07: 40 days = 960 h -> ">30d"; response 48 h
    ("K07", "C07", T(2023, 11, 1, 10), "frontline", "phone", "delivery", T(2023, 11, 3, 10), T(2023, 12, 11, 10)),
    # C08: exactly 168 h -> "3-7d" (upper bound inclusive); response 6 h
    ("K08", "C08", T(2023, 6, 15, 12), "frontline", "web", "billing", T(2023, 6, 15, 18), T(2023, 6, 22, 12)),
    # C09: 30 h -> "1-3d"; response 2 h; more than 365 days before C09's lost_on
    ("K09", "C09", T(2023, 3, 1, 10), "frontline", "phone", "billing", T(2023, 3, 1, 12), T(2023, 3, 2, 16)),
    # C10: opened 2024-01-01 23:30 -> date + 365 = 2024-12-31 = as_of, so in the cohort (day granularity);
    # 1 h -> fast; opened after C10's lost_on
    ("K10", "C10", T(2024, 1, 1, 23, 30), "frontline", "social", "other", None, T(2024, 1, 2, 0, 30)),
]

# response_id, customer_id, responded_at, satisfaction, had_problem, complained, effort_score
SURVEYS = [
    ("S01", "C01", T(2023, 3, 1, 12), 4, False, None, 2),    # satisfied; complained NULL
    ("S02", "C04", T(2023, 4, 1, 12), 2, None, False, 5),    # dissatisfied, silent
    ("S03", "C07", T(2023, 5, 1, 12), 5, True, True, 3),     # dissatisfied through had_problem; complained
    ("S04", "C09", T(2023, 6, 1, 12), 1, True, None, 6),     # dissatisfied, complained NULL: not in the share
    ("S05", "C05", T(2023, 8, 2, 12), 1, True, False, 7),    # C05: in no count
    ("S06", "C10", T(2023, 7, 1, 12), 3, True, False, 4),    # dissatisfied through had_problem, silent
    ("S07", "C11", T(2024, 12, 15, 12), 2, None, False, 5),  # dissatisfied, silent, too late for the cohort
    ("S08", "C06", T(2022, 12, 20, 12), 1, True, False, 7),  # before the window start
    ("S09", "C06", T(2023, 9, 1, 12), 2, False, False, 4),   # dissatisfied, silent
    ("S10", "C03", T(2024, 3, 1, 12), 3, None, False, 3),    # satisfaction 3, no problem: not dissatisfied
]

# contact_id, customer_id, contacted_at, channel, reason, complaint_id
CONTACTS = [
    ("T01", "C01", T(2023, 2, 1, 9, 5), "phone", "complaint", "K01"),
    ("T02", "C02", T(2023, 6, 1, 8), "email", "complaint", "K03"),
    ("T03", "C02", T(2023, 6, 5, 9), "phone", "chaser", "K03"),
    ("T04", "C06", T(2023, 5, 10, 9), "store", "complaint", "K06a"),
    ("T05", "C09", T(2023, 3, 3, 11), "phone", None, None),
]

_INSERTS: dict[str, tuple[list[tuple], str]] = {
    "customers": (CUSTOMERS, "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)"),
    "orders": (ORDERS, "INSERT INTO orders VALUES (?, ?, ?, ?, ?)"),
    "complaints": (COMPLAINTS, "INSERT INTO complaints VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    "surveys": (SURVEYS, "INSERT INTO surveys VALUES (?, ?, ?, ?, ?, ?, ?)"),
    "contacts": (CONTACTS, "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?)"),
}


def build_sample(path: str | Path) -> None:
    """Create the sample warehouse at `path` (schema from data/schema.sql, then the rows above)."""
    connect(path)
    cur = cursor(path)
    with transaction(cur):
        for rows, sql in _INSERTS.values():
            cur.executemany(sql, [list(r) for r in rows])
        bump_data_version(cur)   # as every real load does
    cur.close()
