"""The starter messages still waiting for their page: the upload page's labels and two unused texts.

Every view and the sidebar wrap their own strings now (docs/i18n.md); what is
left here is what the upload page (views/upload.py, not wrapped yet) and the
navigation sections show, each exactly as the code writes it today, so the
catalogs keep their Chinese translations until the page wraps them and
`pybabel update` does not drop them. Delete each entry once its page wraps it
(the module goes when the upload page is done). Nothing imports this module.
"""
from __future__ import annotations

from i18n.catalog import N_

# dashboard.py: navigation section names (the navigation is drawn without sections today)
NAVIGATION = (N_("Views"), N_("Data"))
# views/upload.py: headings, notes, widgets and progress texts
UPLOAD = (
    N_("Load history"), N_("The warehouse is empty: build the demo (`make run`) or upload extracts."),
    N_("Table"), N_("Mode"), N_("Sheet"), N_("Column mapping"), N_("Date format"), N_("Preset name"),
    N_("Save preset"), N_("Rows to add"), N_("Rows to replace"), N_("Rows to remove"),
    N_("Loading..."), N_("Checking every row..."),
)
