"""The page registry: every page's script, URL path, title and headline, declared once.

dashboard.py builds the navigation from it, the sidebar and the overview's
finding arrows link with it, and the tests and the bench look pages up in it.
No Streamlit here, so anything may import it.
"""
from __future__ import annotations

from dataclasses import dataclass

from i18n.catalog import N_


@dataclass(frozen=True)
class PageSpec:
    key: str            # short name: "funnel"
    script: str         # the page file, relative to the repository root
    url_path: str       # "" for the landing page
    title: str          # the navigation label (English msgid: translate where shown)
    heading: str        # the page's st.title: the question it answers
    icon: str
    analysts_only: bool = False

    @property
    def path(self) -> str:
        """The browser path: '/', '/funnel', ..."""
        return "/" + self.url_path


VIEWS: tuple[PageSpec, ...] = (
    PageSpec("overview", "views/overview.py", "", N_("Overview"), N_("How many customers are we losing, and why?"),
             ":material/dashboard:"),
    PageSpec("iceberg", "views/iceberg.py", "iceberg", N_("Complaint iceberg"), N_("The complaint iceberg"),
             ":material/ac_unit:"),
    PageSpec("resolution", "views/resolution.py", "resolution", N_("Resolution speed"), N_("Retention by resolution speed"),
             ":material/timer:"),
    PageSpec("funnel", "views/funnel.py", "funnel", N_("Lost customers"), N_("The lost-customer funnel"),
             ":material/filter_alt:"),
    PageSpec("accounts", "views/accounts.py", "accounts", N_("Small vs large accounts"), N_("Small vs large accounts"),
             ":material/groups:"),
    PageSpec("effort", "views/effort.py", "effort", N_("Customer effort"), N_("Customer effort"),
             ":material/sentiment_stressed:"),
)
UPLOAD = PageSpec("upload", "views/upload.py", "upload", N_("Upload extracts"), N_("Upload extracts"), ":material/upload:",
                  analysts_only=True)
PAGES: tuple[PageSpec, ...] = (*VIEWS, UPLOAD)
BY_KEY = {p.key: p for p in PAGES}


def page(key: str) -> PageSpec:
    """The page called `key` ('overview', 'funnel', ...)."""
    return BY_KEY[key]
