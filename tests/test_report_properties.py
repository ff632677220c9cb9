"""Property tests of the report on small generated warehouses (tests/strategies.py).

(a) build_report agrees number for number with tests/reference.py;
(b) start_active + new - lost = end_active;
(c) lost = lost_silent + lost_after_unresolved + lost_after_resolved;
(d) tier accounts add up to the accounts with window revenue > 0, revenue shares to 1;
(e) every rate lies in 0..1 and inside its Wilson interval; every share in 0..1;
(f) a region filter never increases a count.
Each example gets its own DuckDB file in a temporary directory (hypothesis
examples and pytest's tmp_path do not mix).
"""
from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from data.warehouse import close, cursor
from metrics.params import Filters, Params, resolve_filters
from tests.reference import assert_report_matches, reference_report
from tests.strategies import Warehouse, params, report_filters, warehouses, window_filters, write_warehouse

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FUNNEL_COUNTS = ["start_active", "new", "lost", "end_active", "lost_silent",
                 "lost_after_unresolved", "lost_after_resolved"]


@contextmanager
def warehouse_cursor(wh: Warehouse, bump: bool = True) -> Iterator:
    """A cursor on a fresh DuckDB file holding `wh`; file and connection gone afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.duckdb"
        write_warehouse(wh, path, bump=bump)
        cur = cursor(path)
        try:
            yield cur
        finally:
            cur.close()
            close(path)


def build(cur, filters: Filters, p: Params) -> dict:
    from metrics.report import build_report
    return build_report(cur, resolve_filters(cur, filters), p)


def ranked_accounts(cur, report: dict, filters: Filters) -> int:
    """Accounts with revenue > 0 in the report's window, counted straight from the tables."""
    sql = """
        SELECT count(*) FROM (
            SELECT o.customer_id
            FROM orders o JOIN customers c ON c.customer_id = o.customer_id
            WHERE o.order_date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
              AND ($region IS NULL OR c.region = $region)
              AND ($segment IS NULL OR c.segment = $segment)
            GROUP BY o.customer_id
            HAVING sum(o.amount) > 0)
    """
    return cur.execute(sql, {"start": report["start"], "end": report["end"],
                             "region": filters.region, "segment": filters.segment}).fetchone()[0]


def check_identities(report: dict) -> None:
    f = report["funnel"]
    # (b) the leaky bucket balances exactly
    assert f["start_active"] + f["new"] - f["lost"] == f["end_active"], f
    # (c) every lost customer is classified once
    assert f["lost"] == f["lost_silent"] + f["lost_after_unresolved"] + f["lost_after_resolved"], f
    ice = report["iceberg"]
    assert ice["frontline_only"] == ice["complainers"] - ice["escalated"]


def in_unit(x) -> bool:
    return x is None or (-1e-12 <= x <= 1 + 1e-12)


def check_rates(report: dict) -> None:
    # (e) rates with their Wilson interval
    rr = report["resolution_retention"]
    for row in rr["groups"] + rr["buckets"]:
        assert 0 <= row["retained"] <= row["customers"], row
        if row["customers"] == 0:
            assert row["rate"] is None and row["ci_low"] is None and row["ci_high"] is None, row
            continue
        assert 0 <= row["ci_low"] <= row["rate"] + 1e-12, row
        assert row["rate"] <= row["ci_high"] + 1e-12 and row["ci_high"] <= 1 + 1e-12, row
    # other shares
    assert in_unit(report["funnel"]["churn_rate"])
    assert in_unit(report["iceberg"]["silent_share"])
    for tier in report["accounts"]["tiers"]:
        for key in ("revenue_share", "resolved_share", "churn_rate"):
            assert in_unit(tier[key]), (key, tier)


@SETTINGS
@given(wh=warehouses(), filters=report_filters(), p=params, loaded=st.booleans())
def test_report_agrees_with_reference_and_identities_hold(wh: Warehouse, filters: Filters, p: Params,
                                                          loaded: bool):
    # loaded: written like a real load (version bumped, customer_facts rebuilt) or by another tool
    with warehouse_cursor(wh, bump=loaded) as cur:
        report = build(cur, filters, p)
        expected = reference_report(cur, filters, p)
        ranked = ranked_accounts(cur, report, filters)
    # what the example exercised (pytest --hypothesis-show-statistics)
    event(f"silent method {report['iceberg']['silent_method']}")
    event(f"lost customers: {'some' if report['funnel']['lost'] else 'none'}")
    event(f"cohort customers: {'some' if any(g['customers'] for g in report['resolution_retention']['groups']) else 'none'}")
    event(f"small tier: {'some' if next(t for t in report['accounts']['tiers'] if t['tier'] == 'small')['accounts'] else 'none'}")
    # (a) number for number
    assert_report_matches(report, expected, rel_tol=1e-6, abs_tol=1e-9)
    check_identities(report)
    check_rates(report)
    # (d) tiers partition the ranked accounts; revenue shares add up to 1
    tiers = report["accounts"]["tiers"]
    assert sum(t["accounts"] for t in tiers) == ranked
    if ranked:
        assert math.isclose(sum(t["revenue_share"] for t in tiers if t["revenue_share"] is not None), 1.0,
                            rel_tol=1e-9)
        # the top-ranked account is always large (nothing ranked above it)
        assert next(t for t in tiers if t["tier"] == "large")["accounts"] >= 1


@SETTINGS
@given(wh=warehouses(max_customers=15), window=window_filters(), p=params, region=st.sampled_from(["North", "South"]))
def test_region_filter_never_increases_counts(wh: Warehouse, window: Filters, p: Params, region: str):
    with warehouse_cursor(wh) as cur:
        whole = build(cur, window, p)
        part = build(cur, replace(window, region=region), p)
    # (f) the filtered view describes the same period ...
    assert (part["start"], part["end"], part["as_of"]) == (whole["start"], whole["end"], whole["as_of"])
    # ... and restricts the customers, so no count can grow
    for key in FUNNEL_COUNTS:
        assert part["funnel"][key] <= whole["funnel"][key], key
    for key in ("complainers", "escalated", "frontline_only"):
        assert part["iceberg"][key] <= whole["iceberg"][key], key
    for section in ("groups", "buckets"):
        name = "group" if section == "groups" else "bucket"
        whole_rows = {r[name]: r for r in whole["resolution_retention"][section]}
        for row in part["resolution_retention"][section]:
            assert row["customers"] <= whole_rows[row[name]]["customers"], row
            assert row["retained"] <= whole_rows[row[name]]["retained"], row
    # a tier can gain accounts (the ranking is redone within the region); the tiers together cannot
    assert sum(t["accounts"] for t in part["accounts"]["tiers"]) <= sum(t["accounts"] for t in whole["accounts"]["tiers"])
    assert sum(t["complaints"] for t in part["accounts"]["tiers"]) <= sum(t["complaints"] for t in whole["accounts"]["tiers"])
    check_identities(part)
