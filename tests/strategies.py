"""Hypothesis strategies for small generated warehouses, filters and parameters.

A generated warehouse is a plain `Warehouse` of row tuples (the same column
order as tests/sample_warehouse.py), kept small (<= 25 customers, a few rows
each) and drawn over three years with dates that like to land on the
boundaries the definitions care about: as_of - 180, as_of - 365, as_of - 364,
window edges, equal opened_at values, resolutions of exactly 24/72/168/720 h.
Every row obeys the load rules of docs/contract.md section 1 (amount >= 0,
resolved_at and first_response_at >= opened_at, churn_date not before signup
or the first order, satisfaction 1..5).
`write_warehouse(wh, path)` stores one in a DuckDB file with the canonical schema.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import strategies as st

from data.warehouse import bump_data_version, connect, cursor, transaction
from metrics.params import Filters, Params

BASE = date(2022, 1, 1)
SPAN = 1095                      # BASE + SPAN = 2024-12-31, the usual as_of
LAST = SPAN
# offsets (days after BASE) that sit on the boundaries of the definitions
SPECIAL_OFFSETS = [0, 1, 179, 180, 181, 364, 365, 366, 545, 546, 730, 731,
                   LAST - 366, LAST - 365, LAST - 364, LAST - 181, LAST - 180, LAST - 179,
                   LAST - 1, LAST]
TIMES = [time(0, 0), time(0, 30), time(9, 0), time(12, 0), time(23, 30), time(23, 59, 59)]
RESOLUTION_HOURS = [0, 0.5, 1, 23.5, 24, 24.5, 48, 72, 72.5, 100, 168, 168.5, 400, 720, 720.5, 1000, 3000, 9000]
RESPONSE_HOURS = [0, 1, 2.5, 24, 30, 200]
AMOUNTS = [0.0, 1.0, 5.0, 10.0, 20.0, 40.0, 100.0, 250.5]
REGIONS = [None, "North", "South"]
SEGMENTS = [None, "A", "B"]


@dataclass
class Warehouse:
    customers: list[tuple] = field(default_factory=list)
    orders: list[tuple] = field(default_factory=list)
    complaints: list[tuple] = field(default_factory=list)
    surveys: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)


def day(offset: int) -> date:
    return BASE + timedelta(days=offset)


offsets = st.one_of(st.integers(0, SPAN), st.sampled_from(SPECIAL_OFFSETS))
moments = st.builds(lambda o, t: datetime.combine(day(o), t), offsets, st.sampled_from(TIMES))


@st.composite
def warehouses(draw, max_customers: int = 25) -> Warehouse:
    """A small warehouse that follows section 1 of docs/contract.md."""
    wh = Warehouse()
    n = draw(st.integers(1, max_customers))
    order_no = complaint_no = survey_no = contact_no = 0
    for i in range(n):
        cid = f"C{i:02d}"
        signup = draw(st.one_of(st.none(), offsets))
        order_offsets = draw(st.lists(offsets, max_size=4))
        for o in order_offsets:
            wh.orders.append((f"O{order_no:03d}", cid, day(o), draw(st.sampled_from(AMOUNTS)), None))
            order_no += 1
        churn = None
        if draw(st.integers(0, 3)) == 0:   # about one customer in four has a recorded churn_date
            floor = max([x for x in [signup, min(order_offsets, default=None)] if x is not None], default=None)
            floor = draw(offsets) if floor is None else floor
            churn = day(floor + draw(st.one_of(st.sampled_from([0, 1, 30, 179, 180, 365]), st.integers(0, 800))))
        wh.customers.append((cid, f"Customer {i}", draw(st.sampled_from(REGIONS)), draw(st.sampled_from(SEGMENTS)),
                             None if signup is None else day(signup), churn, None if churn is None else "reason"))
        previous_opened = None
        for _ in range(draw(st.integers(0, 3))):
            if previous_opened is not None and draw(st.booleans()):
                opened = previous_opened          # same opened_at: the tie is broken by complaint_id
            else:
                opened = draw(moments)
            previous_opened = opened
            resolution = draw(st.one_of(st.none(), st.sampled_from(RESOLUTION_HOURS)))
            response = draw(st.one_of(st.none(), st.sampled_from(RESPONSE_HOURS)))
            # ids sort independently of time: a random prefix, a running suffix for uniqueness
            kid = f"K{draw(st.integers(0, 99)):02d}{complaint_no:03d}"
            complaint_no += 1
            wh.complaints.append((
                kid, cid, opened, draw(st.sampled_from(["frontline", "escalated"])),
                draw(st.sampled_from(["phone", "email", None])), None,
                None if response is None else opened + timedelta(hours=response),
                None if resolution is None else opened + timedelta(hours=resolution)))
        for _ in range(draw(st.integers(0, 3))):
            wh.surveys.append((
                f"S{survey_no:03d}", cid, draw(moments), draw(st.integers(1, 5)),
                draw(st.sampled_from([None, True, False])), draw(st.sampled_from([None, True, False])),
                draw(st.one_of(st.none(), st.integers(1, 7)))))
            survey_no += 1
        own_complaints = [k[0] for k in wh.complaints if k[1] == cid]
        previous_contact = None
        for _ in range(draw(st.integers(0, 3))):
            # same contacted_at as the last one at times: the next contact is then the higher contact_id
            at = previous_contact if previous_contact is not None and draw(st.booleans()) else draw(moments)
            previous_contact = at
            wh.contacts.append((
                f"T{draw(st.integers(0, 9))}{contact_no:03d}", cid, at, draw(st.sampled_from(["phone", "email"])),
                None, draw(st.sampled_from([None, *own_complaints]))))
            contact_no += 1
    return wh


@st.composite
def window_filters(draw) -> Filters:
    """The defaults, an explicit as_of alone, or an explicit window (start <= end) with or without as_of."""
    kind = draw(st.sampled_from(["default", "default", "as_of", "window"]))
    if kind == "default":
        return Filters()
    if kind == "as_of":
        return Filters(as_of=day(draw(offsets)))
    a, b = sorted([draw(offsets), draw(offsets)])
    as_of = draw(st.one_of(st.none(), offsets, st.just(b)))
    return Filters(start=day(a), end=day(b), as_of=None if as_of is None else day(as_of))


@st.composite
def report_filters(draw) -> Filters:
    """A window plus, sometimes, a region and / or segment filter."""
    f = draw(window_filters())
    return Filters(start=f.start, end=f.end, as_of=f.as_of,
                   region=draw(st.sampled_from(REGIONS)), segment=draw(st.sampled_from([None, None, "A"])))


params = st.one_of(
    st.just(Params()),
    st.builds(
        Params,
        inactivity_days=st.sampled_from([180, 90, 30]),
        horizon_days=st.sampled_from([365, 180, 30]),
        fast_hours=st.sampled_from([24, 48, 0.5]),
        dissatisfied_max=st.sampled_from([2, 3, 1]),
        large_share=st.sampled_from([0.8, 0.5, 1.0, 0.2]),
        min_survey_n=st.sampled_from([30, 1, 2, 3]),
    ),
)

TABLES = ("customers", "orders", "complaints", "surveys", "contacts")


def write_warehouse(wh: Warehouse, path: str | Path, *, bump: bool = True) -> None:
    """Store `wh` in a new DuckDB file at `path` (canonical schema, one transaction).

    One multi-row INSERT per table, every value a bound parameter (executemany is slow).
    With `bump` the data version is bumped as a real load does (which rebuilds the
    derived customer_facts); without it the warehouse looks written by another tool.
    """
    connect(path)
    cur = cursor(path)
    with transaction(cur):
        for table in TABLES:   # fixed table names, not user input
            rows = getattr(wh, table)
            if rows:
                one = "(" + ", ".join("?" * len(rows[0])) + ")"
                cur.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(rows)),
                            [v for r in rows for v in r])
        if bump:
            bump_data_version(cur)
    cur.close()
