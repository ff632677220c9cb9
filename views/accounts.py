"""Small vs large accounts: do the accounts outside the top 80 % of revenue get worse service,
and do they leave more often?"""
from __future__ import annotations

import streamlit as st

from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import accounts as content
from ui.filters import current_filters, no_data_message
from ui.language import heading
from ui.pages import page
from ui.slides import deck_button, show

st.title(heading(page("accounts")))
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None:
    st.info(no_data_message())
    st.stop()
if not content.has_accounts(metric, filters, params):
    st.info("No account has revenue for these filters: upload orders (or widen the filters) to rank accounts.")
    st.stop()

st.subheader(content.headline(metric, filters, params))
st.caption(f"Large accounts make up the top {params.large_share:.0%} of revenue in the window; "
           "small accounts are all the others.")
show(content.pareto(metric, filters, params))

tier_by = st.segmented_control("Compare", list(content.TIER_BY), format_func=content.TIER_BY.get,
                               default="revenue", key="tier-by") or "revenue"
for note in content.notes(metric, filters, params, tier_by):
    st.info(note)
show(content.service(metric, filters, params, tier_by))
show(content.shares(metric, filters, params, tier_by))

st.subheader("The tiers")
st.dataframe(content.table(metric, filters, params, tier_by), hide_index=True, key="tier-table", column_config={
    "tier": "Tier", "accounts": st.column_config.NumberColumn("Accounts", format="localized"),
    "revenue": st.column_config.NumberColumn("Revenue", format="localized"),
    "revenue_share": st.column_config.NumberColumn("Revenue share", format="percent"),
    "complaints": "Complaints",
    "complaints_per_100": st.column_config.NumberColumn("Complaints per 100 accounts", format="%.1f"),
    "median_first_response_hours": st.column_config.NumberColumn("Median first response (h)", format="%.1f"),
    "median_resolution_hours": st.column_config.NumberColumn("Median resolution (h)", format="%.1f"),
    "resolved_share": st.column_config.NumberColumn("Resolved", format="percent"),
    "churn_rate": st.column_config.NumberColumn("Churn rate", format="percent"),
    "annual_revenue_lost": st.column_config.NumberColumn("Annual revenue lost", format="localized"),
    "margin": st.column_config.NumberColumn("Margin", format="localized"),
    "margin_share": st.column_config.NumberColumn("Margin share", format="percent")})

deck_button(N_("Download deck (PPTX)"), "small-vs-large-accounts.pptx",
            lambda: content.build(metric, filters, params, tier_by), key="deck-accounts")
