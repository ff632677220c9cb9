"""Small vs large accounts: do the accounts outside the top 80 % of revenue get worse service,
and do they leave more often?"""
from __future__ import annotations

from functools import partial

import streamlit as st

from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import accounts as content
from ui.filters import current_filters, no_data_message
from ui.language import current_lang, heading
from ui.pages import page
from ui.slides import deck_button, show

lang = current_lang()
_ = translator(lang)
st.title(heading(page("accounts")))
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None:
    st.info(no_data_message())
    st.stop()
if not content.has_accounts(metric, filters, params):
    st.info(_("No account has revenue for these filters: upload orders (or widen the filters) to rank accounts."))
    st.stop()

st.subheader(content.headline(metric, filters, params, lang))
st.caption(_("Large accounts make up the top {share} of revenue in the window; small accounts are all the others."
             ).format(share=fmt.percent(params.large_share, lang)))
show(content.pareto(metric, filters, params, lang))

tier_by = st.segmented_control(_("Compare"), list(content.TIER_BY), format_func=partial(content.tier_by_label, lang=lang),
                               default="revenue", key="tier-by") or "revenue"
for note in content.notes(metric, filters, params, tier_by, lang):
    st.info(note)
show(content.service(metric, filters, params, tier_by, lang))
show(content.shares(metric, filters, params, tier_by, lang))

st.subheader(_("The tiers"))
st.dataframe(content.table(metric, filters, params, tier_by, lang), hide_index=True, key="tier-table", column_config={
    "tier": _("Tier"), "accounts": st.column_config.NumberColumn(_("Accounts"), format="localized"),
    "revenue": st.column_config.NumberColumn(_("Revenue"), format="localized"),
    "revenue_share": st.column_config.NumberColumn(_("Revenue share"), format="percent"),
    "complaints": _("Complaints"),
    "complaints_per_100": st.column_config.NumberColumn(_("Complaints per 100 accounts"), format="%.1f"),
    "median_first_response_hours": st.column_config.NumberColumn(_("Median first response (h)"), format="%.1f"),
    "median_resolution_hours": st.column_config.NumberColumn(_("Median resolution (h)"), format="%.1f"),
    "resolved_share": st.column_config.NumberColumn(_.pgettext("share of complaints", "Resolved"), format="percent"),
    "churn_rate": st.column_config.NumberColumn(_("Churn rate"), format="percent"),
    "annual_revenue_lost": st.column_config.NumberColumn(_("Annual revenue lost"), format="localized"),
    "margin": st.column_config.NumberColumn(_("Margin"), format="localized"),
    "margin_share": st.column_config.NumberColumn(_("Margin share"), format="percent")})

deck_button(N_("Download deck (PPTX)"), "small-vs-large-accounts.pptx",
            partial(content.build, metric, filters, params, tier_by, lang), key="deck-accounts")
