"""The warehouse's periods: its data bounds and the dashboard's preset windows (docs/contract.md section 2).

Declared here, below metrics/, because the facts rebuilt at load time (data/facts.py) store
the accounts' ranking of the pages' default window, which these define; metrics.params
re-exports them for the pages.
"""
from __future__ import annotations

from datetime import date, timedelta

from i18n.catalog import N_

# as_of: the latest event in the warehouse; start: the earliest signup or order (one row).
BOUNDS_SQL = """
SELECT
    -- as_of: the latest event in the warehouse
    GREATEST((SELECT MAX(order_date) FROM orders),
             (SELECT CAST(MAX(opened_at) AS DATE) FROM complaints),
             (SELECT CAST(MAX(responded_at) AS DATE) FROM surveys)) AS as_of,
    -- start: the earliest signup or order
    LEAST((SELECT MIN(signup_date) FROM customers),
          (SELECT MIN(order_date) FROM orders)) AS start
"""

# The dashboard's windows (docs/contract.md section 2): the pages open on the last 365 days.
DASHBOARD_WINDOW = "12m"
WINDOWS = {  # key: (label, a msgid translated where shown; days ending at as_of; None = see window())
    "3m": (N_("Last 3 months"), 91),
    "6m": (N_("Last 6 months"), 182),
    "12m": (N_("Last 12 months"), 365),
    "ytd": (N_("Year to date"), None),
    "all": (N_("All history"), None),
}


def window(key: str, start: date, as_of: date) -> tuple[date, date]:
    """(first, last) day of the preset window `key` ending at as_of, never before the data's start."""
    days = WINDOWS[key][1]
    if key == "all":
        first = start
    elif key == "ytd":
        first = date(as_of.year, 1, 1)
    else:
        assert days is not None, f"window {key!r} has a length"
        first = as_of - timedelta(days=days - 1)
    return max(first, start), as_of


def default_start(start: date | None, as_of: date) -> date:
    """Where the pages' default window starts (the last 365 days ending at as_of, never before the
    data's start): the window the pages open on, and the one whose account ranking the facts store."""
    return window(DASHBOARD_WINDOW, start or as_of, as_of)[0]
