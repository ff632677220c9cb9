"""The shared filters live in the URL: a copied link reproduces the view.

The pure half (ui.filters.filters_from_query / query_from_filters) is checked
with examples and hypothesis properties: the round trip is stable, defaults are
left out of the link, malformed or inverted dates fall back to the defaults.
The Streamlit half runs dashboard.py under AppTest: query parameters set the
sidebar widgets, and changing a widget writes the URL back.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from apptest_support import (
    run_app,
    serve_warehouse,
    sidebar_values,
    sidebar_widget,
    small_demo,
)
from hypothesis import given
from hypothesis import strategies as st

from metrics.params import Filters, window, window_key
from ui.filters import filters_from_query, query_from_filters

START, AS_OF = date(2023, 11, 1), date(2026, 10, 31)
LAST_365 = date(2025, 11, 1)  # AS_OF - 364 days: the dashboard opens on the last 365 days
DEFAULTS = Filters(start=LAST_365, end=AS_OF, as_of=AS_OF)


def parse(query: dict[str, str]) -> Filters:
    return filters_from_query(query, START, AS_OF)


def link(f: Filters) -> dict[str, str]:
    return query_from_filters(f, START, AS_OF)


# -- The pure functions.

def test_empty_query_gives_the_defaults_and_an_empty_link() -> None:
    assert parse({}) == DEFAULTS
    assert link(DEFAULTS) == {}


def test_a_full_link_round_trips() -> None:
    query = {"start": "2024-02-29", "end": "2025-12-31", "region": "North", "segment": "Enterprise"}
    assert parse(query) == Filters(date(2024, 2, 29), date(2025, 12, 31), AS_OF, "North", "Enterprise")
    assert link(parse(query)) == query


@pytest.mark.parametrize("query", [
    {"start": LAST_365.isoformat()}, {"end": AS_OF.isoformat()}, {"region": ""}, {"segment": ""},
], ids=["start", "end", "region", "segment"])
def test_default_values_are_left_out_of_the_link(query: dict[str, str]) -> None:
    assert link(parse(query)) == {}


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-02-30", "yesterday", "20240101x", "", "2024-1"])
def test_malformed_dates_fall_back_to_the_defaults(bad: str) -> None:
    assert parse({"start": bad, "end": bad, "region": "North"}) == Filters(
        LAST_365, AS_OF, AS_OF, region="North")


def test_end_before_start_falls_back_to_the_default_window() -> None:
    assert parse({"start": "2025-06-01", "end": "2025-05-31"}) == DEFAULTS


def test_dates_outside_the_data_are_clamped() -> None:
    f = parse({"start": "1999-01-01", "end": "2099-01-01"})
    assert (f.start, f.end) == (START, AS_OF)
    assert link(f) == {"start": START.isoformat()}  # all history differs from the default window


def test_unknown_keys_are_dropped() -> None:
    assert link(parse({"utm_source": "mail", "region": "West"})) == {"region": "West"}


days = st.integers(0, (AS_OF - START).days).map(lambda n: START + timedelta(days=n))
labels = st.none() | st.text(min_size=1, max_size=20)


@given(a=days, b=days, region=labels, segment=labels)
def test_valid_filters_survive_the_round_trip(a: date, b: date, region: str | None,
                                              segment: str | None) -> None:
    f = Filters(min(a, b), max(a, b), AS_OF, region, segment)
    assert parse(link(f)) == f


date_like = st.dates(date(1990, 1, 1), date(2100, 1, 1)).map(date.isoformat) | st.text(max_size=12)
queries = st.dictionaries(st.sampled_from(["start", "end", "region", "segment", "other"]),
                          date_like, max_size=5)


@given(query=queries)
def test_any_query_normalises_to_a_stable_link(query: dict[str, str]) -> None:
    once = link(parse(query))
    assert link(parse(once)) == once
    assert once.get("start") != LAST_365.isoformat() and once.get("end") != AS_OF.isoformat()
    again = parse(once)
    assert again.start is not None and again.end is not None
    assert START <= again.start <= again.end <= AS_OF


# -- The sidebar under AppTest, on a small demo warehouse.

@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("filters") / "demo.duckdb", small_demo()) as path:
        yield path


LINK = {"start": "2025-01-01", "end": "2025-06-30", "region": "North", "segment": "Enterprise"}


def test_query_params_set_the_sidebar_widgets(demo_app: Path) -> None:
    at = run_app(query=LINK)
    assert not at.exception
    assert sidebar_values(at) == {"Period": "custom", "Region": "North", "Segment": "Enterprise",
                                  "Date window": (date(2025, 1, 1), date(2025, 6, 30))}
    assert at.query_params == {**LINK, "lang": "en"}  # the language is always in the URL


def test_changing_the_region_writes_the_url(demo_app: Path) -> None:
    at = run_app()
    assert at.query_params == {"lang": "en"}  # the language is always in the URL
    sidebar_widget(at, "Region").select("South").run()
    assert at.query_params == {"region": "South", "lang": "en"}  # the language is always in the URL


def test_changing_the_window_writes_the_url(demo_app: Path) -> None:
    at = run_app(query={"segment": "Enterprise"})
    sidebar_widget(at, "Date window").set_value((date(2024, 1, 1), date(2024, 12, 31))).run()
    assert at.query_params == {"start": "2024-01-01", "end": "2024-12-31", "segment": "Enterprise", "lang": "en"}  # the language is always in the URL


def test_every_change_reaches_the_url_not_only_the_first(demo_app: Path) -> None:
    at = run_app()
    for region in ("South", "West", "All"):
        sidebar_widget(at, "Region").select(region).run()
        assert sidebar_widget(at, "Region").value == region
    assert at.query_params == {"lang": "en"}  # the language is always in the URL
    for picked in [(date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 3, 31))]:
        sidebar_widget(at, "Date window").set_value(picked).run()
        assert sidebar_widget(at, "Date window").value == picked
    assert at.query_params == {"start": "2025-01-01", "end": "2025-03-31", "lang": "en"}  # the language is always in the URL


def test_an_unknown_region_in_a_link_falls_back_to_all(demo_app: Path) -> None:
    at = run_app(query={"region": "Atlantis"})
    assert not at.exception
    assert sidebar_values(at)["Region"] == "All"
    assert at.query_params == {"lang": "en"}  # the language is always in the URL


def test_the_filters_follow_the_user_to_another_page(demo_app: Path) -> None:
    at = run_app(page="views/iceberg.py", query={"region": "North"})
    assert not at.exception
    assert sidebar_values(at)["Region"] == "North"
    assert at.query_params == {"region": "North", "lang": "en"}  # the language is always in the URL


# -- The preset windows (docs/contract.md section 2), worked out by hand for AS_OF = 2026-10-31.

@pytest.mark.parametrize("key, first", [
    ("3m", date(2026, 8, 2)),     # 91 days: 30 in August (2-31) + 30 in September + 31 in October
    ("6m", date(2026, 5, 3)),     # 182 days: 29 (May 3-31) + 30 + 31 + 31 + 30 + 31
    ("12m", LAST_365),            # 365 days
    ("ytd", date(2026, 1, 1)),
    ("all", START),
])
def test_preset_windows_end_at_as_of(key: str, first: date) -> None:
    assert window(key, START, AS_OF) == (first, AS_OF)
    assert window_key(first, AS_OF, START, AS_OF) == key


def test_presets_never_start_before_the_data() -> None:
    late_start = date(2026, 9, 1)
    assert window("12m", late_start, AS_OF) == (late_start, AS_OF)
    assert window_key(late_start, AS_OF, late_start, AS_OF) == "12m"  # the default wins a tie
    assert window_key(date(2026, 9, 2), AS_OF, late_start, AS_OF) is None  # custom


def test_the_app_opens_on_the_last_365_days(demo_app: Path) -> None:
    at = run_app()
    values = sidebar_values(at)
    assert values["Period"] == "12m"
    first, last = values["Date window"]
    assert (last - first).days == 364
    assert at.query_params == {"lang": "en"}  # the language is always in the URL


def test_a_preset_sets_the_window_and_the_link(demo_app: Path) -> None:
    at = run_app()
    first, as_of = sidebar_values(at)["Date window"]
    sidebar_widget(at, "Period").select("ytd").run()
    assert sidebar_values(at)["Date window"] == (date(as_of.year, 1, 1), as_of)
    assert at.query_params == {"start": f"{as_of.year}-01-01", "lang": "en"}  # the language is always in the URL
    sidebar_widget(at, "Date window").set_value((date(as_of.year, 1, 2), as_of)).run()
    assert sidebar_values(at)["Period"] == "custom"


def test_a_page_switch_that_drops_the_query_keeps_the_filters(demo_app: Path) -> None:
    at = run_app()
    sidebar_widget(at, "Region").select("South").run()
    at.switch_page("views/funnel.py").run()  # AppTest's switch, like Streamlit's, clears the query
    assert not at.exception
    assert sidebar_values(at)["Region"] == "South"
    assert at.query_params == {"region": "South", "lang": "en"}  # the language is always in the URL
