"""Chart builders of the funnel, accounts and effort pages: findings in the title, values printed,
benchmarks labelled with their source, footnote inside, and no failure on empty data."""
from __future__ import annotations

import pandas as pd
import pytest

import charts.accounts as ca
import charts.effort as ce
import charts.funnel as cf
from metrics import whatif


def one_line(fig) -> str:
    """A figure's title as one line (long titles are wrapped with <br>)."""
    return (fig.layout.title.text or "").replace("<br>", " ")

NOTE = "2024-01-01 to 2024-12-31 · as of 2024-12-31 · region: all · segment: all<br>n = 10"

FUNNEL = {"start_active": 100, "new": 20, "lost": 30, "end_active": 90, "churn_rate": 0.25, "lost_silent": 24,
          "lost_after_unresolved": 4, "lost_after_resolved": 2, "annual_revenue_lost": 1_234_567.0}


def footnote_of(fig) -> str:
    return fig.layout.annotations[-1].text


def test_money_and_counts() -> None:
    assert cf.money(3_671_989) == "3.67 M" and cf.money(367_353) == "367 k" and cf.money(950) == "950"
    assert cf.money(None) == "n/a"
    assert cf.customers(1) == "1 customer" and cf.customers(3906) == "3,906 customers"


def test_leaky_bucket_states_the_loss_and_prints_signed_steps() -> None:
    fig = cf.leaky_bucket(FUNNEL, NOTE)
    assert one_line(fig) == "We lost 30 customers (25.0 %) worth 1.23 M a year; 80 % of them never complained"
    assert list(fig.data[0].y) == [100, 20, -24, -4, -2, 90]
    assert list(fig.data[0].text) == ["100", "+20", "\u221224", "\u22124", "\u22122", "90"]
    assert fig.layout.yaxis.title.text == "customers"
    assert "n = 10" in footnote_of(fig)


def test_leaky_bucket_without_losses() -> None:
    fig = cf.leaky_bucket(FUNNEL | {"lost": 0, "lost_silent": 0, "lost_after_unresolved": 0,
                                    "lost_after_resolved": 0, "end_active": 120}, NOTE)
    assert one_line(fig) == "No customers were lost in this window"


def test_new_vs_lost_cuts_the_outlier_month_and_prints_its_value() -> None:
    months = pd.date_range("2024-01-01", periods=6, freq="MS")
    df = pd.DataFrame({"month": months, "new": [4000, 40, 30, 30, 30, 30], "lost": [1, 10, 20, 40, 40, 40]})
    fig = cf.new_vs_lost(df, NOTE)
    assert one_line(fig) == ("Last 3 complete months: 30 new and 40 lost customers a month; "
                                     "the base is shrinking")
    # a month cut by the window is left out of the comparison: the 3 months before it are roughly flat
    cut = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=4, freq="MS"), "new": [30, 30, 30, 5],
                        "lost": [31, 30, 29, 40], "complete": [True, True, True, False]})
    assert one_line(cf.new_vs_lost(cut, NOTE)) == (
        "Last 3 complete months: 30 new and 30 lost customers a month; about as many won as lost")
    assert max(fig.data[0].y) < 4000                       # cut at the top of the axis...
    assert any(a.text.startswith("4,000") for a in fig.layout.annotations)  # ...with its value printed
    assert list(fig.data[1].y) == [-1, -10, -20, -40, -40, -40]


def test_churn_reasons_draws_recorded_ones_and_counts_the_rest() -> None:
    df = pd.DataFrame({"reason": ["not recorded", "price", "moved"], "customers": [60, 30, 10],
                       "annual_revenue_lost": [600.0, 30_000.0, 100.0]})
    fig = cf.churn_reasons(df, NOTE)
    assert list(fig.data[0].y) == ["moved", "price"]      # smallest at the bottom, 'not recorded' left out
    assert one_line(fig) == "'price' is the most recorded reason for leaving (30 customers)"
    assert fig.layout.title.subtitle.text.startswith("60 of 100 lost customers (60 %)")
    # 3 + 1 recorded reasons: the bars stay, the title names no leader
    few = cf.churn_reasons(df.assign(customers=[6, 3, 1]), NOTE)
    assert one_line(few) == "Recorded reasons for leaving: not enough data yet (n = 4 customers; 30 needed)"
    assert list(fig.data[0].text) == ["10 · 100", "30 · 30 k"]


def test_journey_marks_the_estimate() -> None:
    groups = pd.DataFrame({"group": ["silent", "unresolved", "resolved", "fast"], "customers": [0, 10, 20, 10],
                           "retained": [0, 2, 12, 9], "rate": [None, 0.2, 0.6, 0.9]})
    stages = whatif.journey_stages({"complainers": 50, "total_dissatisfied_est": 200}, groups)
    fig = cf.journey(stages, NOTE, cohort=40)
    assert list(fig.data[0].y)[0] == "Dissatisfied (estimate)"
    assert list(fig.data[0].x) == [200, 50, 30, 10, 23]
    assert one_line(fig) == ("25 % of dissatisfied customers complain; 25 % of the 40 complainers "
                                     "followed up had their complaint resolved within 24 h")
    # silent layer from the benchmark, 6 followed up: no share is stated as the company's
    few = whatif.journey_stages({"complainers": 24, "total_dissatisfied_est": 77}, groups.assign(
        customers=[0, 2, 3, 1]))
    fig = cf.journey(few, NOTE, cohort=6, measured=False)
    assert one_line(fig) == ("The complaint journey: not enough data yet (n = 6 complainers followed up; "
                                     "30 needed)")
    assert list(fig.data[0].text)[1] == "24"  # not "31 % of the dissatisfied": that is 1 - the benchmark


def test_whatif_chart_compares_today() -> None:
    groups = pd.DataFrame({"group": ["silent", "unresolved", "resolved", "fast"], "customers": [100, 50, 150, 100],
                           "retained": [20, 15, 105, 90], "rate": [0.2, 0.3, 0.7, 0.9]})
    base = whatif.baseline({"complainers": 310, "total_dissatisfied_est": 1000}, groups,
                           {"lost": 200, "annual_revenue_lost": 400_000.0})
    assert base is not None
    fig = cf.whatif(whatif.scenario(base, 0.5, 0.8), NOTE)
    assert one_line(fig) == "This what-if would keep 165 more customers, worth 330 k a year"
    assert list(fig.data[0].y) == pytest.approx([355, 520])
    assert list(fig.data[0].text) == ["355 kept (36 %)", "520 kept (52 %)"]


TIERS = pd.DataFrame({
    "tier": ["large", "small"], "accounts": [20, 80], "revenue": [800.0, 200.0], "revenue_share": [0.8, 0.2],
    "complaints": [10, 40], "complaints_per_100": [50.0, 50.0], "median_first_response_hours": [2.0, 8.0],
    "median_resolution_hours": [10.0, 30.0], "resolved_share": [0.9, 0.7], "churn_rate": [0.1, 0.2],
    "annual_revenue_lost": [50.0, 40.0], "margin": [None, None], "margin_share": [None, None]}).astype(
    {"margin": object, "margin_share": object})


# Enough in both tiers to state both ratios: 40 and 160 accounts; 36 and 42 resolved complaints.
BIG_TIERS = TIERS.assign(accounts=[40, 160], complaints=[40, 60])


def test_neglect_headline_and_service_panels() -> None:
    assert ca.neglect_headline(BIG_TIERS) == ("Small accounts wait 3.0x longer for a resolution and leave 2.0x "
                                              "as often as large ones")
    # 20 large accounts, 9 and 28 resolved complaints: neither ratio may be stated
    assert ca.neglect_headline(TIERS) == ("Small accounts vs large accounts: not enough data yet "
                                          "(n = 20 and 80 accounts; 30 needed)")
    # enough accounts but 9 resolved large-account complaints: only the churn ratio, the wait named as short
    assert ca.neglect_headline(TIERS.assign(accounts=[40, 160])) == (
        "Small accounts leave 2.0x as often as large ones; resolution times: not enough data yet "
        "(n = 9 and 28 resolved complaints; 30 needed)")
    fig = ca.service_and_churn(TIERS, NOTE)
    assert [list(t.y) for t in fig.data] == [[2.0, 8.0], [10.0, 30.0], [0.9, 0.7], [0.1, 0.2]]
    assert list(fig.data[1].text) == ["10.0 h", "30.0 h"] and list(fig.data[3].text) == ["10 %", "20 %"]


def test_pareto_and_shares_without_margins() -> None:
    curve = pd.DataFrame({"rank": [1, 20, 100], "account_share": [0.01, 0.2, 1.0], "revenue_share": [0.3, 0.8, 1.0]})
    fig = ca.pareto(curve, TIERS, 0.8, NOTE)
    assert one_line(fig) == "20 % of accounts bring 80 % of revenue; the other 80 % still bring 20 %"
    shares = ca.shares(TIERS, NOTE)
    assert list(shares.data[0].y) == ["Revenue", "Accounts"]  # no margin row without margins
    assert one_line(shares) == "Small accounts are 80 % of accounts and bring 20 % of revenue"
    assert any("80/20 rule" in a.text for a in shares.layout.annotations)


def test_decile_tiers_compare_the_poorest_with_the_richest() -> None:
    deciles = pd.concat([BIG_TIERS.assign(tier=["D1", "D2"])] * 1, ignore_index=True)
    assert ca.neglect_headline(deciles) == "D2 wait 3.0x longer for a resolution and leave 2.0x as often as D1"


def test_effort_builders() -> None:
    summary = {"repeat_contact_rate": 0.186, "channel_switch_rate": 0.433}
    drivers = ce.drivers(summary, NOTE)
    assert one_line(drivers).startswith("18.6 % of contacts are followed by another within 7 days")
    assert "HBR 2010: 62 %" in drivers.data[1].text[0]
    dist = pd.DataFrame({"effort_score": range(1, 8), "responses": [40, 30, 10, 10, 0, 0, 10]})
    dist["share"] = dist["responses"] / 100
    fig = ce.distribution(dist, NOTE)
    assert one_line(fig) == "80 % of customers rate their effort low (1-3); 10 % rate it high (6-7)"
    few = dist.assign(responses=[4, 3, 1, 1, 0, 0, 1])
    assert one_line(ce.distribution(few, NOTE)) == ("Effort scores: not enough data yet "
                                                            "(n = 10 survey answers; 30 needed)")
    bands = pd.DataFrame({"band": list(ce.BAND_LABELS), "customers": [100, 50, 40], "retained": [80, 20, 8],
                          "rate": [0.8, 0.4, 0.2], "ci_low": [0.7, 0.3, 0.1], "ci_high": [0.9, 0.5, 0.3]})
    ret = ce.retention(bands, 365, NOTE)
    assert one_line(ret) == "Low-effort customers stayed at 80 %, high-effort ones at 20 %"
    assert ret.data[1].y[0] == 0.94  # HBR marker on the low band
    thin = ce.retention(bands.assign(customers=[10, 5, 4]), 365, NOTE)
    assert "too few" in one_line(thin)


def test_a_service_panel_without_any_value_is_not_drawn() -> None:
    no_response = BIG_TIERS.assign(median_first_response_hours=[None, None]).astype(
        {"median_first_response_hours": object})
    fig = ca.service_and_churn(no_response, NOTE)
    panels = [a.text for a in fig.layout.annotations if a.name != "footnote"]
    assert panels == ["Resolution time", "Resolved", "Accounts lost"]
    assert len(fig.data) == 3
