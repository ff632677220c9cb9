"""An independent, deliberately plain implementation of docs/contract.md sections 2-8.

Written from the text of docs/contract.md alone (not from metrics/), with loops
over python values, so that the DuckDB implementation can be checked number
for number. `reference_report(con, filters, params)` returns the report JSON
of section 8 as a python dict.

Readings of the places where docs/contract.md leaves room (one line each):
R1  Default as_of/start come from the whole warehouse (contacts, churn_date, resolved_at do not count); end defaults to as_of.
R2  last_order / first_active use every order of the customer, even orders dated after as_of (the text sets no cut-off).
R3  "365 days ending at last_order (inclusive)" = order_date in [last_order - 364, last_order].
R4  "complaints opened in the 365 days up to and including lost_on" = opened date in [lost_on - 364, lost_on], any date (not only the window).
R5  "resolved_at after lost_on" compares resolved_at's DATE with lost_on (resolved on the lost day = resolved on or before).
R6  "left out of every count" covers the iceberg, cohorts and surveys too: complaints/surveys of such customers are ignored.
R7  Resolved means resolved_at IS NOT NULL, even when resolved_at falls after end or as_of.
R8  Horizon check and `retained` use opened_at's (responded_at's) DATE + horizon_days, compared with as_of / lost_on as dates.
R9  The silent group does not exclude customers who also complained; surveys table empty -> silent group customers 0.
R10 silent_share counts survey *responses* (not customers); dissatisfied = satisfaction <= max OR had_problem IS TRUE.
R11 silent_estimated = round_half_up(complainers * s / (1 - s)), computed exactly (rationals); null when s = 1; then total and multiplier null too.
R12 Both tiers are always listed; an empty tier has accounts 0, revenue 0, complaints 0, revenue_share 0 (null when no account is ranked),
    complaints_per_100 / medians / resolved_share / churn_rate null, annual_revenue_lost 0.
R13 resolved_share with no complaints is null; neglect ratios are null when either side is null or the denominator is 0.
R14 Large/small: cumulative revenue of the accounts ranked above / total ranked revenue < large_share (float division).
R15 churn_rate (funnel) is null when start_active + new = 0; the funnel's annual_revenue_lost is a plain number (0.0 when none).
R16 A rate over 0 customers is null with null Wilson bounds; Wilson uses the score interval with z = 1.959964.
R17 Filters keep customers whose region / segment equals the value exactly (NULL region never matches a region filter).
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

import duckdb
import pandas as pd

from metrics.params import Filters, Params

Z = 1.959964
BENCHMARK_SILENT_SHARE = 0.69
GROUPS = ["fast", "resolved", "unresolved", "silent"]
BUCKETS = ["<=1d", "1-3d", "3-7d", "7-30d", ">30d", "unresolved"]
BUCKET_UPPER_HOURS = [("<=1d", 24), ("1-3d", 72), ("3-7d", 168), ("7-30d", 720)]


# ---------------------------------------------------------------- small helpers

def round_half_up(x: Fraction | float) -> int:
    """Round half up (2.5 -> 3), on an exact value when given a Fraction."""
    return math.floor(Fraction(x) + Fraction(1, 2))


def wilson(k: int, n: int, z: float = Z) -> tuple[float | None, float | None]:
    """Wilson score interval for k successes out of n; (None, None) when n = 0."""
    if n == 0:
        return None, None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def as_date(x) -> date | None:
    """A DATE or TIMESTAMP value (python or pandas) as a python date; None for NULL."""
    if x is None or (not isinstance(x, (date, datetime)) and pd.isna(x)):
        return None
    if isinstance(x, pd.Timestamp):
        return x.to_pydatetime().date()
    if isinstance(x, datetime):
        return x.date()
    return x


def as_day(x) -> date:
    """A required DATE or TIMESTAMP value (the schema makes it NOT NULL) as a python date."""
    d = as_date(x)
    assert d is not None, "a required date is NULL"
    return d


def as_datetime(x) -> datetime | None:
    if x is None or pd.isna(x):
        return None
    if isinstance(x, pd.Timestamp):
        return x.to_pydatetime()
    return x


def hours_between(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600.0


def none_if_na(x):
    if x is None:
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return x


def records(con: duckdb.DuckDBPyConnection, table: str) -> list[dict]:
    """Every row of a canonical table as a list of plain dicts (NULL -> None, DATE -> date, TIMESTAMP -> datetime)."""
    cur = con.execute(f"SELECT * FROM {table}")  # table names are fixed literals here
    names = [d[0] for d in cur.description]
    return [{k: none_if_na(v) for k, v in zip(names, row)} for row in cur.fetchall()]


def rate_row(name_key: str, name: str, n: int, k: int) -> dict:
    lo, hi = wilson(k, n)
    return {name_key: name, "customers": n, "retained": k,
            "rate": (k / n) if n else None, "ci_low": lo, "ci_high": hi}


def median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


# ---------------------------------------------------------------- the data

@dataclass
class Customer:
    customer_id: str
    region: str | None
    segment: str | None
    signup_date: date | None
    churn_date: date | None
    orders: list[tuple[date, float]]
    first_active: date | None = None
    last_order: date | None = None
    lost_on: date | None = None
    annual_revenue: float = 0.0

    @property
    def started(self) -> date:
        """first_active of a counted customer (those without one are left out of every count)."""
        assert self.first_active is not None
        return self.first_active


def default_bounds(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """(start, as_of) defaults of section 2, from the whole warehouse (no filter)."""
    customers = records(con, "customers")
    orders = records(con, "orders")
    complaints = records(con, "complaints")
    surveys = records(con, "surveys")
    ends = [as_day(o["order_date"]) for o in orders]
    ends += [as_day(c["opened_at"]) for c in complaints]
    ends += [as_day(s["responded_at"]) for s in surveys]
    starts = [as_day(c["signup_date"]) for c in customers if c["signup_date"] is not None]
    starts += [as_day(o["order_date"]) for o in orders]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def resolve(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[date, date, date]:
    d_start, d_as_of = default_bounds(con)
    as_of = filters.as_of or d_as_of or date.today()
    start = filters.start or d_start or as_of
    end = filters.end or as_of
    return start, end, as_of


def lifecycle(customers: dict[str, Customer], as_of: date, params: Params) -> None:
    """Fill first_active, last_order, lost_on and annual_revenue (section 3) in place."""
    inactivity = timedelta(days=params.inactivity_days)
    for c in customers.values():
        order_dates = [d for d, _ in c.orders]
        candidates = [d for d in [c.signup_date, min(order_dates) if order_dates else None] if d is not None]
        c.first_active = min(candidates) if candidates else None
        c.last_order = max(order_dates) if order_dates else None
        if c.churn_date is not None and c.churn_date <= as_of:
            c.lost_on = c.churn_date
        elif c.last_order is not None and c.last_order + inactivity <= as_of:
            c.lost_on = c.last_order + inactivity
        elif c.last_order is None and c.signup_date is not None and c.signup_date + inactivity <= as_of:
            c.lost_on = c.signup_date + inactivity
        else:
            c.lost_on = None
        if c.last_order is not None:
            lo = c.last_order - timedelta(days=364)
            c.annual_revenue = float(sum(a for d, a in c.orders if lo <= d <= c.last_order))
        else:
            c.annual_revenue = 0.0


# ---------------------------------------------------------------- the report

def reference_report(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params = Params()) -> dict:
    """The report JSON of docs/contract.md section 8, computed straightforwardly in python."""
    start, end, as_of = resolve(con, filters)

    # -- filters restrict customers, then every table to those customers' rows
    all_customers = records(con, "customers")
    kept = {}
    for r in all_customers:
        if filters.region is not None and r["region"] != filters.region:
            continue
        if filters.segment is not None and r["segment"] != filters.segment:
            continue
        kept[r["customer_id"]] = Customer(
            customer_id=r["customer_id"], region=r["region"], segment=r["segment"],
            signup_date=as_date(r["signup_date"]), churn_date=as_date(r["churn_date"]), orders=[])
    for o in records(con, "orders"):
        if o["customer_id"] in kept:
            kept[o["customer_id"]].orders.append((as_day(o["order_date"]), float(o["amount"])))
    lifecycle(kept, as_of, params)

    # customers with neither signup_date nor orders are left out of every count
    cust = {cid: c for cid, c in kept.items() if c.first_active is not None}
    complaints = [k for k in records(con, "complaints") if k["customer_id"] in cust]
    surveys = [s for s in records(con, "surveys") if s["customer_id"] in cust]
    for k in complaints:
        k["opened_at"] = as_datetime(k["opened_at"])
        k["resolved_at"] = as_datetime(k["resolved_at"])
        k["first_response_at"] = as_datetime(k["first_response_at"])
        k["opened_day"] = k["opened_at"].date()
    for s in surveys:
        s["responded_at"] = as_datetime(s["responded_at"])
        s["responded_day"] = s["responded_at"].date()

    def in_window(d: date | None) -> bool:
        return d is not None and start <= d <= end

    def dissatisfied(s: dict) -> bool:
        return s["satisfaction"] <= params.dissatisfied_max or s["had_problem"] is True

    # ------------------------------------------------------------ 4. funnel
    start_active = sum(1 for c in cust.values()
                       if c.started < start and (c.lost_on is None or c.lost_on >= start))
    new = sum(1 for c in cust.values() if start <= c.started <= end)
    lost_customers = [c for c in cust.values() if in_window(c.lost_on)]
    end_active = sum(1 for c in cust.values()
                     if c.started <= end and (c.lost_on is None or c.lost_on > end))
    lost_silent = lost_unres = lost_res = 0
    for c in lost_customers:
        assert c.lost_on is not None  # in_window() holds only for a date
        lo = c.lost_on - timedelta(days=364)
        theirs = [k for k in complaints if k["customer_id"] == c.customer_id and lo <= k["opened_day"] <= c.lost_on]
        if not theirs:
            lost_silent += 1
        elif any(k["resolved_at"] is None or k["resolved_at"].date() > c.lost_on for k in theirs):
            lost_unres += 1
        else:
            lost_res += 1
    funnel = {
        "start_active": start_active,
        "new": new,
        "lost": len(lost_customers),
        "end_active": end_active,
        "churn_rate": ratio(len(lost_customers), start_active + new),
        "lost_silent": lost_silent,
        "lost_after_unresolved": lost_unres,
        "lost_after_resolved": lost_res,
        "annual_revenue_lost": float(sum(c.annual_revenue for c in lost_customers)),
    }

    # ------------------------------------------------------------ 5. iceberg
    window_complaints = [k for k in complaints if in_window(k["opened_day"])]
    window_surveys = [s for s in surveys if in_window(s["responded_day"])]
    complainers = {k["customer_id"] for k in window_complaints}
    escalated = {k["customer_id"] for k in window_complaints if k["level"] == "escalated"}
    answered = [s for s in window_surveys if dissatisfied(s) and s["complained"] is not None]
    if len(answered) >= params.min_survey_n and answered:
        method = "survey"
        share_exact = Fraction(sum(1 for s in answered if s["complained"] is False), len(answered))
        silent_share = float(share_exact)
    else:
        method = "benchmark"
        share_exact = Fraction(69, 100)
        silent_share = BENCHMARK_SILENT_SHARE
    if share_exact == 1:
        silent_estimated = None
    else:
        silent_estimated = round_half_up(len(complainers) * share_exact / (1 - share_exact))
    total = None if silent_estimated is None else len(complainers) + silent_estimated
    iceberg = {
        "complainers": len(complainers),
        "escalated": len(escalated),
        "frontline_only": len(complainers) - len(escalated),
        "silent_share": silent_share,
        "silent_method": method,
        "silent_estimated": silent_estimated,
        "total_dissatisfied_est": total,
        "multiplier": ratio(total, len(escalated)) if total is not None else None,
    }

    # ------------------------------------------------------------ 6. retention by resolution speed
    horizon = timedelta(days=params.horizon_days)

    def retained(c: Customer, day: date) -> bool:
        return c.lost_on is None or c.lost_on > day + horizon

    groups = {g: [0, 0] for g in GROUPS}      # name -> [customers, retained]
    buckets = {b: [0, 0] for b in BUCKETS}
    for cid in sorted(cust):
        theirs = sorted((k for k in window_complaints if k["customer_id"] == cid),
                        key=lambda k: (k["opened_at"], k["complaint_id"]))
        if not theirs:
            continue
        first = theirs[0]
        if not first["opened_day"] + horizon <= as_of:
            continue
        kept_flag = retained(cust[cid], first["opened_day"])
        if first["resolved_at"] is None:
            group, bucket = "unresolved", "unresolved"
        else:
            h = hours_between(first["opened_at"], first["resolved_at"])
            group = "fast" if h <= params.fast_hours else "resolved"
            bucket = ">30d"
            for name, upper in BUCKET_UPPER_HOURS:
                if h <= upper:
                    bucket = name
                    break
        for tally, key in ((groups, group), (buckets, bucket)):
            tally[key][0] += 1
            tally[key][1] += int(kept_flag)
    for cid in sorted(cust):
        theirs = [s for s in window_surveys
                  if s["customer_id"] == cid and dissatisfied(s) and s["complained"] is False
                  and s["responded_day"] + horizon <= as_of]
        if not theirs:
            continue
        first_day = min(s["responded_day"] for s in theirs)
        groups["silent"][0] += 1
        groups["silent"][1] += int(retained(cust[cid], first_day))
    resolution_retention = {
        "groups": [rate_row("group", g, *groups[g]) for g in GROUPS],
        "buckets": [rate_row("bucket", b, *buckets[b]) for b in BUCKETS],
    }

    # ------------------------------------------------------------ 7. account tiers
    revenue = {}
    for cid, c in cust.items():
        spent = sum(a for d, a in c.orders if in_window(d))
        if spent > 0:
            revenue[cid] = float(spent)
    ranked = sorted(revenue, key=lambda cid: (-revenue[cid], cid))
    total_rev = sum(revenue.values())
    tier_of = {}
    above = 0.0
    for cid in ranked:
        tier_of[cid] = "large" if above / total_rev < params.large_share else "small"
        above += revenue[cid]
    tiers = []
    small_large: dict[str, dict[str, Any]] = {}
    for tier in ("large", "small"):
        ids = [cid for cid in ranked if tier_of[cid] == tier]
        ks = [k for k in window_complaints if k["customer_id"] in set(ids)]
        fr = [hours_between(k["opened_at"], k["first_response_at"]) for k in ks if k["first_response_at"] is not None]
        rs = [hours_between(k["opened_at"], k["resolved_at"]) for k in ks if k["resolved_at"] is not None]
        lost_ids = [cid for cid in ids if in_window(cust[cid].lost_on)]
        row: dict[str, Any] = {
            "tier": tier,
            "accounts": len(ids),
            "revenue": float(sum(revenue[cid] for cid in ids)),
            "revenue_share": (sum(revenue[cid] for cid in ids) / total_rev) if ranked else None,
            "complaints": len(ks),
            "complaints_per_100": (100.0 * len(ks) / len(ids)) if ids else None,
            "median_first_response_hours": median(fr),
            "median_resolution_hours": median(rs),
            "resolved_share": (sum(1 for k in ks if k["resolved_at"] is not None) / len(ks)) if ks else None,
            "churn_rate": (len(lost_ids) / len(ids)) if ids else None,
            "annual_revenue_lost": float(sum(cust[cid].annual_revenue for cid in lost_ids)),
        }
        tiers.append(row)
        small_large[tier] = row
    accounts = {
        "tiers": tiers,
        "neglect_ratio_resolution": ratio(small_large["small"]["median_resolution_hours"],
                                          small_large["large"]["median_resolution_hours"]),
        "neglect_ratio_churn": ratio(small_large["small"]["churn_rate"], small_large["large"]["churn_rate"]),
    }

    return {
        "as_of": as_of.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "filters": {"region": filters.region, "segment": filters.segment},
        "params": params.as_dict(),
        "funnel": funnel,
        "iceberg": iceberg,
        "resolution_retention": resolution_retention,
        "accounts": accounts,
    }


# ---------------------------------------------------------------- comparing a report with the reference

def _row_name_key(rows: list) -> str | None:
    for key in ("group", "bucket", "tier"):
        if rows and all(isinstance(r, dict) and key in r for r in rows):
            return key
    return None


def assert_report_matches(actual, expected, *, rel_tol: float = 1e-6, abs_tol: float = 1e-9,
                          path: str = "report") -> None:
    """Assert `actual` agrees with `expected` key by key (extra keys in `actual` are allowed).

    Counts (ints) exact and of int type, strings and nulls exact, other numbers by
    math.isclose(rel_tol, abs_tol). Group / bucket / tier rows are matched by name.
    """
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}: missing key {key!r}"
            assert_report_matches(actual[key], value, rel_tol=rel_tol, abs_tol=abs_tol, path=f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        name = _row_name_key(expected)
        if name:
            by_name = {row.get(name): row for row in actual}
            assert len(by_name) == len(actual), f"{path}: duplicate {name} names in {actual!r}"
            for e in expected:
                assert e[name] in by_name, f"{path}: no {name} {e[name]!r} in {actual!r}"
                assert_report_matches(by_name[e[name]], e, rel_tol=rel_tol, abs_tol=abs_tol,
                                      path=f"{path}[{e[name]}]")
        else:
            for i, (a, e) in enumerate(zip(actual, expected)):
                assert_report_matches(a, e, rel_tol=rel_tol, abs_tol=abs_tol, path=f"{path}[{i}]")
    elif expected is None:
        assert actual is None, f"{path}: expected null, got {actual!r}"
    elif isinstance(expected, (bool, str)):
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, int):
        assert isinstance(actual, int) and not isinstance(actual, bool), f"{path}: {actual!r} is not an integer"
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    else:
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{path}: {actual!r} is not a number"
        assert math.isclose(actual, expected, rel_tol=rel_tol, abs_tol=abs_tol), f"{path}: {actual!r} != {expected!r}"


# ---------------------------------------------------------------- tiny warehouses for the oracle tests

def write_rows(path, tables: dict[str, list[dict]]) -> None:
    """Create a warehouse at `path` holding exactly `tables` (table -> rows as column -> value dicts).

    Columns a row leaves out are NULL. One transaction, every value a bound
    parameter, then a data-version bump as a real load does (which rebuilds
    the derived customer facts). Table and column names come from data.schema.
    """
    from data.schema import TABLES, quote_ident
    from data.warehouse import bump_data_version, connect, cursor, transaction

    connect(path)
    cur = cursor(path)
    with transaction(cur):
        for table, rows in tables.items():
            names = TABLES[table].column_names
            cols = ", ".join(quote_ident(n) for n in names)
            sql = f"INSERT INTO {quote_ident(table)} ({cols}) VALUES ({', '.join('?' * len(names))})"  # allow-listed names
            for row in rows:
                unknown = set(row) - set(names)
                assert not unknown, f"{table} has no columns {unknown}"
                cur.execute(sql, [row.get(n) for n in names])
        bump_data_version(cur)
    cur.close()
