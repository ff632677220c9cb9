"""Who is an analyst (may upload) and who is a viewer; the sidebar widget to become one.

Three deployments, chosen by configuration:
- "oidc": secrets.toml has an [auth] section (st.login). Analysts are the
  logged-in users whose e-mail is listed in `analysts = [...]` at the top
  level of secrets.toml (case-insensitive).
- "passcode": ANALYST_PASSCODE is set in the environment or secrets.toml;
  an analyst types it in the sidebar (compared with hmac.compare_digest).
- "open": neither is configured (local demo): everyone is an analyst and
  the upload page says so.
dashboard.py calls `access_widget()` before building st.navigation and
registers the upload page only when `is_analyst()`.
"""
from __future__ import annotations

import hmac
import os
from typing import Any

import streamlit as st

PASSCODE_KEY = "analyst_passcode"


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all
        return None


def mode() -> str:
    """'oidc', 'passcode' or 'open' (see the module docstring)."""
    if _secret("auth"):
        return "oidc"
    if _passcode():
        return "passcode"
    return "open"


def _passcode() -> str | None:
    return os.environ.get("ANALYST_PASSCODE") or _secret("ANALYST_PASSCODE") or None


def _analyst_emails() -> set[str]:
    return {str(e).strip().lower() for e in (_secret("analysts") or [])}


def _logged_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def passcode_matches(entered: str | None, expected: str | None) -> bool:
    """Constant-time comparison of the typed passcode with the configured one."""
    if not entered or not expected:
        return False
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def is_analyst() -> bool:
    """True when this session may see the upload page."""
    current = mode()
    if current == "oidc":
        return _logged_in() and str(st.user.get("email", "")).lower() in _analyst_emails()
    if current == "passcode":
        return passcode_matches(st.session_state.get(PASSCODE_KEY), _passcode())
    return True


def user_name() -> str:
    """Who is loading, for the load history."""
    current = mode()
    if current == "oidc" and _logged_in():
        return str(st.user.get("email", "analyst"))
    return "analyst (passcode)" if current == "passcode" else "local user (no login configured)"


def access_widget() -> None:
    """The sidebar control to become an analyst: log in / out, or the passcode box."""
    current = mode()
    if current == "open":
        return
    box = st.sidebar.expander("Analyst access", expanded=False)
    if current == "oidc":
        if _logged_in():
            box.caption(f"Signed in as {st.user.get('email', '')}")
            if box.button("Log out"):
                st.logout()
        elif box.button("Log in"):
            st.login()
    else:
        box.text_input("Analyst passcode", type="password", key=PASSCODE_KEY,
                       help="Analysts get the upload page after typing the passcode.")
        if st.session_state.get(PASSCODE_KEY) and not is_analyst():
            box.error("Wrong passcode.")


def notice() -> str | None:
    """The line the upload page shows about roles (None when access is controlled)."""
    if mode() == "open":
        return ("No login is configured (no [auth] section, no ANALYST_PASSCODE), so everyone "
                "using this dashboard is an analyst and can upload.")
    return None
