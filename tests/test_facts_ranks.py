"""The accounts' default view reads the ranking stored with the facts (table account_ranks) instead of
sorting every account; its tiers, deciles and Pareto curve must be those of the ranking computed
in the query (the path of a cut window, a region or segment, stale facts and Spark)."""
from __future__ import annotations

import math

import pytest

from data import demo, facts, warehouse
from metrics.accounts import TIER_BY
from metrics.params import Filters, Params, resolve_filters
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
