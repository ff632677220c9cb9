"""The filters and parameters every metric takes (docs/contract.md section 2).

`Filters` is the frozen value a page or the CLI builds once per run; `Params`
holds the analysis knobs with their contract defaults. `resolve_filters` fills
the date defaults from the whole warehouse, before any region or segment
filter, so a filtered view describes the same period as the unfiltered one.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

import duckdb

from data.periods import BOUNDS_SQL, DASHBOARD_WINDOW, WINDOWS, default_start, window
from metrics.sql import execute_rows

__all__ = ["DASHBOARD_WINDOW", "WINDOWS", "Filters", "Params", "window"]  # the periods are declared in data.periods


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    as_of: date | None = None
    region: str | None = None
    segment: str | None = None

    def dates(self) -> tuple[date, date, date]:
        """(start, end, as_of) of resolved filters; ValueError while any is unset."""
        if self.start is None or self.end is None or self.as_of is None:
            raise ValueError("resolve_filters() first: start, end and as_of must be set")
        return self.start, self.end, self.as_of

    def bind(self) -> dict:
        """The bound parameters every metric query uses ($start, $end, $as_of, $region, $segment)."""
        self.dates()
        return asdict(self)

    def previous(self) -> Filters:
        """The window of equal length just before this one, described as of its own end."""
        start, end, _ = self.dates()
        length = (end - start).days + 1
        prev_end = start - timedelta(days=1)
        return replace(self, start=prev_end - timedelta(days=length - 1), end=prev_end, as_of=prev_end)

    def describe(self) -> str:
        """One line for chart footnotes: window, as-of date, filters."""
        parts = [f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}", f"as of {self.as_of:%Y-%m-%d}"]
        parts.append(f"region: {self.region or 'all'}")
        parts.append(f"segment: {self.segment or 'all'}")
        return " · ".join(parts)


@dataclass(frozen=True)
class Params:
    inactivity_days: int = 180
    horizon_days: int = 365
    fast_hours: float = 24
    dissatisfied_max: int = 2
    large_share: float = 0.8
    min_survey_n: int = 30

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_PARAMS = Params()




def data_bounds(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """(default start, default as_of) of the whole warehouse; None where there is no data.

    GREATEST and LEAST skip NULLs, so a missing table does not blank the others.
    """
    [(as_of, start)] = execute_rows(con, "data_bounds", BOUNDS_SQL)
    return start, as_of


def window_key(first: date, last: date, start: date, as_of: date) -> str | None:
    """The preset whose window is (first, last), or None for a custom window.

    'Last 12 months' wins over 'All history' when both cover the same days.
    """
    order = [DASHBOARD_WINDOW, *(k for k in WINDOWS if k != DASHBOARD_WINDOW)]
    return next((k for k in order if window(k, start, as_of) == (first, last)), None)


def resolve_filters(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> Filters:
    """Fill start, end and as_of from the contract defaults where they are unset."""
    start, as_of = data_bounds(con)
    as_of = filters.as_of or as_of or date.today()
    start = filters.start or start or as_of
    return replace(filters, start=start, end=filters.end or as_of, as_of=as_of)


def resolve_dashboard_filters(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> Filters:
    """Like resolve_filters, but an unset start is the dashboard's: the last 365 days ending at as_of."""
    whole = resolve_filters(con, filters)
    if filters.start is not None:
        return whole
    first, _ = data_bounds(con)
    _, _, as_of = whole.dates()
    return replace(whole, start=default_start(first, as_of))
