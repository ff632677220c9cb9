"""Independent checks of customer effort and the complaint mix on a tiny warehouse worked by hand.

Window March 2024 (2024-03-01 .. 2024-03-31), as_of 2024-04-29, horizon_days 30.
Lifecycle at that as_of (inactivity 180, so nobody is lost by inactivity yet):

    cust  first_active  lost_on
    A     2024-01-01    NULL        (one order 2024-01-01)
    B     2024-01-01    2024-04-15  churn_date
    C     2024-02-01    NULL
    D     2024-02-01    NULL
    E     2024-01-01    2024-04-02  churn_date
    Z     -             -           neither signup nor order: its rows count nowhere

Wilson intervals are compared with statsmodels' `proportion_confint(method="wilson")`.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import metrics
from data.warehouse import close, cursor
from metrics.params import Filters, Params
from tests.reference import write_rows

D, T = date, datetime
WINDOW = Filters(start=D(2024, 3, 1), end=D(2024, 3, 31), as_of=D(2024, 4, 29))
PARAMS = Params(horizon_days=30)

ROWS: dict[str, list[dict]] = {
    "customers": [
        {"customer_id": "A", "signup_date": D(2024, 1, 1)},
        {"customer_id": "B", "signup_date": D(2024, 1, 1), "churn_date": D(2024, 4, 15)},
        {"customer_id": "C", "signup_date": D(2024, 2, 1)},
        {"customer_id": "D", "signup_date": D(2024, 2, 1)},
        {"customer_id": "E", "signup_date": D(2024, 1, 1), "churn_date": D(2024, 4, 2)},
        {"customer_id": "Z"},
    ],
    "orders": [{"order_id": "o1", "customer_id": "A", "order_date": D(2024, 1, 1), "amount": 10.0}],
    "complaints": [
        {"complaint_id": "kA1", "customer_id": "A", "opened_at": T(2024, 3, 1, 8), "level": "frontline",
         "category": "billing", "resolved_at": T(2024, 3, 2, 8)},                       # channel NULL
        {"complaint_id": "kA2", "customer_id": "A", "opened_at": T(2024, 2, 20, 8), "level": "frontline",
         "channel": "phone"},                                                           # before the window
        {"complaint_id": "kB1", "customer_id": "B", "opened_at": T(2024, 3, 20, 8), "level": "escalated",
         "channel": "phone"},                                                           # category NULL
        {"complaint_id": "kZ", "customer_id": "Z", "opened_at": T(2024, 3, 3, 8), "level": "escalated",
         "channel": "phone", "category": "billing"},
    ],
    "contacts": [
        {"contact_id": "a1", "customer_id": "A", "contacted_at": T(2024, 3, 1, 10), "channel": "phone",
         "complaint_id": "kA1"},
        {"contact_id": "a2", "customer_id": "A", "contacted_at": T(2024, 3, 8, 10), "channel": "phone",
         "complaint_id": "kA1"},                                          # exactly 7 days after a1
        {"contact_id": "a3", "customer_id": "A", "contacted_at": T(2024, 3, 15, 10, 0, 1), "channel": "email"},
        {"contact_id": "a4", "customer_id": "A", "contacted_at": T(2024, 3, 16, 9), "channel": "web",
         "complaint_id": "kA2"},
        {"contact_id": "b1", "customer_id": "B", "contacted_at": T(2024, 2, 28, 12), "channel": "phone",
         "complaint_id": "kB1"},                                          # before the window
        {"contact_id": "b2", "customer_id": "B", "contacted_at": T(2024, 3, 2, 12), "channel": "email"},
        {"contact_id": "b3", "customer_id": "B", "contacted_at": T(2024, 3, 2, 12), "channel": "phone"},
        {"contact_id": "b4", "customer_id": "B", "contacted_at": T(2024, 4, 5, 12), "channel": "phone"},
        {"contact_id": "z1", "customer_id": "Z", "contacted_at": T(2024, 3, 3, 9), "channel": "phone",
         "complaint_id": "kZ"},
    ],
    "surveys": [
        {"response_id": "sA1", "customer_id": "A", "responded_at": T(2024, 3, 5, 9), "satisfaction": 4,
         "effort_score": 2},
        {"response_id": "sA2", "customer_id": "A", "responded_at": T(2024, 3, 6, 9), "satisfaction": 4,
         "effort_score": 7},
        {"response_id": "sB3", "customer_id": "B", "responded_at": T(2024, 3, 10, 9), "satisfaction": 3},
        {"response_id": "sB1", "customer_id": "B", "responded_at": T(2024, 3, 31, 23, 59), "satisfaction": 2,
         "effort_score": 2},
        {"response_id": "sB2", "customer_id": "B", "responded_at": T(2024, 4, 1, 9), "satisfaction": 2,
         "effort_score": 5},
        {"response_id": "sC1", "customer_id": "C", "responded_at": T(2024, 3, 20, 9), "satisfaction": 5,
         "effort_score": 6},
        {"response_id": "sC2", "customer_id": "C", "responded_at": T(2024, 3, 25, 9), "satisfaction": 5,
         "effort_score": 1},
        {"response_id": "sD1", "customer_id": "D", "responded_at": T(2024, 3, 30, 9), "satisfaction": 3,
         "effort_score": 4},
        {"response_id": "sE1", "customer_id": "E", "responded_at": T(2024, 3, 3, 9), "satisfaction": 2,
         "effort_score": 7},
        {"response_id": "sZ1", "customer_id": "Z", "responded_at": T(2024, 3, 3, 9), "satisfaction": 1,
         "effort_score": 3},
    ],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("oracle-effort") / "tiny.duckdb"
    write_rows(path, ROWS)
    yield path
    close(path)


def run(path: Path, name: str, **kwargs) -> pd.DataFrame:
    con = cursor(path)
    try:
        return getattr(metrics, name)(con, WINDOW, PARAMS, **kwargs)
    finally:
        con.close()


def test_effort_summary_by_hand(tiny: Path) -> None:
    # Contacts dated in March of customers with a start: a1 a2 a3 a4 b2 b3 = 6 (b1 is February,
    # b4 April, z1 is Z's). A repeat is followed by the same customer's next contact within 168 h:
    #   a1 -> a2 exactly 7 days later: repeat, same channel
    #   a2 -> a3 7 days and 1 second later: not a repeat
    #   a3 -> a4 23 h later: repeat, email -> web (a switch)
    #   b2 -> b3 at the same instant (next by contact_id): repeat, email -> phone (a switch)
    #   b3 -> b4 34 days later; a4 has no next: not repeats
    # repeats 3 of 6 = 0.5; switches 2 of 3 repeats.
    # Complaints opened in March: kA1, kB1 (kA2 is February, kZ is Z's) = 2; the contacts linked to
    # them, whatever their date: a1, a2 (kA1), b1 (kB1) = 3 -> 1.5 contacts per complaint.
    got = run(tiny, "effort_summary").iloc[0].to_dict()
    assert got == {"contacts": 6, "repeat_contacts": 3, "repeat_contact_rate": 0.5, "channel_switches": 2,
                   "channel_switch_rate": pytest.approx(2 / 3, rel=1e-12), "complaints": 2,
                   "complaint_contacts": 3, "contacts_per_complaint": 1.5}


def test_effort_distribution_by_hand(tiny: Path) -> None:
    # Answers in March with a score: sA1 2, sA2 7, sB1 2 (23:59 on 03-31), sC1 6, sC2 1, sD1 4, sE1 7.
    # Not counted: sB3 (no score), sB2 (April), sZ1 (Z). Seven answers.
    got = run(tiny, "effort_distribution")
    assert got["effort_score"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert got["responses"].tolist() == [1, 2, 0, 1, 0, 1, 2]
    assert got["share"].tolist() == pytest.approx([1 / 7, 2 / 7, 0, 1 / 7, 0, 1 / 7, 2 / 7], rel=1e-12)


def test_retention_by_effort_band_by_hand(tiny: Path) -> None:
    # Each customer's first scored answer in March, kept when responded day + 30 <= 2024-04-29:
    #   A  sA1 score 2 (low), 04-04: observed; lost_on NULL -> retained
    #   B  sB1 score 2, 03-31 + 30 = 04-30 > as_of: not observed (sB3 has no score)
    #   C  sC1 score 6 (high), observed; retained
    #   D  sD1 score 4 (medium), 03-30 + 30 = 04-29 = as_of: observed; retained
    #   E  sE1 score 7 (high), observed; lost_on 04-02 = 03-03 + 30, not after it -> not retained
    got = run(tiny, "retention_by_effort")
    assert got[["band", "customers", "retained"]].values.tolist() == [
        ["low (1-3)", 1, 1], ["medium (4-5)", 1, 1], ["high (6-7)", 2, 1]]
    for row in got.to_dict("records"):
        low, high = proportion_confint(row["retained"], row["customers"], alpha=0.05, method="wilson")
        assert row["rate"] == row["retained"] / row["customers"]
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low, abs=1e-7), pytest.approx(high, abs=1e-7))


@pytest.mark.parametrize(("dimension", "expected"), [
    # kA1 (no channel, frontline, resolved) and kB1 (phone, escalated, open); kA2 and kZ do not count.
    ("channel", [["not recorded", 1, 0, 1, 0.5], ["phone", 1, 1, 0, 0.5]]),
    ("category", [["billing", 1, 0, 1, 0.5], ["not recorded", 1, 1, 0, 0.5]]),
])
def test_complaint_mix_on_the_tiny_warehouse(tiny: Path, dimension: str, expected: list) -> None:
    got = run(tiny, "complaint_mix", dimension=dimension)
    assert got[["value", "complaints", "escalated", "resolved", "share"]].values.tolist() == expected
