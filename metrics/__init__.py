"""Pure metric functions over the warehouse (no Streamlit).

Each takes a DuckDB connection or cursor, the `Filters` (resolved: start, end
and as_of set), the `Params`, and options as keywords; each returns a tidy
DataFrame whose grain and columns its docstring states.
"""
from metrics.accounts import account_tiers, neglect_ratios, pareto_curve
from metrics.effort import effort_distribution, effort_summary, retention_by_effort, scored_followed_up
from metrics.funnel import churn_reasons, funnel, funnel_monthly, lost_customers
from metrics.iceberg import complaint_mix, complaint_trend, iceberg
from metrics.inventory import dimension_values, table_counts
from metrics.overview import complaint_stats, overview
from metrics.resolution import (followed_up, resolution_cohort, retention_buckets, retention_curves,
                                retention_groups, silent_cohort)
from metrics import whatif  # the what-if model: pure arithmetic on the metrics above

__all__ = [
    "account_tiers", "churn_reasons", "complaint_mix", "complaint_stats", "complaint_trend", "dimension_values",
    "effort_distribution", "effort_summary", "followed_up", "funnel", "funnel_monthly", "iceberg", "lost_customers",
    "neglect_ratios", "overview", "pareto_curve", "resolution_cohort", "retention_buckets", "retention_by_effort",
    "retention_curves", "retention_groups", "scored_followed_up", "silent_cohort", "table_counts", "whatif",
]
