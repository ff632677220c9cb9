"""Deterministic demo warehouse that tells the story of DOMAIN.md.

`python -m data demo --db PATH [--customers N] [--seed S] [--end-date D] [--years Y]`

Knobs (all on the command line, defaults in brackets):
    --customers N   number of customers [20000]; about 20 orders each, so
                    1,000,000 customers give about 20 M orders. Generated and
                    appended in chunks of CHUNK customers, so memory stays
                    within DuckDB's limit (DUCKDB_MEMORY_LIMIT) as N grows.
    --seed S        random seed [7]; same seed and N give the same rows.
    --end-date D    last day of the data, the default as_of [2026-10-31].
    --years Y       years of history before end-date [3].
    DUCKDB_MEMORY_LIMIT (environment) caps DuckDB's buffers while building [8GB]:
                    10,000,000 customers need more than the app's 2 GB default.

The story, built into the generating process (not its output figures):
    * Each customer has a size drawn from a log-normal; order frequency and
      order value both grow with size, so about a fifth of the accounts make
      about four fifths of the revenue.
    * Customers leave for uncontrollable reasons (about 4 % a year) or after a
      problem (about 14 % have one a year). Most with a problem never complain
      (two in three); complainers tell front-line staff or escalate.
    * Complaints resolved within a day keep most customers; slow ones fewer;
      unresolved ones and silent sufferers mostly leave a few weeks later.
    * Small accounts (below the 80th size percentile) wait about three times
      longer for a response and a resolution and are left unresolved more often.
    * Unresolved and slow complaints bring repeat contacts and channel switching;
      survey answers carry satisfaction, had_problem, complained and effort.
    * About a third of leavers have a recorded churn_date and reason; the rest
      are lost by inactivity. About 1 % of customers have no region.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from data import warehouse

CHUNK = 100_000
# DuckDB's memory limit while building: the app's 2 GB default is not enough at ten
# million customers (after 190 M keyed appends 1.8 GB of it was in use and the facts
# rebuild failed: Out of Memory). DUCKDB_MEMORY_LIMIT overrides it here as in the app.
BUILD_MEMORY_LIMIT = os.environ.get("DUCKDB_MEMORY_LIMIT", "8GB")
REGIONS = np.array(["North", "South", "East", "West", "Central"])
REGION_P = [0.26, 0.22, 0.2, 0.18, 0.14]
CHANNELS = np.array(["phone", "email", "store", "web", "social"])
CHANNEL_P = [0.38, 0.24, 0.16, 0.15, 0.07]
CATEGORIES = np.array(["Delivery", "Billing", "Product quality", "Staff attitude", "Returns"])
CONTACT_REASONS = np.array(["Question", "Billing", "Order change", "Delivery status"])
NATURAL_REASONS = np.array(["Business closed", "Moved away", "Budget cut"])
PROBLEM_REASONS = np.array(["Problem not fixed", "Slow service", "Competitor offer", "Felt neglected"])
DAY_S = 86_400


def _segment(size_rank: np.ndarray) -> np.ndarray:
    """Segment by size percentile: the business view an analyst would filter on."""
    return np.where(size_rank >= 0.95, "Enterprise", np.where(size_rank >= 0.7, "Mid-market", "Small business"))


def _chunk_frames(rng: np.random.Generator, first_id: int, n: int, size_cut: float,
                  day0: int, day_end: int) -> dict[str, pd.DataFrame]:
    """Generate all five tables for customers first_id .. first_id + n - 1."""
    span = day_end - day0
    ids = np.arange(first_id, first_id + n)
    size = rng.lognormal(0.0, 1.7, n)
    small = size < size_cut
    size_rank = np.clip(np.log(size) / 1.7 / 3.3 + 0.5, 0, 1)  # rough percentile for segments

    # Signup: a third are legacy accounts imported in the first two months.
    legacy = rng.random(n) < 0.35
    signup = np.where(legacy, day0 + rng.integers(0, 60, n), day0 + rng.integers(0, span - 30, n))

    # Leaving: natural hazard 4 %/year, plus the consequences of a first problem.
    natural_leave = signup + rng.exponential(365 / 0.04, n)
    problem_day = signup + rng.exponential(365 / 0.14, n)
    had_problem = problem_day < day_end
    complain = had_problem & (rng.random(n) < np.where(small, 0.3, 0.42))
    escalated = complain & (rng.random(n) < 0.3)
    u = rng.random(n)
    p_fast, p_unres = np.where(small, 0.25, 0.55), np.where(small, 0.25, 0.08)
    outcome = np.where(u < p_fast, 0, np.where(u < 1 - p_unres, 1, 2))  # 0 fast, 1 slow, 2 unresolved
    res_hours = np.where(outcome == 0, rng.uniform(0.5, 24, n),
                         rng.lognormal(np.log(np.where(small, 150, 50)), 0.8, n) + 24)
    leave_p = np.where(~complain, 0.86, np.choose(outcome, [0.12, 0.4, 0.72]))
    leaves_after = had_problem & (rng.random(n) < leave_p)
    delay = np.where(complain & (outcome < 2), res_hours / 24, 0) + rng.exponential(50, n)
    leave = np.minimum(natural_leave, np.where(leaves_after, problem_day + delay, np.inf))
    left = leave < day_end
    end_active = np.where(left, leave, day_end).astype(np.int64)

    # Customers table; a third of leavers have a recorded churn date and reason.
    recorded = left & (rng.random(n) < 0.35)
    reason = np.where(leaves_after & (leave < natural_leave), rng.choice(PROBLEM_REASONS, n),
                      rng.choice(NATURAL_REASONS, n))
    region = rng.choice(REGIONS, n, p=REGION_P).astype(object)
    region[rng.random(n) < 0.01] = None
    customers = pd.DataFrame({
        "id": ids, "region": region, "segment": _segment(size_rank),
        "signup": signup, "churn": np.where(recorded, end_active, -1),
        "reason": np.where(recorded, reason, np.array(None, dtype=object)),
    })

    # Orders: near-regular rhythm (gaps below the 180-day inactivity rule while
    # the customer stays), frequency and value growing with size.
    rate = np.clip(8 * size ** 0.35, 8, 150)  # orders per year
    interval = 365 / rate
    n_orders = np.maximum(((end_active - signup) / interval).astype(np.int64), 0)
    owner = np.repeat(np.arange(n), n_orders)
    k = np.arange(owner.size) - np.repeat(np.cumsum(n_orders) - n_orders, n_orders)
    odate = (signup[owner] + (k + rng.random(owner.size)) * interval[owner]).astype(np.int64)
    amount = np.round(40 * size[owner] ** 0.65 * rng.lognormal(0, 0.4, owner.size), 2)
    margin = np.round(amount * np.where(small[owner], 0.34, 0.22), 2)
    orders = pd.DataFrame({"cust": ids[owner], "day": odate, "amount": amount, "margin": margin})

    # Complaints: the first problem's complaint, a repeat for some unresolved or
    # slow ones, and minor resolved-fast complaints from happy customers.
    c_idx = np.flatnonzero(complain)
    repeat = c_idx[(outcome[c_idx] > 0) & (rng.random(c_idx.size) < 0.35)]
    minor = np.flatnonzero(~had_problem & (rng.random(n) < 0.04))
    cust_of = np.concatenate([c_idx, repeat, minor])
    kind = np.concatenate([np.zeros(c_idx.size), np.ones(repeat.size), np.full(minor.size, 2)])
    opened = np.concatenate([
        problem_day[c_idx] * DAY_S + rng.uniform(8, 18, c_idx.size) * 3600,
        problem_day[repeat] * DAY_S + rng.uniform(3, 20, repeat.size) * DAY_S,
        (signup[minor] + rng.random(minor.size) * (end_active[minor] - signup[minor])) * DAY_S,
    ]).astype(np.int64)
    keep = opened < day_end * DAY_S
    cust_of, kind, opened = cust_of[keep], kind[keep], opened[keep]
    c_out = np.where(kind == 2, 0, outcome[cust_of])
    hours = np.where(kind == 2, rng.uniform(1, 20, cust_of.size) * np.where(small[cust_of], 3, 1), res_hours[cust_of])
    resolved = opened + (hours * 3600).astype(np.int64)
    resolved = np.where((c_out == 2) | (resolved >= day_end * DAY_S), -1, resolved)
    resp_h = rng.lognormal(np.log(np.where(small[cust_of], 9, 2)), 0.7, cust_of.size)
    first_resp = opened + (np.minimum(resp_h, hours * 0.8) * 3600).astype(np.int64)
    channel = rng.choice(CHANNELS, cust_of.size, p=CHANNEL_P)
    complaints = pd.DataFrame({
        "cust": ids[cust_of],
        "opened": opened, "level": np.where(escalated[cust_of] | (kind == 1), "escalated", "frontline"),
        "channel": channel, "category": rng.choice(CATEGORIES, cust_of.size),
        "first_resp": np.where(first_resp < day_end * DAY_S, first_resp, -1), "resolved": resolved,
    })

    # Contacts about each complaint: more repeats and channel switches when slow
    # or unresolved; plus ordinary contacts unrelated to complaints.
    extra = rng.poisson(np.choose(c_out, [0.3, 1.4, 2.6]))
    per = extra + 1
    c_owner = np.repeat(np.arange(cust_of.size), per)
    step = np.arange(c_owner.size) - np.repeat(np.cumsum(per) - per, per)
    c_time = opened[c_owner] + (step * rng.uniform(0.5, 5, c_owner.size) * DAY_S).astype(np.int64)
    switch = (step > 0) & (rng.random(c_owner.size) < 0.4)
    c_channel = np.where(switch, rng.choice(CHANNELS, c_owner.size, p=CHANNEL_P), channel[c_owner])
    plain = rng.random(n) < 0.5
    p_idx = np.flatnonzero(plain)
    p_time = ((signup[p_idx] + rng.random(p_idx.size) * (end_active[p_idx] - signup[p_idx])) * DAY_S).astype(np.int64)
    contacts = pd.DataFrame({
        "cust": np.concatenate([ids[cust_of][c_owner], ids[p_idx]]),
        "time": np.concatenate([c_time, p_time]),
        "channel": np.concatenate([c_channel, rng.choice(CHANNELS, p_idx.size, p=CHANNEL_P)]),
        "reason": np.concatenate([np.full(c_owner.size, "Complaint follow-up"),
                                  rng.choice(CONTACT_REASONS, p_idx.size)]),
        "complaint": np.concatenate([c_owner, np.full(p_idx.size, -1)]),
    })
    contacts = contacts[contacts["time"] < day_end * DAY_S]

    # Surveys: a fifth of customers answer once during their tenure.
    s_idx = np.flatnonzero(rng.random(n) < 0.2)
    s_time = ((signup[s_idx] + rng.random(s_idx.size) * (end_active[s_idx] - signup[s_idx])) * DAY_S).astype(np.int64)
    # Most with a problem get a follow-up survey within three weeks of it.
    follow_up = had_problem[s_idx] & (rng.random(s_idx.size) < 0.6)
    s_time = np.where(follow_up, ((problem_day[s_idx] + rng.uniform(1, 21, s_idx.size)) * DAY_S).astype(np.int64), s_time)
    s_time = np.minimum(s_time, day_end * DAY_S - 1)
    after = had_problem[s_idx] & (s_time > problem_day[s_idx] * DAY_S)
    said = complain[s_idx] & after
    sat = np.where(after, np.where(rng.random(s_idx.size) < 0.85, rng.integers(1, 3, s_idx.size), 3),
                   rng.choice([2, 3, 4, 5], s_idx.size, p=[0.01, 0.27, 0.42, 0.3]))
    effort_base = np.where(~after, 1.5, np.where(~said, 4.5, np.choose(outcome[s_idx], [1.8, 4.0, 5.6])))
    effort = np.clip(np.round(effort_base + rng.normal(0, 0.9, s_idx.size)), 1, 7).astype(np.int64)
    surveys = pd.DataFrame({
        "cust": ids[s_idx], "time": s_time, "sat": sat, "problem": after,
        "complained": pd.array(np.where(after, said, False), dtype="boolean"),
        "effort": effort,
    })
    surveys.loc[rng.random(s_idx.size) < 0.05, "complained"] = pd.NA  # some skip the question
    return {"customers": customers, "orders": orders, "complaints": complaints,
            "contacts": contacts, "surveys": surveys}


_INSERTS = {
    "customers": """
        INSERT INTO customers
        SELECT printf('C%07d', id), printf('Customer %d', id), region, segment,
               DATE '1970-01-01' + CAST(signup AS INTEGER),
               CASE WHEN churn >= 0 THEN DATE '1970-01-01' + CAST(churn AS INTEGER) END,
               reason
        FROM frame""",
    "orders": """
        INSERT INTO orders
        SELECT printf('O%09d', seq), printf('C%07d', cust),
               DATE '1970-01-01' + CAST(day AS INTEGER), amount, margin
        FROM frame""",
    "complaints": """
        INSERT INTO complaints
        SELECT printf('K%08d', seq), printf('C%07d', cust),
               make_timestamp(opened * 1000000), level, channel, category,
               CASE WHEN first_resp >= 0 THEN make_timestamp(first_resp * 1000000) END,
               CASE WHEN resolved >= 0 THEN make_timestamp(resolved * 1000000) END
        FROM frame""",
    "contacts": """
        INSERT INTO contacts
        SELECT printf('T%09d', seq), printf('C%07d', cust),
               make_timestamp(time * 1000000), channel, reason,
               CASE WHEN complaint >= 0 THEN printf('K%08d', $complaint_first + complaint) END
        FROM frame""",
    "surveys": """
        INSERT INTO surveys
        SELECT printf('S%08d', seq), printf('C%07d', cust),
               make_timestamp(time * 1000000), sat, problem, complained, effort
        FROM frame""",
}


def _append(cur, frames: dict[str, pd.DataFrame], counts: dict[str, int]) -> None:
    """Append one chunk's frames to the keyed tables in one transaction, numbering the
    rows after those already written (`counts`, updated)."""
    complaint_first = counts["complaints"] + 1
    with warehouse.transaction(cur):
        for name, frame in frames.items():
            frame["seq"] = np.arange(counts[name] + 1, counts[name] + 1 + len(frame))
            params = {"complaint_first": complaint_first} if name == "contacts" else {}
            cur.register("frame", frame)
            cur.execute(_INSERTS[name], params)
            cur.unregister("frame")
            counts[name] += len(frame)


def build(db: str | Path, customers: int = 20_000, seed: int = 7,
          end_date: date = date(2026, 10, 31), years: int = 3) -> dict[str, int]:
    """Create (or overwrite) the demo warehouse at `db`; returns rows per table.

    Each chunk of CHUNK customers is generated, appended to the keyed tables in
    one transaction and checkpointed, so the primary-key indexes grow a chunk
    at a time: their nodes are written to the file at each checkpoint and
    DuckDB may evict them (the appends peaked at 2.4 GB at ten million
    customers), where building a 190 M-key index in one statement needs it
    whole in memory: about 7.6 GB for the orders. See docs/performance.md. Keys rise with the chunks, so each
    append only touches the right edge of each index. The warehouse is built
    under a temporary name and renamed when complete: an interrupted build
    leaves no half-built warehouse at `db`.
    """
    db = Path(db)
    warehouse.close(db)
    building = db.with_name(db.name + ".building")
    for p in (building, Path(str(building) + ".wal")):
        p.unlink(missing_ok=True)
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", BUILD_MEMORY_LIMIT):
        raise ValueError(f"DUCKDB_MEMORY_LIMIT must look like 8GB, not {BUILD_MEMORY_LIMIT!r}")
    cur = warehouse.cursor(building)
    cur.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")  # validated above; SET takes no parameters
    day_end = (end_date - date(1970, 1, 1)).days + 1  # exclusive: last day is end_date
    day0 = day_end - round(365.25 * years)
    size_cut = float(np.exp(1.7 * 0.8416))  # 80th percentile of the size distribution
    counts = dict.fromkeys(_INSERTS, 0)
    complete = False
    try:
        for chunk, first in enumerate(range(0, customers, CHUNK)):
            rng = np.random.default_rng([seed, chunk])
            frames = _chunk_frames(rng, first + 1, min(CHUNK, customers - first), size_cut, day0, day_end)
            _append(cur, frames, counts)
            cur.execute("CHECKPOINT")
        last = list(_INSERTS)[-1]  # one data-version bump (and facts rebuild) for the whole demo
        with warehouse.transaction(cur):
            for name in _INSERTS:
                warehouse.record_load(cur, table=name, file_name=f"demo seed={seed} customers={customers}",
                                      file_hash="demo", rows=counts[name], mode="demo", user="demo generator",
                                      bump=name == last)
        cur.execute("CHECKPOINT")
        complete = True
    finally:
        cur.close()
        warehouse.close(building)
        if not complete:  # no half-built file left behind; `db` keeps what it had
            building.unlink(missing_ok=True)
    Path(str(db) + ".wal").unlink(missing_ok=True)
    Path(str(building) + ".wal").unlink(missing_ok=True)  # empty after the checkpoint
    building.replace(db)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data demo", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=str(warehouse.warehouse_path()))
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end-date", type=date.fromisoformat, default=date(2026, 10, 31))
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    counts = build(args.db, args.customers, args.seed, args.end_date, args.years)
    rows = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"demo warehouse {args.db}: {rows} in {time.perf_counter() - t0:.1f} s, peak memory {peak_mb:,.0f} MB")
    return 0
