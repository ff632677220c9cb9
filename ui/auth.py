"""Who is an analyst (may upload) and who is a viewer; the sidebar widget to become one.

Three deployments, chosen by configuration:
- "oidc": secrets.toml has an [auth] section (st.login). Analysts are the
  logged-in users whose e-mail is listed in `analysts = [...]` at the top
  level of secrets.toml (case-insensitive). The identity provider handles
  password guessing.
- "passcode": ANALYST_PASSCODE is set in the environment or secrets.toml;
  an analyst types it in the sidebar (compared with hmac.compare_digest).
  After LOGIN_MAX_FAILURES wrong passcodes (default 5) from one browser
  session or one client address within LOGIN_LOCKOUT_MINUTES (default 15),
  both are refused for that many minutes (`Lockout`, shared by every session
  of the server process). The typed passcode is never kept: the session keeps
  a SHA-256 fingerprint of the passcode it matched, so changing the passcode
  ends every analyst session.
- "open": neither is configured (local demo): everyone is an analyst and
  the upload page says so.

Every login attempt is logged on the "dashboard.security" logger (time,
client address, a short session tag, the result; never the passcode).
dashboard.py calls `access_widget()` before building st.navigation and
registers the upload page only when `is_analyst()`. `access_widget()` also
records which sessions are analysts, so the upload guard in serve.py
(`may_upload`) can refuse bytes from every other session.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from i18n import N_, translator
from ui.language import current_lang
from ui.security_log import LOG

PASSCODE_KEY = "analyst_passcode"       # the text box (emptied as soon as it is read)
ROLE_KEY = "analyst_fingerprint"        # SHA-256 of the passcode this session matched
ATTEMPT_KEY = "analyst_login_failed"    # "wrong" or "locked": how this session's last attempt ended
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCKOUT_MINUTES = 15.0
ANALYST_UPLOAD_MB = 500  # server.maxUploadSize that serve.py sets behind its guard (config.toml: 1 MB)


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all
        return None


def _setting(name: str) -> Any:
    return os.environ.get(name) or _secret(name) or None


def mode() -> str:
    """'oidc', 'passcode' or 'open' (see the module docstring)."""
    if _secret("auth"):
        return "oidc"
    if _passcode():
        return "passcode"
    return "open"


def _passcode() -> str | None:
    value = _setting("ANALYST_PASSCODE")
    return str(value) if value else None


def _fingerprint(passcode: str) -> str:
    return hashlib.sha256(passcode.encode("utf-8")).hexdigest()


def _analyst_emails() -> set[str]:
    return {str(e).strip().lower() for e in (_secret("analysts") or [])}


def _logged_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def passcode_matches(entered: str | None, expected: str | None) -> bool:
    """Constant-time comparison of the typed passcode with the configured one."""
    if not entered or not expected:
        return False
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


# --- lockout -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Policy:
    max_failures: int     # wrong passcodes allowed within the window ...
    minutes: float        # ... the window, and how long a key is then refused

    @classmethod
    def configured(cls) -> Policy:
        """LOGIN_MAX_FAILURES and LOGIN_LOCKOUT_MINUTES (environment or secrets.toml), else 5 and 15."""
        return cls(int(_setting("LOGIN_MAX_FAILURES") or DEFAULT_MAX_FAILURES),
                   float(_setting("LOGIN_LOCKOUT_MINUTES") or DEFAULT_LOCKOUT_MINUTES))


class Lockout:
    """Recent wrong passcodes per key (a session or an address) and the keys locked out.

    One instance serves every session of the server process; a lock makes it
    thread-safe (each session's script runs in its own thread). `clock` is
    injectable so tests move time instead of sleeping.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}

    def seconds_left(self, keys: Sequence[str]) -> float:
        """How long any of `keys` is still locked out (0 when none is)."""
        now = self.clock()
        with self._lock:
            return self._left(keys, now)

    def fail(self, keys: Sequence[str], policy: Policy) -> tuple[int, float]:
        """Count a wrong passcode against every key: (most failures in the window, seconds locked)."""
        now, window = self.clock(), policy.minutes * 60
        worst = 0
        with self._lock:
            self._forget(now, window)
            for key in keys:
                recent = self._failures.setdefault(key, [])
                recent.append(now)
                worst = max(worst, len(recent))
                if len(recent) >= policy.max_failures:
                    self._locked_until[key] = now + window
                    recent.clear()
            return worst, self._left(keys, now)

    def succeed(self, keys: Sequence[str]) -> None:
        """Forget the recent failures of `keys` (a lock already in force stays)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _left(self, keys: Sequence[str], now: float) -> float:
        return max([self._locked_until.get(k, now) - now for k in keys] + [0.0])

    def _forget(self, now: float, window: float) -> None:
        """Drop failures older than the window and expired locks (keeps memory bounded)."""
        self._failures = {k: kept for k, v in self._failures.items() if (kept := [t for t in v if t > now - window])}
        self._locked_until = {k: t for k, t in self._locked_until.items() if t > now}


LOCKOUT = Lockout()


def session_id() -> str:
    """This browser session's id ("" outside a script run)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def client_address() -> str:
    """The client's address as Streamlit sees it ("local" for localhost or when unknown).

    Behind a reverse proxy this is the proxy's address unless the proxy sends
    X-Forwarded-For and uvicorn trusts it (FORWARDED_ALLOW_IPS); see the README.
    """
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "local"


def _tag(session: str) -> str:
    return hashlib.sha256(session.encode("utf-8")).hexdigest()[:8]


def _keys() -> list[str]:
    return [f"session:{session_id()}", f"address:{client_address()}"]


def locked_message(seconds: float, policy: Policy, lang: str = "en") -> str:
    _ = translator(lang)
    minutes = max(1, round(seconds / 60))
    return _.ngettext("Too many wrong passcodes: analyst access from this browser and address is locked for "
                      "{lock} minutes (about {n} more minute).",
                      "Too many wrong passcodes: analyst access from this browser and address is locked for "
                      "{lock} minutes (about {n} more minutes).", minutes).format(lock=f"{policy.minutes:g}", n=minutes)


def _attempt() -> None:
    """on_change of the passcode box: check the lockout, compare, log; never keep the passcode."""
    entered = st.session_state.get(PASSCODE_KEY) or ""
    st.session_state[PASSCODE_KEY] = ""
    if not entered:
        return
    policy, keys = Policy.configured(), _keys()
    where = f"address={client_address()} session={_tag(session_id())}"
    left = LOCKOUT.seconds_left(keys)
    if left > 0:
        LOG.warning("analyst login refused (locked out) %s", where)
        st.session_state[ATTEMPT_KEY] = "locked"
    elif passcode_matches(entered, _passcode()):
        LOCKOUT.succeed(keys)
        st.session_state[ROLE_KEY] = _fingerprint(entered)
        st.session_state.pop(ATTEMPT_KEY, None)
        LOG.info("analyst login succeeded %s", where)
    else:
        failures, locked = LOCKOUT.fail(keys, policy)
        LOG.warning("analyst login failed %s failures=%d/%d%s", where, failures, policy.max_failures,
                    " now locked out" if locked else "")
        st.session_state[ATTEMPT_KEY] = "locked" if locked else "wrong"


def _attempt_message(lang: str) -> str | None:
    """After a failed attempt: the lock and the time left while it lasts, or 'Wrong passcode.'."""
    _ = translator(lang)
    last = st.session_state.get(ATTEMPT_KEY)
    if last is None:
        return None
    left = LOCKOUT.seconds_left(_keys())
    if left > 0:
        return locked_message(left, Policy.configured(), lang)
    return _("Wrong passcode.") if last == "wrong" else None


def _leave() -> None:
    st.session_state.pop(ROLE_KEY, None)
    LOG.info("analyst left analyst mode address=%s session=%s", client_address(), _tag(session_id()))


# --- roles ---------------------------------------------------------------------------------------

def is_analyst() -> bool:
    """True when this session may see the upload page."""
    current = mode()
    if current == "oidc":
        return _logged_in() and str(st.user.get("email", "")).lower() in _analyst_emails()
    if current == "passcode":
        expected, held = _passcode(), st.session_state.get(ROLE_KEY)
        if not expected or not held:
            return False
        return hmac.compare_digest(str(held), _fingerprint(expected))
    return True


_UPLOADERS: set[str] = set()
_UPLOADERS_LOCK = threading.Lock()


def _remember_role() -> None:
    """Record whether this session is an analyst, for the upload guard (serve.py)."""
    current = session_id()
    if not current:
        return
    with _UPLOADERS_LOCK:
        if is_analyst():
            _UPLOADERS.add(current)
        else:
            _UPLOADERS.discard(current)


def may_upload(session: str) -> bool:
    """True when `session` was an analyst at its latest script run (thread-safe)."""
    with _UPLOADERS_LOCK:
        return session in _UPLOADERS


def user_name() -> str:
    """Who is loading, for the load history."""
    current = mode()
    if current == "oidc" and _logged_in():
        return str(st.user.get("email", "analyst"))
    return "analyst (passcode)" if current == "passcode" else "local user (no login configured)"


def access_widget() -> None:
    """The sidebar control to become an analyst: log in / out, or the passcode box."""
    lang = current_lang()
    _ = translator(lang)
    current = mode()
    if current != "open":
        box = st.sidebar.expander(_("Analyst access"), expanded=bool(st.session_state.get(ATTEMPT_KEY)))
        if current == "oidc":
            if _logged_in():
                box.caption(_("Signed in as {email}").format(email=st.user.get("email", "")))
                if box.button(_("Log out")):
                    st.logout()
            elif box.button(_("Log in")):
                st.login()
        elif is_analyst():
            box.caption(_("Analyst access granted."))
            box.button(_("Leave analyst mode"), on_click=_leave)
        else:
            box.text_input(_("Analyst passcode"), type="password", key=PASSCODE_KEY, on_change=_attempt,
                           help=_("Analysts get the upload page after typing the passcode."))
            if message := _attempt_message(lang):
                box.error(message)
    _remember_role()


def notice() -> str | None:
    """The line the upload page shows about roles (None when access is controlled)."""
    if mode() == "open":
        return N_("No login is configured (no [auth] section, no ANALYST_PASSCODE), so everyone "
                  "using this dashboard is an analyst and can upload.")  # translated where shown (views/upload.py)
    return None
