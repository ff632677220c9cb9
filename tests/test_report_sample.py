"""The report on the hand-made sample warehouse (tests/sample_warehouse.py), number by number.

Every expected value is worked out by hand in the comments from the rows of
tests/sample_warehouse.py and docs/contract.md. The same expectations are checked
against `metrics.report.build_report` and against the independent
`tests.reference.reference_report`, so the reference used by the property
tests is itself pinned to hand-worked numbers.

Lifecycle table (default as_of 2024-12-31, inactivity 180): see the
docstring of tests/sample_warehouse.py. C05 has neither signup_date nor
orders and is left out of every count (its escalated complaint K05 and its
silent survey S05 must never show up).
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from data.warehouse import close, cursor
from metrics.params import Filters, Params, resolve_filters
from metrics.report import build_report
from tests.reference import assert_report_matches, reference_report
from tests.sample_warehouse import build_sample
from tests.strategies import Warehouse, write_warehouse

ROOT = Path(__file__).resolve().parent.parent
Z = 1.959964


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95 % score interval, written out independently of tests/reference.py."""
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = (Z / (1 + Z**2 / n)) * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return centre - half, centre + half


def rate(name_key: str, name: str, n: int, k: int) -> dict:
    """An expected group/bucket row: customers n, retained k, rate and Wilson bounds."""
    if n == 0:
        return {name_key: name, "customers": 0, "retained": 0, "rate": None, "ci_low": None, "ci_high": None}
    lo, hi = wilson(k, n)
    return {name_key: name, "customers": n, "retained": k, "rate": k / n, "ci_low": lo, "ci_high": hi}


def assert_matches(actual, expected, path: str = "report") -> None:
    """Hand-worked values: counts exact, floats to 1e-9 relative (see tests.reference.assert_report_matches)."""
    assert_report_matches(actual, expected, rel_tol=1e-9, abs_tol=1e-12, path=path)


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    build_sample(path)
    yield path
    close(path)


def _metrics_report(con, filters: Filters, params: Params) -> dict:
    return build_report(con, resolve_filters(con, filters), params)


def _reference_report(con, filters: Filters, params: Params) -> dict:
    return reference_report(con, filters, params)


@pytest.fixture(params=["metrics", "reference"])
def run(request, sample_db):
    """run(filters, params) -> report, by metrics.report.build_report or by tests/reference.py."""
    impl = _metrics_report if request.param == "metrics" else _reference_report

    def _run(filters: Filters = Filters(), params: Params = Params()) -> dict:
        con = cursor(sample_db)
        try:
            return impl(con, filters, params)
        finally:
            con.close()
    return _run


# ---------------------------------------------------------------- section 8 shape

FUNNEL_KEYS = {"start_active", "new", "lost", "end_active", "churn_rate", "lost_silent",
               "lost_after_unresolved", "lost_after_resolved", "annual_revenue_lost"}
ICEBERG_KEYS = {"complainers", "escalated", "frontline_only", "silent_share", "silent_method",
                "silent_estimated", "total_dissatisfied_est", "multiplier"}
GROUP_KEYS = ["group", "customers", "retained", "rate", "ci_low", "ci_high"]
BUCKET_KEYS = ["bucket", "customers", "retained", "rate", "ci_low", "ci_high"]
TIER_KEYS = {"tier", "accounts", "revenue", "revenue_share", "complaints", "complaints_per_100",
             "median_first_response_hours", "median_resolution_hours", "resolved_share",
             "churn_rate", "annual_revenue_lost"}
GROUPS = ["fast", "resolved", "unresolved", "silent"]
BUCKETS = ["<=1d", "1-3d", "3-7d", "7-30d", ">30d", "unresolved"]
TIERS = ["large", "small"]
PARAM_KEYS = {"inactivity_days", "horizon_days", "fast_hours", "dissatisfied_max", "large_share", "min_survey_n"}


def check_shape(report: dict) -> None:
    """Every key of docs/contract.md section 8 is present (more may be added), in JSON-safe types."""
    assert {"as_of", "start", "end", "filters", "params", "funnel", "iceberg",
            "resolution_retention", "accounts"} <= set(report)
    assert json.loads(json.dumps(report)) == report, "the report must be plain JSON values"
    for key in ("as_of", "start", "end"):
        date.fromisoformat(report[key])
        assert len(report[key]) == 10
    assert {"region", "segment"} <= set(report["filters"])
    assert PARAM_KEYS <= set(report["params"])
    assert FUNNEL_KEYS <= set(report["funnel"])
    assert ICEBERG_KEYS <= set(report["iceberg"])
    rr = report["resolution_retention"]
    assert {"groups", "buckets"} <= set(rr)
    assert sorted(g["group"] for g in rr["groups"]) == sorted(GROUPS)
    assert sorted(b["bucket"] for b in rr["buckets"]) == sorted(BUCKETS)
    for row, keys in [(g, GROUP_KEYS) for g in rr["groups"]] + [(b, BUCKET_KEYS) for b in rr["buckets"]]:
        assert set(keys) <= set(row)
        if row["customers"] == 0:
            assert row["retained"] == 0 and row["rate"] is None and row["ci_low"] is None and row["ci_high"] is None
    acc = report["accounts"]
    assert {"tiers", "neglect_ratio_resolution", "neglect_ratio_churn"} <= set(acc)
    assert sorted(t["tier"] for t in acc["tiers"]) == TIERS
    for tier in acc["tiers"]:
        assert TIER_KEYS <= set(tier)
    counts = [report["funnel"][k] for k in ("start_active", "new", "lost", "end_active", "lost_silent",
                                             "lost_after_unresolved", "lost_after_resolved")]
    counts += [report["iceberg"][k] for k in ("complainers", "escalated", "frontline_only")]
    counts += [r["customers"] for r in rr["groups"] + rr["buckets"]] + [r["retained"] for r in rr["groups"] + rr["buckets"]]
    counts += [t["accounts"] for t in acc["tiers"]] + [t["complaints"] for t in acc["tiers"]]
    assert all(isinstance(c, int) and not isinstance(c, bool) for c in counts), counts


def test_report_has_every_key_of_section_8(run):
    report = run()
    check_shape(report)
    # the empty "7-30d" bucket is listed with customers 0 and null rates (checked in check_shape)
    assert report["resolution_retention"]["buckets"][3]["customers"] == 0


def test_rows_in_contract_order(run):
    # Section 6 lists the groups fast / resolved / unresolved / silent and the buckets from fastest to
    # unresolved; the tiers large then small. Charts draw the rows in this order.
    for filters in (Filters(), Filters(region="North"), EXPLICIT):
        report = run(filters)
        rr = report["resolution_retention"]
        assert [g["group"] for g in rr["groups"]] == GROUPS
        assert [b["bucket"] for b in rr["buckets"]] == BUCKETS
        assert [t["tier"] for t in report["accounts"]["tiers"]] == TIERS


def test_defaults_come_from_the_whole_warehouse(run, sample_db):
    # as_of: latest of max(order_date) 2024-12-31 (O01d), max(opened_at) 2024-10-01 (K04),
    #        max(responded_at) 2024-12-15 (S07) -> 2024-12-31
    # start: earliest of min(signup_date) 2023-01-01 (C01), min(order_date) 2023-01-01 (O01a)
    expected = {"as_of": "2024-12-31", "start": "2023-01-01", "end": "2024-12-31",
                "filters": {"region": None, "segment": None},
                "params": {"inactivity_days": 180, "horizon_days": 365, "fast_hours": 24,
                           "dissatisfied_max": 2, "large_share": 0.8, "min_survey_n": 30}}
    assert_matches(run(), expected)
    # filtered: same period as the unfiltered view (only C01, C02, C08 are North)
    assert_matches(run(Filters(region="North")),
                   {"as_of": "2024-12-31", "start": "2023-01-01", "end": "2024-12-31",
                    "filters": {"region": "North", "segment": None}})
    con = cursor(sample_db)
    assert resolve_filters(con, Filters(region="South")) == Filters(
        start=date(2023, 1, 1), end=date(2024, 12, 31), as_of=date(2024, 12, 31), region="South")
    con.close()


# ---------------------------------------------------------------- default run: 2023-01-01 .. 2024-12-31

def test_funnel_default(run):
    expected = {
        # start_active: first_active < start 2023-01-01: nobody (start is the earliest first_active) = 0
        "start_active": 0,
        # new: start <= first_active <= end: C01 C02 C03 C04 C06 C07 C08 C09 C10 C11 = 10 (not C05)
        "new": 10,
        # lost: lost_on in [2023-01-01, 2024-12-31]: C02 (churn_date 2024-03-15), C03 (2024-12-31, on the
        # window's last day), C04 (signup + 180 = 2023-08-28), C07 (2024-10-28), C08 (2023-12-26),
        # C09 (2024-07-30), C10 (2023-11-28) = 7
        "lost": 7,
        # end_active: lost_on NULL or > 2024-12-31: C01, C06, C11 = 3   (0 + 10 - 7 = 3)
        "end_active": 3,
        # churn_rate = 7 / (0 + 10)
        "churn_rate": 0.7,
        # complaints opened in [lost_on - 364, lost_on]:
        # C04 none; C09: K09 2023-03-01 is before 2023-08-01; C10: K10 2024-01-01 is after lost_on -> silent = 3
        "lost_silent": 3,
        # C02: K03 (2023-06-01, in [2023-03-17, 2024-03-15]) never resolved = 1
        "lost_after_unresolved": 1,
        # C03: K04 resolved 2024-12-31 15:00 -> on lost_on's day; C07: K07 resolved 2023-12-11;
        # C08: K08 resolved 2023-06-22 = 3
        "lost_after_resolved": 3,
        # annual_revenue: C02 100 + 200 = 300; C03 200 (2023-07-06 = last - 364) + 300 = 500; C04 0;
        # C07 500 (2023-03-01 is > 365 days before 2024-05-01); C08 600 + 400 = 1000; C09 200; C10 0
        # -> 300 + 500 + 0 + 500 + 1000 + 200 + 0 = 2500
        "annual_revenue_lost": 2500.0,
    }
    assert_matches(run()["funnel"], expected)


def test_iceberg_default_uses_the_benchmark(run):
    expected = {
        # complaints opened in the window (K05 of C05 ignored): K01 K02 (C01), K03 (C02), K04 (C03),
        # K06a K06b (C06), K07 (C07), K08 (C08), K09 (C09), K10 (C10) -> 8 distinct customers
        "complainers": 8,
        # escalated: K02 (C01), K03 (C02), K06a (C06) = 3
        "escalated": 3,
        "frontline_only": 5,
        # dissatisfied responses in the window with complained set: S02 S03 S06 S07 S09 = 5 < 30
        "silent_method": "benchmark",
        "silent_share": 0.69,
        # round(8 * 0.69 / 0.31) = round(17.806...) = 18
        "silent_estimated": 18,
        "total_dissatisfied_est": 26,
        # 26 / 3
        "multiplier": 26 / 3,
    }
    assert_matches(run()["iceberg"], expected)


def test_iceberg_survey_method_from_min_survey_n(run):
    # Dissatisfied (satisfaction <= 2 or had_problem) in the window with `complained` set:
    #   S02 (C04, sat 2, false), S03 (C07, sat 5 but had_problem, true), S06 (C10, sat 3 but had_problem,
    #   false), S07 (C11, sat 2, false), S09 (C06, sat 2, false) = 5; complained = false: 4.
    #   Not counted: S01 (sat 4), S04 (complained NULL), S05 (C05), S08 (before start), S10 (sat 3, no problem).
    # min_survey_n = 5 -> exactly enough -> survey: silent_share = 4 / 5 = 0.8
    # silent_estimated = round(8 * 0.8 / 0.2) = 32; total = 40; multiplier = 40 / 3
    expected = {"complainers": 8, "escalated": 3, "frontline_only": 5, "silent_method": "survey",
                "silent_share": 0.8, "silent_estimated": 32, "total_dissatisfied_est": 40,
                "multiplier": 40 / 3}
    report = run(params=Params(min_survey_n=5))
    assert_matches(report["iceberg"], expected)
    assert report["params"]["min_survey_n"] == 5
    # one more than available -> back to the benchmark
    assert run(params=Params(min_survey_n=6))["iceberg"]["silent_method"] == "benchmark"


def test_resolution_retention_groups_default(run):
    # Cohort: first complaint in the window per customer, kept when opened date + 365 <= 2024-12-31
    # (opened on or before 2024-01-01). retained = lost_on NULL or lost_on > opened date + 365.
    #   C01 K01 24 h (exactly fast_hours -> fast)   lost_on NULL                      retained
    #   C02 K03 unresolved                          2024-03-15 <= 2024-05-31          not
    #   C03 K04 opened 2024-10-01: not fully observed -> out of the cohort
    #   C06 K06a 72 h (ties K06b on opened_at; K06a < K06b) -> resolved, lost_on NULL  retained
    #   C07 K07 960 h -> resolved                   2024-10-28 <= 2024-10-31          not
    #   C08 K08 168 h -> resolved                   2023-12-26 <= 2024-06-14          not
    #   C09 K09 30 h -> resolved                    2024-07-30 >  2024-02-29          retained
    #   C10 K10 1 h, opened 2024-01-01 23:30 (date + 365 = as_of: kept) -> fast; 2023-11-28   not
    # silent: first dissatisfied complained=false response, responded date + 365 <= as_of:
    #   C04 S02 2023-04-01 (lost 2023-08-28: not), C10 S06 2023-07-01 (not), C06 S09 2023-09-01 (retained);
    #   C11 S07 2024-12-15 too late; C06's S08 is before the window; C05 ignored
    expected = [
        rate("group", "fast", 2, 1),        # C01, C10
        rate("group", "resolved", 4, 2),    # C06, C07, C08, C09
        rate("group", "unresolved", 1, 0),  # C02
        rate("group", "silent", 3, 1),      # C04, C06, C10
    ]
    assert_matches(run()["resolution_retention"]["groups"], expected)


def test_resolution_retention_buckets_default(run):
    expected = [
        rate("bucket", "<=1d", 2, 1),        # C01 24 h (upper bound inclusive), C10 1 h
        rate("bucket", "1-3d", 2, 2),        # C09 30 h, C06 72 h (inclusive)
        rate("bucket", "3-7d", 1, 0),        # C08 168 h (inclusive)
        rate("bucket", "7-30d", 0, 0),       # nobody: customers 0, null rates
        rate("bucket", ">30d", 1, 0),        # C07 960 h
        rate("bucket", "unresolved", 1, 0),  # C02
    ]
    assert_matches(run()["resolution_retention"]["buckets"], expected)


def test_accounts_default(run):
    # Window revenue: C01 5000, C06 2000, C07 1000, C08 1000, C03 500, C02 300, C09 200; C10 0 (not ranked).
    # Total 10000. Rank (ties by customer_id: C07 before C08) and share of the accounts above:
    #   C01 0.0 large, C06 0.5 large, C07 0.7 large, C08 0.8 (not < 0.8) small, C03 0.9, C02 0.93, C09 0.96 small
    large = {
        "tier": "large", "accounts": 3, "revenue": 8000.0, "revenue_share": 0.8,
        # K01, K02 (C01), K06a, K06b (C06), K07 (C07) = 5 -> per 100 accounts: 5 / 3 * 100
        "complaints": 5, "complaints_per_100": 500 / 3,
        # first response: K01 1.5, K02 4, K06a 12, K07 48 (K06b none) -> (4 + 12) / 2 = 8
        "median_first_response_hours": 8.0,
        # resolution: K01 24, K06a 72, K02 240, K07 960 -> (72 + 240) / 2 = 156
        "median_resolution_hours": 156.0,
        "resolved_share": 0.8,            # 4 of 5 (K06b unresolved)
        "churn_rate": 1 / 3,              # C07 lost 2024-10-28
        "annual_revenue_lost": 500.0,     # C07's annual revenue
    }
    small = {
        "tier": "small", "accounts": 4, "revenue": 2000.0, "revenue_share": 0.2,
        # K08 (C08), K04 (C03), K03 (C02), K09 (C09) = 4 -> 100 per 100 accounts
        "complaints": 4, "complaints_per_100": 100.0,
        # first response: K04 1, K09 2, K08 6, K03 24 -> (2 + 6) / 2 = 4
        "median_first_response_hours": 4.0,
        # resolution: K09 30, K08 168, K04 2187 (K03 unresolved) -> 168
        "median_resolution_hours": 168.0,
        "resolved_share": 0.75,
        "churn_rate": 1.0,                # C08, C03, C02, C09 all lost in the window
        "annual_revenue_lost": 2000.0,    # 1000 + 500 + 300 + 200
    }
    expected = {"tiers": [large, small],
                "neglect_ratio_resolution": 168 / 156,
                "neglect_ratio_churn": 3.0}   # 1.0 / (1/3)
    assert_matches(run()["accounts"], expected)


# ---------------------------------------------------------------- region = North

def test_region_north(run):
    # North: C01, C02, C08 (and C05, which has neither signup nor orders). NULL regions (C04, C07) drop out.
    report = run(Filters(region="North"))
    assert_matches(report["funnel"], {
        "start_active": 0, "new": 3,
        "lost": 2,                       # C02 (2024-03-15), C08 (2023-12-26)
        "end_active": 1,                 # C01
        "churn_rate": 2 / 3,
        "lost_silent": 0, "lost_after_unresolved": 1, "lost_after_resolved": 1,   # C02 / C08
        "annual_revenue_lost": 1300.0,   # 300 + 1000
    })
    assert_matches(report["iceberg"], {
        "complainers": 3,                # C01, C02, C08 (K05 of C05 ignored)
        "escalated": 2,                  # C01 (K02), C02 (K03)
        "frontline_only": 1,
        "silent_method": "benchmark", "silent_share": 0.69,
        "silent_estimated": 7,           # round(3 * 0.69 / 0.31) = round(6.677) = 7
        "total_dissatisfied_est": 10,
        "multiplier": 5.0,               # 10 / 2
    })
    assert_matches(report["resolution_retention"], {
        "groups": [rate("group", "fast", 1, 1),        # C01
                   rate("group", "resolved", 1, 0),    # C08
                   rate("group", "unresolved", 1, 0),  # C02
                   rate("group", "silent", 0, 0)],     # S01 is satisfied, S05 belongs to C05
        "buckets": [rate("bucket", "<=1d", 1, 1), rate("bucket", "1-3d", 0, 0), rate("bucket", "3-7d", 1, 0),
                    rate("bucket", "7-30d", 0, 0), rate("bucket", ">30d", 0, 0),
                    rate("bucket", "unresolved", 1, 0)],
    })
    # Revenue C01 5000, C08 1000, C02 300; total 6300. Above C08: 5000/6300 = 0.794 < 0.8 -> large;
    # above C02: 6000/6300 = 0.952 -> small.
    assert_matches(report["accounts"], {
        "tiers": [
            {"tier": "large", "accounts": 2, "revenue": 6000.0, "revenue_share": 6000 / 6300,
             "complaints": 3, "complaints_per_100": 150.0,              # K01, K02, K08
             "median_first_response_hours": 4.0,                       # 1.5, 4, 6
             "median_resolution_hours": 168.0,                         # 24, 168, 240
             "resolved_share": 1.0, "churn_rate": 0.5,                 # C08 lost
             "annual_revenue_lost": 1000.0},
            {"tier": "small", "accounts": 1, "revenue": 300.0, "revenue_share": 300 / 6300,
             "complaints": 1, "complaints_per_100": 100.0,              # K03
             "median_first_response_hours": 24.0,
             "median_resolution_hours": None,                          # K03 never resolved
             "resolved_share": 0.0, "churn_rate": 1.0, "annual_revenue_lost": 300.0},
        ],
        "neglect_ratio_resolution": None,   # small median missing
        "neglect_ratio_churn": 2.0,         # 1.0 / 0.5
    })


def test_segment_wholesale_funnel(run):
    # Wholesale: C03, C07, C08, C11. lost: C03 (2024-12-31), C07 (2024-10-28), C08 (2023-12-26) = 3,
    # all after resolved complaints (K04, K07, K08); annual revenue 500 + 500 + 1000.
    assert_matches(run(Filters(segment="Wholesale"))["funnel"], {
        "start_active": 0, "new": 4, "lost": 3, "end_active": 1, "churn_rate": 0.75,
        "lost_silent": 0, "lost_after_unresolved": 0, "lost_after_resolved": 3,
        "annual_revenue_lost": 2000.0})


# ---------------------------------------------------------------- explicit window and as_of

EXPLICIT = Filters(start=date(2023, 7, 1), end=date(2024, 6, 30), as_of=date(2025, 6, 30))


def test_explicit_window(run):
    # as_of 2025-06-30 changes lost_on: C01 2024-12-31 + 180 = 2025-06-29; C06 2024-11-01 + 180 = 2025-04-30;
    # C11 signup 2024-12-01 + 180 = 2025-05-30. The others keep their dates.
    report = run(EXPLICIT)
    assert (report["start"], report["end"], report["as_of"]) == ("2023-07-01", "2024-06-30", "2025-06-30")
    assert_matches(report["funnel"], {
        # first_active < 2023-07-01 and lost_on NULL or >= 2023-07-01:
        # C01, C02, C04 (2023-08-28), C06, C07, C08, C09, C10 = 8 (C03 starts 2023-07-06, C11 later)
        "start_active": 8,
        "new": 1,                         # C03 (2023-07-06)
        # lost_on in [2023-07-01, 2024-06-30]: C04 2023-08-28, C10 2023-11-28, C08 2023-12-26, C02 2024-03-15
        "lost": 4,
        # C01 (2025-06-29), C03, C06, C07 (2024-10-28), C09 (2024-07-30) = 5 = 8 + 1 - 4
        "end_active": 5,
        "churn_rate": 4 / 9,
        "lost_silent": 2,                 # C04, C10
        "lost_after_unresolved": 1,       # C02
        "lost_after_resolved": 1,         # C08
        "annual_revenue_lost": 1300.0,    # 0 + 0 + 1000 + 300
    })
    assert_matches(report["iceberg"], {
        # opened in [2023-07-01, 2024-06-30]: K07 (C07), K10 (C10), K02 (C01, escalated)
        "complainers": 3, "escalated": 1, "frontline_only": 2,
        # dissatisfied with complained set in the window: S06, S09 = 2 < 30
        "silent_method": "benchmark", "silent_share": 0.69,
        "silent_estimated": 7, "total_dissatisfied_est": 10, "multiplier": 10.0,
    })
    # Cohort (first complaint in the window; opened + 365 <= 2025-06-30 for all of them):
    #   C01 K02 240 h: resolved, 7-30d; lost 2025-06-29 > 2025-06-10 -> retained
    #   C07 K07 960 h: resolved, >30d;  lost 2024-10-28 <= 2024-10-31 -> not
    #   C10 K10 1 h:   fast, <=1d;      lost 2023-11-28 -> not
    # silent: C10 S06 (2023-07-01 + 365 = 2024-06-30; lost 2023-11-28: not), C06 S09 (lost 2025-04-30
    #   > 2024-08-31: retained)
    assert_matches(report["resolution_retention"], {
        "groups": [rate("group", "fast", 1, 0), rate("group", "resolved", 2, 1),
                   rate("group", "unresolved", 0, 0), rate("group", "silent", 2, 1)],
        "buckets": [rate("bucket", "<=1d", 1, 0), rate("bucket", "1-3d", 0, 0), rate("bucket", "3-7d", 0, 0),
                    rate("bucket", "7-30d", 1, 1), rate("bucket", ">30d", 1, 0),
                    rate("bucket", "unresolved", 0, 0)],
    })
    # Window revenue: C01 1000 (O01c), C07 500 (O07b), C02 200, C03 200, C09 200 (a three-way tie, by id);
    # C06, C08, C10: 0 -> not ranked. Total 2100. Above: C01 0, C07 0.476, C02 0.714 -> large;
    # C03 1700/2100 = 0.810 -> small, C09 small.
    assert_matches(report["accounts"], {
        "tiers": [
            {"tier": "large", "accounts": 3, "revenue": 1700.0, "revenue_share": 1700 / 2100,
             "complaints": 2, "complaints_per_100": 200 / 3,           # K02, K07 (K03 is before the window)
             "median_first_response_hours": 26.0,                      # (4 + 48) / 2
             "median_resolution_hours": 600.0,                         # (240 + 960) / 2
             "resolved_share": 1.0,
             "churn_rate": 1 / 3,                                      # C02 (2024-03-15)
             "annual_revenue_lost": 300.0},
            {"tier": "small", "accounts": 2, "revenue": 400.0, "revenue_share": 400 / 2100,
             "complaints": 0, "complaints_per_100": 0.0,
             "median_first_response_hours": None, "median_resolution_hours": None,
             "resolved_share": None,                                   # no complaints
             "churn_rate": 0.0,                                        # C03, C09 lost after the window
             "annual_revenue_lost": 0.0},
        ],
        "neglect_ratio_resolution": None,
        "neglect_ratio_churn": 0.0,       # 0.0 / (1/3)
    })


# ---------------------------------------------------------------- the CLI

def test_cli_prints_the_same_document(tmp_path):
    path = tmp_path / "cli.duckdb"
    build_sample(path)
    close(path)   # the CLI runs in another process: release the file lock first
    args = ["--start", "2023-07-01", "--end", "2024-06-30", "--as-of", "2025-06-30", "--region", "South"]
    out = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", str(path), *args],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)
    check_shape(printed)
    con = cursor(path)
    try:
        expected = _metrics_report(con, Filters(start=date(2023, 7, 1), end=date(2024, 6, 30),
                                                as_of=date(2025, 6, 30), region="South"), Params())
        assert printed == json.loads(json.dumps(expected))
        assert_matches(printed, reference_report(con, Filters(start=date(2023, 7, 1), end=date(2024, 6, 30),
                                                              as_of=date(2025, 6, 30), region="South")))
    finally:
        con.close()
        close(path)
    # South in that window: C03 (new 2023-07-06), C06, C09 start active; nobody lost before 2024-06-30
    assert_matches(printed["funnel"], {"start_active": 2, "new": 1, "lost": 0, "end_active": 3})
    assert printed["filters"] == {"region": "South", "segment": None}


# ---------------------------------------------------------------- iceberg edge cases

def test_silent_share_one_leaves_the_estimate_null(run):
    # South: C03, C06, C09. Complaints in the window: K04 (C03), K06a escalated + K06b (C06), K09 (C09)
    # -> complainers 3, escalated 1. Dissatisfied South answers in the window with complained set:
    # S09 (C06, false) only (S04 complained NULL, S08 before start, S10 satisfaction 3) -> n = 1.
    # min_survey_n = 1 -> survey method, silent_share = 1/1 = 1 -> complainers * 1 / 0: null,
    # and so are total_dissatisfied_est and multiplier.
    assert_matches(run(Filters(region="South"), Params(min_survey_n=1))["iceberg"], {
        "complainers": 3, "escalated": 1, "frontline_only": 2,
        "silent_method": "survey", "silent_share": 1.0,
        "silent_estimated": None, "total_dissatisfied_est": None, "multiplier": None})


def test_round_half_up_on_an_exact_half(tmp_path):
    # Five customers, each with one order and one frontline complaint on 2024-01-10; three dissatisfied
    # survey answers with complained set, one of them false. min_survey_n = 3 -> survey method,
    # silent_share = 1/3, silent_estimated = round(5 * (1/3) / (2/3)) = round(2.5) = 3 (docs/contract.md:
    # "round" is half up, 2.5 -> 3). In floating point 5 * (1/3) / (1 - 1/3) = 2.4999999999999996,
    # so a plain ROUND(x) gives 2.
    wh = Warehouse()
    for i in range(5):
        cid = f"H{i}"
        wh.customers.append((cid, cid, None, None, date(2024, 1, 1), None, None))
        wh.orders.append((f"HO{i}", cid, date(2024, 1, 2), 10.0, None))
        wh.complaints.append((f"HK{i}", cid, datetime(2024, 1, 10, 9), "frontline", None, None, None, None))
    for i, complained in enumerate([False, True, True]):
        wh.surveys.append((f"HS{i}", f"H{i}", datetime(2024, 1, 20, 9), 1, None, complained, None))
    path = tmp_path / "half.duckdb"
    write_warehouse(wh, path)
    con = cursor(path)
    try:
        for impl in (_metrics_report, _reference_report):
            ice = impl(con, Filters(), Params(min_survey_n=3))["iceberg"]
            assert_matches(ice, {"complainers": 5, "escalated": 0, "silent_method": "survey",
                                 "silent_share": 1 / 3, "silent_estimated": 3,
                                 "total_dissatisfied_est": 8, "multiplier": None})   # escalated = 0
    finally:
        con.close()
        close(path)


# ---------------------------------------------------------------- the 365-day ranges

def test_365_day_ranges_reach_back_364_days(tmp_path):
    # "the 365 days ending at last_order (inclusive)" and "the 365 days up to and including lost_on"
    # are read as [d - 364, d]: d itself and the 364 days before it.
    #   A: orders 2023-01-01 (100) and 2024-01-01 (10). 2024-01-01 - 365 = 2023-01-01 -> outside:
    #      annual_revenue 10. lost_on 2024-01-01 + 180 = 2024-06-29. No complaints -> silent.
    #   B: order 2023-01-01 (5) -> lost_on 2023-06-30; complaint opened 2022-06-30, 365 days before,
    #      unresolved -> outside the range -> silent.
    #   C: order 2023-01-01 (7) -> lost_on 2023-06-30; complaint opened 2022-07-01 23:00, 364 days before,
    #      unresolved -> inside -> lost_after_unresolved.
    wh = Warehouse()
    for cid in "ABC":
        wh.customers.append((cid, cid, None, None, None, None, None))
    wh.orders += [("OA1", "A", date(2023, 1, 1), 100.0, None), ("OA2", "A", date(2024, 1, 1), 10.0, None),
                  ("OB1", "B", date(2023, 1, 1), 5.0, None), ("OC1", "C", date(2023, 1, 1), 7.0, None)]
    wh.complaints += [("KB", "B", datetime(2022, 6, 30, 10), "frontline", None, None, None, None),
                      ("KC", "C", datetime(2022, 7, 1, 23), "frontline", None, None, None, None)]
    path = tmp_path / "ranges.duckdb"
    write_warehouse(wh, path)
    con = cursor(path)
    try:
        for impl in (_metrics_report, _reference_report):
            report = impl(con, Filters(as_of=date(2024, 12, 31)), Params())
            # start = 2023-01-01 (earliest order); all three are new and lost in the window
            assert_matches(report["funnel"], {
                "start_active": 0, "new": 3, "lost": 3, "end_active": 0, "churn_rate": 1.0,
                "lost_silent": 2, "lost_after_unresolved": 1, "lost_after_resolved": 0,
                "annual_revenue_lost": 22.0})   # 10 + 5 + 7
    finally:
        con.close()
        close(path)
