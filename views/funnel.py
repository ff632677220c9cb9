"""The lost-customer funnel: how many customers leak out of the bucket, after what, and what
more complaining and faster resolution would keep."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.common import pct
from charts.funnel import money
from data.csvsafe import safe_csv
from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import funnel as content
from ui.filters import current_filters, no_data_message
from ui.language import heading
from ui.pages import page
from ui.slides import deck_button, show

st.title(heading(page("funnel")))
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None:
    st.info(no_data_message())
    st.stop()

row = content.summary(metric, filters, params)
lost = int(row["lost"])
cols = st.columns(4)
cols[0].metric("Customers lost", f"{lost:,}")
cols[1].metric("Churn rate", pct(row["churn_rate"], 1))
cols[2].metric("Annual revenue lost", money(row["annual_revenue_lost"]))
cols[3].metric("Lost without ever complaining", pct(row["lost_silent"] / lost) if lost else "-")
show(content.waterfall(metric, filters, params))

monthly = content.monthly(metric, filters, params)
if monthly is not None:
    show(monthly)

st.subheader("Why they left")
reasons = content.reasons(metric, filters, params)
if reasons is not None:
    show(reasons)
else:
    st.info(content.reasons_note(metric, filters, params))

st.subheader("The complaint journey")
show(content.journey(metric, filters, params))

st.subheader("What if more customers complained and more complaints were fixed fast?")
base = content.baseline(metric, filters, params)
complain = fast = None
if base is None:
    st.info("The number of dissatisfied customers cannot be estimated for these filters, so there is no what-if.")
else:
    p0, q0 = content.default_scenario(base)
    today = content.today_line(metric, filters, params, base)
    left, right = st.columns(2)
    complain = left.slider("Share of dissatisfied customers who complain", 0, 100, round(p0 * 100), format="%d %%",
                           help=today) / 100
    fast = right.slider(f"Share of complaints resolved within {params.fast_hours:g} h", 0, 100, round(q0 * 100),
                        format="%d %%", help=today) / 100
    st.caption(today)
    chart = content.what_if(metric, filters, params, complain, fast)
    extra = chart.data.iloc[1]
    kpi = st.columns(2)
    kpi[0].metric("Customers kept against today", f"{extra['extra_customers']:+,.0f}")
    kpi[1].metric("Annual revenue kept against today", money(extra["extra_revenue"]))
    show(chart)
    if base.benchmarked:
        st.caption("Too few customers to measure " + ", ".join(base.benchmarked)
                   + " (fewer than 30): the what-if uses the TARP benchmark rate for "
                   + ("it" if len(base.benchmarked) == 1 else "them") + ".")

st.subheader("The customers we lost")
SHOWN = 1_000  # rows drawn in the browser; the download has every lost customer
table = content.lost_table(metric, filters, params)
if table.empty:
    st.info("No customer was lost in this window.")
else:
    shown = f"the {SHOWN:,} richest shown, all in the CSV" if len(table) > SHOWN else "richest first"
    st.caption(f"{len(table):,} customers lost in the window ({shown}); complaints in the 365 days before leaving.")
    shown_rows = table.head(SHOWN).assign(  # blanks, not "None", where a customer has no complaint or reason
        last_complaint_at=lambda d: pd.to_datetime(d["last_complaint_at"]).dt.strftime("%Y-%m-%d").fillna(""),
        churn_reason=lambda d: d["churn_reason"].fillna(""))
    st.dataframe(shown_rows, hide_index=True, key="lost-customers", column_config={
        "customer_id": "Customer", "customer_name": "Name", "region": "Region", "segment": "Segment",
        "lost_on": st.column_config.DateColumn("Lost on", format="YYYY-MM-DD"),
        "last_order": st.column_config.DateColumn("Last order", format="YYYY-MM-DD"),
        "annual_revenue": st.column_config.NumberColumn("Annual revenue", format="localized"),
        "lost_class": "Left", "complaints": "Complaints", "escalated": "Escalated", "unresolved": "Unresolved",
        "last_complaint_at": "Last complaint",
        "churn_reason": "Recorded reason"})
    st.download_button("Download the lost customers (CSV)", lambda: safe_csv(table), file_name="lost-customers.csv",
                       mime="text/csv", key="csv-lost-customers", on_click="ignore", icon=":material/download:")

deck_button(N_("Download deck (PPTX)"), "lost-customer-funnel.pptx",
            lambda: content.build(metric, filters, params, complain, fast), key="deck-funnel")
