"""The demo generator: deterministic, within the contract, and telling the story of DOMAIN.md.

Determinism: the same seed and size give identical rows in every table, also
across processes (one build runs through the CLI); another seed gives other
rows. The story is checked with plain SQL written here from docs/contract.md (not
with the metrics package, which it must not share bugs with): the directions
the issue asks for, with generous bounds so a reasonable retune passes.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from data import demo, warehouse
from data.schema import TABLES, quote_ident

ROOT = Path(__file__).resolve().parents[1]
SMALL = 3_000
STORY_CUSTOMERS = 20_000


def table_digests(path: Path) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of all rows sorted by key) per canonical table."""
    cur = warehouse.cursor(path)
    try:
        digests = {}
        for name, table in TABLES.items():
            rows = cur.execute(
                f"SELECT * FROM {quote_ident(name)} ORDER BY {quote_ident(table.key)}").fetchall()
            digests[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return digests
    finally:
        cur.close()
        warehouse.close(path)


def build_in_subprocess(path: Path, customers: int, seed: int) -> None:
    """Build through the documented CLI, in a separate interpreter."""
    subprocess.run([sys.executable, "-m", "data", "demo", "--db", str(path),
                    "--customers", str(customers), "--seed", str(seed)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)


def test_same_seed_gives_identical_rows(tmp_path: Path) -> None:
    counts = demo.build(tmp_path / "a.duckdb", customers=SMALL, seed=11)
    build_in_subprocess(tmp_path / "b.duckdb", SMALL, seed=11)
    first, second = table_digests(tmp_path / "a.duckdb"), table_digests(tmp_path / "b.duckdb")
    assert first == second
    assert {name: n for name, (n, _) in first.items()} == counts
    assert all(n > 0 for n in counts.values()), counts


def test_other_seed_gives_other_rows(tmp_path: Path) -> None:
    demo.build(tmp_path / "a.duckdb", customers=SMALL, seed=11)
    demo.build(tmp_path / "b.duckdb", customers=SMALL, seed=12)
    first, second = table_digests(tmp_path / "a.duckdb"), table_digests(tmp_path / "b.duckdb")
    assert all(first[name][1] != second[name][1] for name in TABLES)


def test_chunks_number_rows_on_and_link_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built in three chunks (as a large demo is), keys run 1..N without gaps and every
    contact's complaint is a complaint of the same customer, also in later chunks."""
    monkeypatch.setattr(demo, "CHUNK", 1_000)
    counts = demo.build(tmp_path / "chunked.duckdb", customers=2_500, seed=5)
    cur = warehouse.cursor(tmp_path / "chunked.duckdb")
    try:
        for name, table in TABLES.items():
            key = quote_ident(table.key)
            n, lowest, highest = one(cur, f"SELECT count(*), min({key}), max({key}) FROM {quote_ident(name)}")
            assert n == counts[name]
            assert int(lowest[1:]) == 1 and int(highest[1:]) == n, (name, lowest, highest)
        assert counts["customers"] == 2_500
        assert one(cur, """
            SELECT count(*) FROM contacts t LEFT JOIN complaints k USING (complaint_id)
            WHERE t.complaint_id IS NOT NULL AND (k.customer_id IS NULL OR k.customer_id <> t.customer_id)""") == (0,)
        linked_late = one(cur, "SELECT count(*) FROM contacts WHERE complaint_id IS NOT NULL "
                               "AND customer_id > 'C0002000'")[0]
        assert linked_late > 0  # the third chunk's follow-ups found their complaints
        assert one(cur, "SELECT count(*) FROM customer_facts") == (2_500,)
    finally:
        cur.close()
        warehouse.close(tmp_path / "chunked.duckdb")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chunked.duckdb"]  # nothing left over


def test_a_failed_build_keeps_the_previous_warehouse(tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    demo.build(path, customers=300, seed=3)
    before = table_digests(path)
    with pytest.raises(ValueError):
        demo.build(path, customers=300, seed=3, years=0)  # no days to sign up in: generation fails
    assert table_digests(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]


@pytest.fixture(scope="module")
def cur(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the default-size demo warehouse, built once for the story tests."""
    path = tmp_path_factory.mktemp("story") / "demo.duckdb"
    demo.build(path, customers=STORY_CUSTOMERS)
    cursor = warehouse.cursor(path)
    yield cursor
    cursor.close()
    warehouse.close(path)


def one(cur: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    row = cur.execute(sql).fetchone()
    assert row is not None
    return row


def by_key(cur: duckdb.DuckDBPyConnection, sql: str) -> dict:
    """{first column: rest of the row} for a grouped query."""
    return {row[0]: row[1:] for row in cur.execute(sql).fetchall()}


# -- The demo obeys the load rules of docs/contract.md section 1 (a loader would refuse it otherwise).

RULE_BREAKERS = {
    "order of unknown customer": "SELECT count(*) FROM orders WHERE customer_id NOT IN (SELECT customer_id FROM customers)",
    "complaint of unknown customer": "SELECT count(*) FROM complaints WHERE customer_id NOT IN (SELECT customer_id FROM customers)",
    "survey of unknown customer": "SELECT count(*) FROM surveys WHERE customer_id NOT IN (SELECT customer_id FROM customers)",
    "contact of unknown customer": "SELECT count(*) FROM contacts WHERE customer_id NOT IN (SELECT customer_id FROM customers)",
    "contact of unknown complaint": "SELECT count(*) FROM contacts WHERE complaint_id NOT IN (SELECT complaint_id FROM complaints)",
    "contact of another customer's complaint":
        "SELECT count(*) FROM contacts t JOIN complaints k USING (complaint_id) WHERE t.customer_id <> k.customer_id",
    "churn before signup or first order": """
        SELECT count(*) FROM customers c
        LEFT JOIN (SELECT customer_id, min(order_date) AS first_order FROM orders GROUP BY 1) o USING (customer_id)
        WHERE c.churn_date < c.signup_date OR c.churn_date < o.first_order""",
    "first response before opening": "SELECT count(*) FROM complaints WHERE first_response_at < opened_at",
    "order after the customer's recorded churn": """
        SELECT count(*) FROM orders o JOIN customers c USING (customer_id) WHERE o.order_date > c.churn_date""",
}


@pytest.mark.parametrize("sql", RULE_BREAKERS.values(), ids=RULE_BREAKERS.keys())
def test_demo_rows_obey_the_contract(cur: duckdb.DuckDBPyConnection, sql: str) -> None:
    assert one(cur, sql) == (0,)


# -- The story. LIFECYCLE is docs/contract.md section 3 with the default parameters.

LIFECYCLE = """
WITH bounds AS (        -- as_of: the latest event in the warehouse
    SELECT GREATEST((SELECT max(order_date) FROM orders),
                    (SELECT CAST(max(opened_at) AS DATE) FROM complaints),
                    (SELECT CAST(max(responded_at) AS DATE) FROM surveys)) AS as_of
), order_span AS (      -- first and last order per customer
    SELECT customer_id, min(order_date) AS first_order, max(order_date) AS last_order
    FROM orders GROUP BY customer_id
), life AS (            -- first_active and lost_on (inactivity 180 days)
    SELECT c.customer_id, b.as_of,
           LEAST(c.signup_date, o.first_order) AS first_active,
           CASE WHEN c.churn_date <= b.as_of THEN c.churn_date
                WHEN o.last_order + 180 <= b.as_of THEN o.last_order + 180
                WHEN o.last_order IS NULL AND c.signup_date + 180 <= b.as_of THEN c.signup_date + 180
           END AS lost_on
    FROM customers c LEFT JOIN order_span o USING (customer_id) CROSS JOIN bounds b
), tiers AS (           -- large = accounts making the top 80 % of revenue (whole period)
    SELECT customer_id, revenue,
           CASE WHEN coalesce(sum(revenue) OVER (ORDER BY revenue DESC, customer_id
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                     / sum(revenue) OVER () < 0.8 THEN 'large' ELSE 'small' END AS tier
    FROM (SELECT customer_id, sum(amount) AS revenue FROM orders GROUP BY 1 HAVING sum(amount) > 0)
), speed AS (           -- each complaint's resolution group
    SELECT *, CASE WHEN resolved_at IS NULL THEN 'unresolved'
                   WHEN resolved_at <= opened_at + INTERVAL 24 HOUR THEN 'fast'
                   ELSE 'slow' END AS grp
    FROM complaints
)
"""


def test_most_dissatisfied_respondents_did_not_complain(cur: duckdb.DuckDBPyConnection) -> None:
    silent_share, n = one(cur, """
        SELECT avg(CASE WHEN complained THEN 0 ELSE 1 END), count(*) FROM surveys
        WHERE (satisfaction <= 2 OR had_problem) AND complained IS NOT NULL""")
    assert n >= 100
    assert silent_share > 0.5


def test_complaints_split_into_both_levels(cur: duckdb.DuckDBPyConnection) -> None:
    levels = by_key(cur, "SELECT level, count(*) FROM complaints GROUP BY level")
    assert set(levels) == {"frontline", "escalated"}
    assert levels["frontline"][0] > levels["escalated"][0] > 0


def test_fast_resolution_keeps_customers(cur: duckdb.DuckDBPyConnection) -> None:
    """First complaints with a full 365-day follow-up: fast > slow > unresolved retention."""
    retention = by_key(cur, LIFECYCLE + """
        , first_complaint AS (
            SELECT * FROM speed
            QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY opened_at, complaint_id) = 1)
        SELECT grp, avg(CASE WHEN lost_on IS NULL OR lost_on > CAST(opened_at AS DATE) + 365
                             THEN 1 ELSE 0 END), count(*)
        FROM first_complaint JOIN life USING (customer_id)
        WHERE CAST(opened_at AS DATE) + 365 <= as_of
        GROUP BY grp""")
    assert all(n >= 50 for _, n in retention.values()), retention
    assert retention["fast"][0] > retention["slow"][0] > retention["unresolved"][0], retention


def test_about_a_tenth_of_customers_lost_a_year(cur: duckdb.DuckDBPyConnection) -> None:
    """Lost / (active at the start + new) for the last two years (the first is the ramp-up)."""
    rates = cur.execute(LIFECYCLE + """
        , years AS (
            SELECT as_of - 365 * k - 364 AS y_start, as_of - 365 * k AS y_end
            FROM bounds, (SELECT CAST(range AS INTEGER) AS k FROM range(2)))
        SELECT y_end,
               count(*) FILTER (WHERE lost_on BETWEEN y_start AND y_end)
               / count(*) FILTER (WHERE first_active <= y_end
                                  AND (lost_on IS NULL OR lost_on >= y_start))
        FROM years CROSS JOIN life GROUP BY y_end ORDER BY y_end""").fetchall()
    assert len(rates) == 2
    assert all(0.05 <= rate <= 0.20 for _, rate in rates), rates


def test_revenue_is_concentrated_in_few_accounts(cur: duckdb.DuckDBPyConnection) -> None:
    account_share, revenue_share = one(cur, LIFECYCLE + """
        SELECT avg(CASE WHEN tier = 'large' THEN 1 ELSE 0 END),
               sum(revenue) FILTER (WHERE tier = 'large') / sum(revenue)
        FROM tiers""")
    assert 0.10 <= account_share <= 0.30
    assert 0.7 <= revenue_share <= 0.9


def test_small_accounts_wait_longer_and_leave_more(cur: duckdb.DuckDBPyConnection) -> None:
    tiers = by_key(cur, LIFECYCLE + """
        , resolution AS (
            SELECT tier, median(date_diff('second', opened_at, resolved_at) / 3600.0) AS hours
            FROM complaints JOIN tiers USING (customer_id)
            WHERE resolved_at IS NOT NULL GROUP BY tier)
        SELECT tier, any_value(hours), avg(CASE WHEN lost_on IS NULL THEN 0 ELSE 1 END)
        FROM tiers JOIN life USING (customer_id) JOIN resolution USING (tier)
        GROUP BY tier""")
    (small_hours, small_churn), (large_hours, large_churn) = tiers["small"], tiers["large"]
    assert small_hours > large_hours
    assert small_churn > large_churn


def test_slow_complaints_bring_repeat_contacts_and_channel_switching(
        cur: duckdb.DuckDBPyConnection) -> None:
    per_group = by_key(cur, LIFECYCLE + """
        , per_complaint AS (
            SELECT s.complaint_id, s.grp, count(t.contact_id) AS contacts,
                   count(DISTINCT t.channel) AS channels
            FROM speed s LEFT JOIN contacts t USING (complaint_id)
            GROUP BY s.complaint_id, s.grp)
        SELECT grp, avg(contacts), avg(CASE WHEN channels > 1 THEN 1 ELSE 0 END)
        FROM per_complaint GROUP BY grp""")
    (unresolved_contacts, unresolved_switch) = per_group["unresolved"]
    (fast_contacts, fast_switch) = per_group["fast"]
    assert unresolved_contacts > fast_contacts >= 1
    assert unresolved_switch > fast_switch > 0


def test_there_are_dimensions_to_filter_on(cur: duckdb.DuckDBPyConnection) -> None:
    regions, segments, null_regions = one(cur, """
        SELECT count(DISTINCT region), count(DISTINCT segment),
               count(*) FILTER (WHERE region IS NULL) FROM customers""")
    assert regions >= 3 and segments >= 3
    assert null_regions > 0
