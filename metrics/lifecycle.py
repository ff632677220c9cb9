"""Customer lifecycle (METRICS.md section 3): the shared base of every other metric.

The SQL lives in metrics/sql/base.sql, which every metric query starts from;
this function exposes it as a table for pages and tests.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.params import Filters, Params
from metrics.sql import query


def customer_lifecycle(con: duckdb.DuckDBPyConnection, filters: Filters, params: Params) -> pd.DataFrame:
    """One row per customer in the filters who has a signup date or an order.

    Columns: customer_id, customer_name, region, segment, signup_date,
    churn_date, churn_reason, first_active, last_order, lost_on (NULL = still
    a customer at as_of), annual_revenue (orders in the 365 days ending at the
    last order; 0 without orders).
    """
    return query(con, "lifecycle", filters, params)
