"""The accounts' default view reads the ranking stored with the facts (table account_ranks) instead of
sorting every account; its tiers, deciles and Pareto curve must be those of the ranking computed
in the query (the path of a cut window, a region or segment, stale facts and Spark)."""
from __future__ import annotations

import math

import pytest

from data import demo, facts, warehouse
from metrics.accounts import TIER_BY
from metrics.params import Filters, Params, resolve_dashboard_filters, resolve_filters
from metrics.sql import execute, metric_sql, parameter_names


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("ranks") / "demo.duckdb"
    demo.build(path, customers=1_500)
    cur = warehouse.cursor(path)
    yield cur
    cur.close()
    warehouse.close(path)


def run(cur, name: str, ranked: str, **extra):
    sql = metric_sql(name, {**facts.TABLES, "ranked": ranked}, "revenue_history")
    bound = {**resolve_filters(cur, Filters()).bind(), **Params().as_dict(), **extra}
    return execute(cur, name, sql, {k: v for k, v in bound.items() if k in parameter_names(sql)})


def same(a, b) -> bool:
    return a.columns.tolist() == b.columns.tolist() and len(a) == len(b) and all(
        (x is None and y is None) or (isinstance(x, float) and math.isclose(x, y, rel_tol=1e-12))
        or x == y or (x != x and y != y)
        for ra, rb in zip(a.itertuples(index=False), b.itertuples(index=False)) for x, y in zip(ra, rb))


@pytest.mark.parametrize("tier_by", TIER_BY)
def test_the_stored_ranking_gives_the_tiers_of_the_computed_one(small_demo, tier_by: str) -> None:
    assert facts.is_fresh(small_demo)
    stored = run(small_demo, "accounts", facts.STORED_RANKS, tier_by=tier_by)
    computed = run(small_demo, "accounts", facts.RANKS_SQL, tier_by=tier_by)
    assert len(stored) >= 2 and same(stored, computed)


def test_the_stored_ranking_gives_the_pareto_curve_of_the_computed_one(small_demo) -> None:
    stored = run(small_demo, "pareto", facts.STORED_RANKS, points=50)
    computed = run(small_demo, "pareto", facts.RANKS_SQL, points=50)
    assert len(stored) > 40 and stored["revenue_share"].iloc[-1] == pytest.approx(1.0) and same(stored, computed)


def test_the_ranking_covers_every_account_with_revenue(small_demo) -> None:
    [(ranked, top, accounts)] = small_demo.execute(
        "SELECT COUNT(*), MIN(rank), MAX(ranked_accounts) FROM account_ranks").fetchall()
    [(with_revenue,)] = small_demo.execute("SELECT COUNT(*) FROM customer_facts WHERE total_revenue > 0").fetchall()
    assert ranked == accounts == with_revenue and top == 1


def run_window(cur, name: str, ranked: str, **extra):
    """`name` in the pages' default window (the last 365 days), its ranking `ranked`."""
    sql = metric_sql(name, {**facts.TABLES, "ranked": ranked}, "revenue_window")
    bound = {**resolve_dashboard_filters(cur).bind(), **Params().as_dict(), **extra}
    return execute(cur, name, sql, {k: v for k, v in bound.items() if k in parameter_names(sql)})


def test_the_stored_window_is_the_pages_default_view(small_demo) -> None:
    f = resolve_dashboard_filters(small_demo)
    assert facts.stored_window(small_demo) == (f.start, f.end)
    assert f.start is not None and f.start > resolve_filters(small_demo).dates()[0]  # a cut window: the history ranking does not apply


@pytest.mark.parametrize("tier_by", TIER_BY)
def test_the_stored_window_ranking_gives_the_tiers_of_the_computed_one(small_demo, tier_by: str) -> None:
    stored = run_window(small_demo, "accounts", facts.STORED_WINDOW_RANKS, tier_by=tier_by)
    computed = run_window(small_demo, "accounts", facts.RANKS_SQL, tier_by=tier_by)
    assert len(stored) >= 2 and same(stored, computed)
    assert not same(stored, run(small_demo, "accounts", facts.STORED_RANKS, tier_by=tier_by))  # not the history's


def test_the_stored_window_ranking_gives_the_pareto_curve_of_the_computed_one(small_demo) -> None:
    stored = run_window(small_demo, "pareto", facts.STORED_WINDOW_RANKS, points=50)
    computed = run_window(small_demo, "pareto", facts.RANKS_SQL, points=50)
    assert len(stored) > 40 and same(stored, computed)


@pytest.mark.parametrize("region, window, expected", [
    (None, "page", facts.STORED_WINDOW_RANKS), (None, "history", facts.STORED_RANKS),
    (None, "previous", facts.RANKS_SQL), ("North", "page", facts.RANKS_SQL)])
def test_each_view_reads_the_ranking_that_fits_it(small_demo, monkeypatch, region, window, expected) -> None:
    """The pages' default view and the report's read a stored ranking; another window or a region ranks in the query."""
    import dataclasses

    import metrics
    from metrics import sql
    seen: list[str] = []
    original = sql.metric_sql

    def spying(name, facts_sql=facts.INLINE, revenue="revenue_window"):
        seen.append(facts_sql["ranked"])
        return original(name, facts_sql, revenue)

    monkeypatch.setattr(sql, "metric_sql", spying)
    page = resolve_dashboard_filters(small_demo)
    f = {"page": page, "history": resolve_filters(small_demo), "previous": page.previous()}[window]
    metrics.account_tiers(small_demo, dataclasses.replace(f, region=region), Params())
    assert seen == [expected]


def test_a_warehouse_without_dated_rows_stores_no_window(tmp_path) -> None:
    path = tmp_path / "empty.duckdb"
    warehouse.ready(path, wait=0)
    with warehouse.change(path) as cur:  # a change rebuilds the facts, as a load does
        facts.refresh(cur, 1)
    cur = warehouse.cursor(path)
    try:
        assert facts.stored_window(cur) is None
    finally:
        cur.close()
        warehouse.close(path)
