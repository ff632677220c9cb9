"""The /accounts page on the hand-made sample warehouse: headline, charts and table equal the metrics.

The switch between revenue tiers, deciles and segments changes the charts and
the table; the Region filter changes the numbers; a warehouse without surveys
and contacts renders the page the same way (it needs neither).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import apptest_support
import pytest
from apptest_support import (
    assert_clean,
    compute,
    figures,
    resolved,
    serve_warehouse,
    sidebar_widget,
    without_optional_tables,
)
from sample_warehouse import build_sample


def one_line(fig) -> str:
    """A figure's title as one line (long titles are wrapped with <br>)."""
    return (fig.layout.title.text or "").replace("<br>", " ")

PAGE = "views/accounts.py"

# These checks read the sample's whole history (2023-01-01 .. 2024-12-31), not the default last 365 days.
WHOLE_HISTORY = {"start": "2023-01-01"}
resolved = partial(resolved, start=date(2023, 1, 1))


def run_app(page: str, query: dict[str, str] | None = None):
    return apptest_support.run_app(page, {**WHOLE_HISTORY, **(query or {})})


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("accounts") / "sample.duckdb", build_sample) as path:
        yield path



def check_page(at, path: Path, region: str | None = None, tier_by: str = "revenue") -> None:
    f = resolved(path, region)
    revenue = compute(path, "account_tiers", f, tier_by="revenue")
    tiers = compute(path, "account_tiers", f, tier_by=tier_by)
    headline = at.subheader[0].value
    n = revenue.set_index("tier")["accounts"]
    assert (n < 30).all()  # the sample is tiny: no ratio may be stated
    assert headline == (f"Small accounts vs large accounts: not enough data yet (n = {n['large']} and "
                        f"{n['small']} accounts; 30 needed)")
    # the Pareto curve: the curve's points and the share of large accounts
    curve = compute(path, "pareto_curve", f)
    pareto, service, _ = figures(at)  # page order: Pareto, service and churn, shares
    assert list(pareto.data[0].y)[1:] == pytest.approx(list(curve["revenue_share"]))
    large = revenue.set_index("tier").at["large", "accounts"] / revenue["accounts"].sum()
    total = int(revenue["accounts"].sum())  # the sample has fewer than 30 accounts: no share is stated
    assert one_line(pareto) == f"Revenue by share of accounts: not enough data yet (n = {total} accounts; 30 needed)"
    assert any(a.text == f"<b>{large * 100:.0f} % of accounts</b>" for a in pareto.layout.annotations)
    # service level and churn: one panel per measure, one bar per tier
    panels = {trace.xaxis: list(trace.y) for trace in service.data}
    assert panels["x2"] == pytest.approx([v or 0 for v in tiers["median_resolution_hours"]])
    assert panels["x4"] == pytest.approx([v or 0 for v in tiers["churn_rate"]])
    # the tier table
    table = at.dataframe[0].value
    assert len(table) == len(tiers)
    assert list(table["accounts"]) == list(tiers["accounts"])
    assert list(table["revenue"]) == pytest.approx(list(tiers["revenue"]))


def test_accounts_page_shows_the_metrics(sample: Path) -> None:
    at = run_app(PAGE)
    assert_clean(at)
    assert at.title[0].value == "Small vs large accounts"
    check_page(at, sample)
    # sample: C03 and C08 (and others) carry margins, so the margin share is shown and no note
    assert not any("margin column" in i.value for i in at.info)


def test_switch_to_deciles_and_segments(sample: Path) -> None:
    at = run_app(PAGE)
    for tier_by in ("decile", "segment"):
        at.get("button_group")[0].set_value(tier_by).run()
        assert_clean(at)
        f = resolved(sample)
        tiers = compute(sample, "account_tiers", f, tier_by=tier_by)
        table = at.dataframe[0].value
        assert list(table["tier"]) == list(tiers["tier"])
        assert list(table["accounts"]) == list(tiers["accounts"])


def test_region_filter_changes_the_numbers(sample: Path) -> None:
    at = run_app(PAGE)
    before = at.dataframe[0].value["accounts"].tolist()
    sidebar_widget(at, "Region").set_value("South").run()
    assert_clean(at)
    check_page(at, sample, region="South")
    assert at.dataframe[0].value["accounts"].tolist() != before


def test_without_surveys_and_contacts(tmp_path: Path) -> None:
    with serve_warehouse(tmp_path / "bare.duckdb", without_optional_tables(build_sample)) as path:
        at = run_app(PAGE)
        assert_clean(at)
        check_page(at, path)
