"""The starter messages: page titles, navigation, sidebar, KPI, widget and table labels of today's pages.

The pages do not wrap their strings yet (that is the next step, docs/i18n.md
"Wrapping the pages"), so `pybabel extract` cannot find these texts in them.
They are declared here, each exactly as the pages write it today, so the
catalogs carry their Chinese translations from the start and
`pybabel update` does not drop them. When a page wraps a string, the msgid
is the same and the translation is reused; delete each entry from this
module once its page wraps it (the module goes when the wrapping is done).
Nothing imports this module.
"""
from __future__ import annotations

from i18n.catalog import N_

# dashboard.py: the browser tab, the navigation sections and pages
NAVIGATION = (
    N_("Complaint & retention"), N_("Views"), N_("Data"),
    N_("Overview"), N_("Complaint iceberg"), N_("Resolution speed"), N_("Lost customers"),
    N_("Small vs large accounts"), N_("Customer effort"), N_("Upload extracts"),
)
# views/*.py: st.title and st.subheader
PAGE_TITLES = (
    N_("How many customers are we losing, and why?"), N_("The complaint iceberg"),
    N_("Retention by resolution speed"), N_("The lost-customer funnel"),
    N_("What the data says"), N_("Why they left"), N_("The complaint journey"), N_("The customers we lost"),
    N_("The tiers"), N_("How hard customers say it was"), N_("Load history"),
)
# ui/filters.py, ui/slides.py, ui/auth.py: the sidebar and the download buttons
SIDEBAR = (
    N_("Filters"), N_("Date window"), N_("Region"), N_("Segment"), N_("All"),
    N_("The warehouse is empty: build the demo (`make run`) or upload extracts."),
    N_("Download data (CSV)"), N_("Download deck (PPTX)"), N_("Download deck: all pages (PPTX)"),
    N_("Analyst access"), N_("Log in"), N_("Log out"), N_("Signed in as {email}"), N_("Analyst passcode"),
    N_("Analysts get the upload page after typing the passcode."), N_("Wrong passcode."),
)
# metrics/overview.py KPIS and ui/content/overview.py: the overview's cards
KPI_LABELS = (
    N_("Active customers"), N_("Churn rate"), N_("Annual revenue lost"), N_("Complaints per 1,000 customers"),
    N_("Median resolution time"), N_("Estimated silent dissatisfied"),
    N_("no earlier period to compare"), N_("not comparable"),
)
# views/funnel.py, views/effort.py: the other pages' cards and downloads
CARDS = (
    N_("Customers lost"), N_("Lost without ever complaining"), N_("Customers kept against today"),
    N_("Annual revenue kept against today"), N_("Download the lost customers (CSV)"),
    N_("Repeat-contact rate"), N_("Channel switching"), N_("Contacts per complaint"),
)
# Table columns. "Left" (how a customer left) and "Resolved" (a share of
# complaints) need a context: the same English word means something else elsewhere.
COLUMNS = (
    N_("Customer"), N_("Name"), N_("Lost on"), N_("Last order"), N_("Annual revenue"), N_("Complaints"),
    N_("Escalated"), N_("Unresolved"), N_("Last complaint"), N_("Recorded reason"),
    N_("Tier"), N_("Accounts"), N_("Revenue"), N_("Revenue share"), N_("Complaints per 100 accounts"),
    N_("Median first response (h)"), N_("Median resolution (h)"), N_("Margin"), N_("Margin share"),
)


def _contexts(pgettext=lambda context, message: message) -> tuple[str, ...]:
    """Messages with a context (pybabel extracts pgettext calls, not N_ with two arguments)."""
    return (pgettext("lost customers table", "Left"), pgettext("share of complaints", "Resolved"))


# Widgets and chart labels (resolution, accounts, iceberg, overview, effort, upload)
LABELS = (
    N_("Resolved quickly = within (hours)"), N_("Retention judged after (days)"), N_("Benchmark"),
    N_("Compare"), N_("Large vs small"), N_("Revenue deciles"), N_("Large accounts"), N_("Small accounts"),
    N_("Dissatisfied, never complained"), N_("Complained, unresolved"), N_("Resolved (> {hours})"),
    N_("Resolved within {hours}"),
    N_("Within 1 day"), N_("1-3 days"), N_("3-7 days"), N_("7-30 days"), N_("Over 30 days"),
    N_("Escalated to management"), N_("Told front-line staff only"), N_("Never complained (estimated)"),
    N_("Left without a complaint on record"), N_("Left after an unresolved complaint"),
    N_("Left after a resolved complaint"),
    N_("Low effort (1-3)"), N_("Medium effort (4-5)"), N_("High effort (6-7)"),
    N_("Table"), N_("Mode"), N_("Sheet"), N_("Column mapping"), N_("Date format"), N_("Preset name"),
    N_("Save preset"), N_("Rows to add"), N_("Rows to replace"), N_("Rows to remove"),
    N_("Loading..."), N_("Checking every row..."),
)


def _sentences(ngettext=lambda singular, plural, n: plural) -> tuple[str, ...]:
    """A finding as one sentence with named placeholders and English plural forms (ui/content/overview.py)."""
    return (ngettext("{n} customer left in this window, taking {revenue} of annual revenue with them; "
                     "{share} of them left without a complaint on record.",
                     "{n} customers left in this window, taking {revenue} of annual revenue with them; "
                     "{share} of them left without a complaint on record.", 2),)
