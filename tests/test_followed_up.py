"""followed_up and scored_followed_up: how many of a page's cohort have a full follow-up of each
horizon, from one query (the pages judge their opening horizon from it instead of computing the
retention cohorts once per horizon). Hand-worked counts on a three-customer warehouse, and the
same counts as the cohorts they stand for, retention_groups and retention_by_effort, on the
awkward demo warehouses with and without a region filter."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import metrics
from data import warehouse
from metrics.params import Filters, Params, resolve_filters
from tests.awkward_warehouses import AWKWARD

WINDOW = Filters(start=date(2024, 1, 1), end=date(2024, 12, 31), as_of=date(2024, 9, 1))
HORIZONS = (90, 180, 365)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A and B have a start; C has neither signup nor order, so none of its rows count."""
    path = tmp_path_factory.mktemp("three") / "w.duckdb"
    warehouse.connect(path)
    cur = warehouse.cursor(path)
    with warehouse.transaction(cur):
        cur.execute("""INSERT INTO customers VALUES ('A', 'a', 'North', NULL, DATE '2024-01-01', NULL, NULL),
                                                    ('B', 'b', 'South', NULL, DATE '2024-01-01', NULL, NULL),
                                                    ('C', 'c', 'North', NULL, NULL, NULL, NULL)""")
        cur.execute("""INSERT INTO complaints VALUES
            ('K1', 'A', TIMESTAMP '2024-03-01 10:00', 'frontline', NULL, NULL, NULL, NULL),
            ('K2', 'A', TIMESTAMP '2024-02-01 23:59', 'frontline', NULL, NULL, NULL, NULL),
            ('K3', 'B', TIMESTAMP '2024-06-01 00:00', 'escalated', NULL, NULL, NULL, NULL),
            ('K4', 'C', TIMESTAMP '2024-03-01 00:00', 'frontline', NULL, NULL, NULL, NULL),
            ('K5', 'B', TIMESTAMP '2025-01-01 00:00', 'frontline', NULL, NULL, NULL, NULL)""")
        cur.execute("""INSERT INTO surveys VALUES
            ('S1', 'A', TIMESTAMP '2024-05-01 09:00', 2, NULL, NULL, 3),
            ('S2', 'A', TIMESTAMP '2024-04-01 09:00', 2, NULL, NULL, NULL),
            ('S3', 'B', TIMESTAMP '2024-01-15 09:00', 4, NULL, NULL, 7),
            ('S4', 'C', TIMESTAMP '2024-01-10 09:00', 1, NULL, NULL, 2)""")
        warehouse.bump_data_version(cur)
    cur.close()
    return path


def counts(path: Path, name: str, filters: Filters) -> dict[int, int]:
    cur = warehouse.cursor(path)
    try:
        df = getattr(metrics, name)(cur, filters, Params(), horizons=HORIZONS)
    finally:
        cur.close()
    return dict(zip(df["horizon"], df["customers"]))


def test_complainers_followed_up_by_hand(three: Path) -> None:
    # first complaints: A 2024-02-01 (+90 = 05-01, +180 = 07-30, +365 = 2025-01-31), B 2024-06-01 (+90 = 08-30)
    assert counts(three, "followed_up", WINDOW) == {90: 2, 180: 1, 365: 0}
    assert counts(three, "followed_up", replace(WINDOW, region="North")) == {90: 1, 180: 1, 365: 0}
    assert counts(three, "followed_up", replace(WINDOW, as_of=date(2024, 5, 1))) == {90: 1, 180: 0, 365: 0}


def test_scored_customers_followed_up_by_hand(three: Path) -> None:
    # first scored answers: A 2024-05-01 (+90 = 07-30), B 2024-01-15 (+90, +180 = 07-13); S2 has no score
    assert counts(three, "scored_followed_up", WINDOW) == {90: 2, 180: 1, 365: 0}
    assert counts(three, "scored_followed_up", replace(WINDOW, region="South")) == {90: 1, 180: 1, 365: 0}


@pytest.mark.parametrize("name", ["tiny", "sparse", "no_surveys", "quiet_last_year"])
def test_the_counts_are_the_cohorts_they_stand_for(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.duckdb"
    AWKWARD[name](path)
    cur = warehouse.cursor(path)
    try:
        for region in (None, "North"):
            filters = resolve_filters(cur, Filters(region=region))
            followed = metrics.followed_up(cur, filters, Params(), horizons=HORIZONS)
            scored = metrics.scored_followed_up(cur, filters, Params(), horizons=HORIZONS)
            for h, complainers, customers in zip(HORIZONS, followed["customers"], scored["customers"]):
                groups = metrics.retention_groups(cur, filters, Params(horizon_days=h))
                assert complainers == int(groups.loc[groups["group"] != "silent", "customers"].sum())
                assert customers == int(metrics.retention_by_effort(cur, filters, Params(horizon_days=h))["customers"].sum())
    finally:
        cur.close()
        warehouse.close(path)
