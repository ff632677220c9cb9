"""The lost-customer funnel: how many customers leak out of the bucket, after what, and what
more complaining and faster resolution would keep."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from charts.funnel import money
from data.csvsafe import safe_csv
from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.params import DEFAULT_PARAMS
from ui.cache import metric
from ui.content import funnel as content
from ui.filters import current_filters, no_data_message
from ui.language import current_lang, heading
from ui.pages import page
from ui.slides import deck_button, show

lang = current_lang()
_ = translator(lang)
st.title(heading(page("funnel")))
filters, params = current_filters(), DEFAULT_PARAMS
if filters is None:
    st.info(no_data_message())
    st.stop()

row = content.summary(metric, filters, params)
lost = int(row["lost"])
cols = st.columns(4)
cols[0].metric(_("Customers lost"), fmt.number(lost, lang))
cols[1].metric(_("Churn rate"), fmt.percent(row["churn_rate"], lang, 1))
cols[2].metric(_("Annual revenue lost"), money(row["annual_revenue_lost"], lang))
cols[3].metric(_("Lost without ever complaining"), fmt.percent(row["lost_silent"] / lost, lang) if lost else "-")
show(content.waterfall(metric, filters, params, lang))

monthly = content.monthly(metric, filters, params, lang)
if monthly is not None:
    show(monthly)

st.subheader(_("Why they left"))
reasons = content.reasons(metric, filters, params, lang)
if reasons is not None:
    show(reasons)
else:
    st.info(content.reasons_note(metric, filters, params, lang))

st.subheader(_("The complaint journey"))
show(content.journey(metric, filters, params, lang))

st.subheader(_("What if more customers complained and more complaints were fixed fast?"))
base = content.baseline(metric, filters, params)
complain = fast = None
if base is None:
    st.info(_("The number of dissatisfied customers cannot be estimated for these filters, so there is no what-if."))
else:
    p0, q0 = content.default_scenario(base)
    today = content.today_line(metric, filters, params, base, lang)
    percent = "%d %%" if lang == "en" else "%d%%"  # the slider's value as the language writes a share
    left, right = st.columns(2)
    complain = left.slider(_("Share of dissatisfied customers who complain"), 0, 100, round(p0 * 100), format=percent,
                           help=today) / 100
    fast = right.slider(_("Share of complaints resolved within {hours}").format(hours=fmt.hours(params.fast_hours, lang)),
                        0, 100, round(q0 * 100), format=percent, help=today) / 100
    st.caption(today)
    chart = content.what_if(metric, filters, params, complain, fast, lang)
    assert chart is not None  # a baseline exists, so the what-if does
    extra = chart.data.iloc[1]
    kpi = st.columns(2)
    kpi[0].metric(_("Customers kept against today"), fmt.number(extra["extra_customers"], lang, signed=True))
    kpi[1].metric(_("Annual revenue kept against today"), money(extra["extra_revenue"], lang))
    show(chart)
    if base.benchmarked:
        groups = _(", ").join(content.group_name(g, lang) for g in base.benchmarked)
        st.caption(_.ngettext("Too few customers to measure {groups} (fewer than {needed}): the what-if uses the TARP "
                              "benchmark rate for it.",
                              "Too few customers to measure {groups} (fewer than {needed}): the what-if uses the TARP "
                              "benchmark rate for them.", len(base.benchmarked)).format(groups=groups, needed=30))

st.subheader(_("The customers we lost"))
SHOWN = 1_000  # rows drawn in the browser; the download has every lost customer
table = content.lost_table(metric, filters, params)
if table.empty:
    st.info(_("No customer was lost in this window."))
else:
    count = fmt.number(len(table), lang)
    st.caption((_("{n} customers lost in the window (the {shown} richest shown, all in the CSV); complaints in the "
                  "365 days before leaving.") if len(table) > SHOWN else
                _("{n} customers lost in the window (richest first); complaints in the 365 days before leaving."))
               .format(n=count, shown=fmt.number(SHOWN, lang)))
    shown_rows = table.head(SHOWN).assign(  # blanks, not "None", where a customer has no complaint or reason
        last_complaint_at=lambda d: pd.to_datetime(d["last_complaint_at"]).dt.strftime("%Y-%m-%d").fillna(""),
        churn_reason=lambda d: d["churn_reason"].fillna(""),
        lost_class=lambda d: d["lost_class"].map(lambda k: content.lost_class(k, lang)))
    st.dataframe(shown_rows, hide_index=True, key="lost-customers", column_config={
        "customer_id": _("Customer"), "customer_name": _("Name"), "region": _("Region"), "segment": _("Segment"),
        "lost_on": st.column_config.DateColumn(_("Lost on"), format="YYYY-MM-DD"),
        "last_order": st.column_config.DateColumn(_("Last order"), format="YYYY-MM-DD"),
        "annual_revenue": st.column_config.NumberColumn(_("Annual revenue"), format="localized"),
        "lost_class": _.pgettext("lost customers table", "Left"), "complaints": _("Complaints"),
        "escalated": _("Escalated"), "unresolved": _("Unresolved"), "last_complaint_at": _("Last complaint"),
        "churn_reason": _("Recorded reason")})
    st.download_button(_("Download the lost customers (CSV)"), lambda: safe_csv(table), file_name="lost-customers.csv",
                       mime="text/csv", key="csv-lost-customers", on_click="ignore", icon=":material/download:")

deck_button(N_("Download deck (PPTX)"), "lost-customer-funnel.pptx",
            partial(content.build, metric, filters, params, complain, fast, lang), key="deck-funnel")
