"""The lost-customer funnel: how many customers leak out of the bucket, after what, and what
more complaining and faster resolution would keep."""
from __future__ import annotations

import streamlit as st

from data.csvsafe import safe_csv
from charts.funnel import money
from charts.common import pct
from metrics.params import DEFAULT_PARAMS
from ui.content import funnel as content
from ui.filters import current_filters
from ui.slides import deck_button, show

st.title("The lost-customer funnel")
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None or not content.has_customers():
    st.info("No customers yet: build the demo warehouse or upload customers and orders.")
    st.stop()

row = content.summary(filters, params)
lost = int(row["lost"])
cols = st.columns(4)
cols[0].metric("Customers lost", f"{lost:,}")
cols[1].metric("Churn rate", pct(row["churn_rate"], 1))
cols[2].metric("Annual revenue lost", money(row["annual_revenue_lost"]))
cols[3].metric("Lost without ever complaining", pct(row["lost_silent"] / lost) if lost else "-")
show(content.waterfall(filters, params))

monthly = content.monthly(filters, params)
if monthly is not None:
    show(monthly)

st.subheader("Why they left")
reasons = content.reasons(filters, params)
if reasons is not None:
    show(reasons)
else:
    st.info(content.reasons_note(filters, params))

st.subheader("The complaint journey")
show(content.journey(filters, params))

st.subheader("What if more customers complained and more complaints were fixed fast?")
base = content.baseline(filters, params)
complain = fast = None
if base is None:
    st.info("The number of dissatisfied customers cannot be estimated for these filters, so there is no what-if.")
else:
    p0, q0 = content.default_scenario(base)
    left, right = st.columns(2)
    complain = left.slider("Share of dissatisfied customers who complain", 0, 100, round(p0 * 100), format="%d %%",
                           help=f"Today: {pct(base.complain_share)}") / 100
    fast = right.slider(f"Share of complaints resolved within {params.fast_hours:g} h", 0, 100, round(q0 * 100),
                        format="%d %%", help=f"Today: {pct(base.fast_share)}") / 100
    st.caption(f"Today {pct(base.complain_share)} of dissatisfied customers complain and {pct(base.fast_share)} "
               f"of complaints are resolved within {params.fast_hours:g} h.")
    chart = content.what_if(filters, params, complain, fast)
    extra = chart.data.iloc[1]
    kpi = st.columns(2)
    kpi[0].metric("Customers kept against today", f"{extra['extra_customers']:+,.0f}")
    kpi[1].metric("Annual revenue kept against today", money(extra["extra_revenue"]))
    show(chart)
    if base.benchmarked:
        st.caption("Too few customers to measure " + ", ".join(base.benchmarked)
                   + f" (fewer than 30): the what-if uses the TARP benchmark rate for "
                   + ("it" if len(base.benchmarked) == 1 else "them") + ".")

st.subheader("The customers we lost")
SHOWN = 1_000  # rows drawn in the browser; the download has every lost customer
table = content.lost_table(filters, params)
if table.empty:
    st.info("No customer was lost in this window.")
else:
    shown = f"the {SHOWN:,} richest shown, all in the CSV" if len(table) > SHOWN else "richest first"
    st.caption(f"{len(table):,} customers lost in the window ({shown}); complaints in the 365 days before leaving.")
    st.dataframe(table.head(SHOWN), hide_index=True, key="lost-customers", column_config={
        "customer_id": "Customer", "customer_name": "Name", "region": "Region", "segment": "Segment",
        "lost_on": st.column_config.DateColumn("Lost on", format="YYYY-MM-DD"),
        "last_order": st.column_config.DateColumn("Last order", format="YYYY-MM-DD"),
        "annual_revenue": st.column_config.NumberColumn("Annual revenue", format="localized"),
        "lost_class": "Left", "complaints": "Complaints", "escalated": "Escalated", "unresolved": "Unresolved",
        "last_complaint_at": st.column_config.DatetimeColumn("Last complaint", format="YYYY-MM-DD"),
        "churn_reason": "Recorded reason"})
    st.download_button("Download the lost customers (CSV)", lambda: safe_csv(table), file_name="lost-customers.csv",
                       mime="text/csv", key="csv-lost-customers", on_click="ignore", icon=":material/download:")

deck_button("Download deck (PPTX)", "lost-customer-funnel.pptx",
            lambda: content.build(filters, params, complain, fast), key="deck-funnel")
