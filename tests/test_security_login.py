"""The analyst passcode under attack (ui/auth.py), driven through the real sidebar box with AppTest.

The lockout's clock is injected (`auth.Lockout(clock=...)`) and moved by hand:
no test sleeps. With the defaults (5 wrong passcodes in 15 minutes), the 5th
wrong guess locks the session and its address for 15 minutes; the right
passcode is then refused until the clock passes the 15 minutes. Every attempt
is logged on "dashboard.security" with the address and never the passcode.
The sessions `access_widget` marks as analysts are the ones serve.py's upload
guard lets through (`may_upload`).
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import run_app, serve_warehouse, small_demo
from ui import auth

PASSCODE = "c0rrect-Horse"
UPLOAD = "Upload extracts"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("login") / "demo.duckdb", small_demo(500)) as path:
        yield path


@pytest.fixture
def clock(warehouse_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Passcode mode on the demo warehouse, a fresh lockout on a hand-moved clock."""
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse_path))
    monkeypatch.setenv("ANALYST_PASSCODE", PASSCODE)
    for name in ("LOGIN_MAX_FAILURES", "LOGIN_LOCKOUT_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    fake = Clock()
    monkeypatch.setattr(auth, "LOCKOUT", auth.Lockout(clock=fake))
    return fake


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Which session and address the next runs come from (AppTest has one fixed session id)."""
    who = {"session": "session-A", "address": "203.0.113.7"}
    monkeypatch.setattr(auth, "session_id", lambda: who["session"])
    monkeypatch.setattr(auth, "client_address", lambda: who["address"])
    return who


def attempt(at: AppTest, passcode: str) -> AppTest:
    return at.text_input(key=auth.PASSCODE_KEY).input(passcode).run()


def sidebar_errors(at: AppTest) -> list[str]:
    return [e.value for e in at.sidebar.error]


def _nav_has(at: AppTest, title: str) -> bool:
    """Whether st.navigation registered a page titled `title` (AppTest keeps the pages privately)."""
    return any(info.get("page_name") == title for info in at._registered_pages.values())


def test_five_wrong_guesses_lock_out_the_right_passcode_until_the_time_is_up(clock: Clock, client,
                                                                              caplog) -> None:
    caplog.set_level(logging.INFO, logger="dashboard.security")
    at = run_app()
    for guess in range(1, 5):
        attempt(at, f"wrong-{guess}")
        assert sidebar_errors(at) == ["Wrong passcode."]
    attempt(at, "wrong-5")
    assert any("locked for 15 minutes" in e for e in sidebar_errors(at)), sidebar_errors(at)

    clock.advance(14.9)
    attempt(at, PASSCODE)
    assert any("locked for 15 minutes (about 1 more minute)" in e for e in sidebar_errors(at))
    assert not _nav_has(at, UPLOAD) and not auth.may_upload("session-A")

    clock.advance(0.2)  # 15.1 minutes after the 5th wrong guess: the lock is over
    at.run()
    assert sidebar_errors(at) == []
    attempt(at, PASSCODE)
    assert sidebar_errors(at) == [] and _nav_has(at, UPLOAD) and auth.may_upload("session-A")

    messages = [r.getMessage() for r in caplog.records if r.name == "dashboard.security"]
    assert sum("analyst login failed" in m for m in messages) == 5
    assert sum("refused (locked out)" in m for m in messages) == 1
    assert sum("analyst login succeeded" in m for m in messages) == 1
    assert all("address=203.0.113.7" in m for m in messages)
    assert "failures=5/5 now locked out" in messages[4]
    assert not any("wrong-" in m or PASSCODE in m for m in messages)


def test_the_lock_holds_for_a_new_session_from_the_same_address(clock: Clock, client) -> None:
    at = run_app()
    for guess in range(5):
        attempt(at, f"wrong-{guess}")
    client["session"] = "session-B"  # a new browser session, same address
    other = run_app()
    assert sidebar_errors(other) == []  # nothing said to a session that has not tried
    attempt(other, PASSCODE)
    assert any("locked" in e for e in sidebar_errors(other)) and not _nav_has(other, UPLOAD)
    client.update(session="session-C", address="198.51.100.9")  # another address entirely
    third = run_app()
    attempt(third, PASSCODE)
    assert sidebar_errors(third) == [] and _nav_has(third, UPLOAD)


def test_failures_older_than_the_window_do_not_count(clock: Clock, client) -> None:
    at = run_app()
    for guess in range(4):
        attempt(at, f"wrong-{guess}")
    clock.advance(15.5)
    for guess in range(4):
        attempt(at, f"again-{guess}")
    assert sidebar_errors(at) == ["Wrong passcode."]  # 4 in the window, not 8
    attempt(at, PASSCODE)
    assert _nav_has(at, UPLOAD)


def test_both_numbers_are_settings(clock: Clock, client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "2")
    monkeypatch.setenv("LOGIN_LOCKOUT_MINUTES", "3")
    at = run_app()
    attempt(at, "wrong-1")
    attempt(at, "wrong-2")
    assert any("locked for 3 minutes" in e for e in sidebar_errors(at))
    clock.advance(3.1)
    attempt(at, PASSCODE)
    assert _nav_has(at, UPLOAD)


def test_the_passcode_is_never_kept_and_leaving_ends_upload_rights(clock: Clock, client) -> None:
    at = run_app()
    attempt(at, PASSCODE)
    assert at.session_state[auth.PASSCODE_KEY] == ""  # the box is emptied once read
    assert at.session_state[auth.ROLE_KEY] == hashlib.sha256(PASSCODE.encode()).hexdigest()
    assert auth.may_upload("session-A")
    next(b for b in at.sidebar.button if b.label == "Leave analyst mode").click().run()
    assert not _nav_has(at, UPLOAD) and not auth.may_upload("session-A")


def test_changing_the_passcode_ends_analyst_sessions(clock: Clock, client,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app()
    attempt(at, PASSCODE)
    monkeypatch.setenv("ANALYST_PASSCODE", "rotated-" + PASSCODE)
    at.run()
    assert not _nav_has(at, UPLOAD) and not auth.may_upload("session-A")


def test_lockout_counts_each_key_and_forgets_expired_locks() -> None:
    clock = Clock()
    lockout, policy = auth.Lockout(clock=clock), auth.Policy(max_failures=3, minutes=10)
    assert lockout.fail(["s:1", "a:x"], policy) == (1, 0.0)
    assert lockout.fail(["s:2", "a:x"], policy) == (2, 0.0)
    assert lockout.fail(["s:3", "a:x"], policy) == (3, 600.0)  # the address reached 3
    assert lockout.seconds_left(["s:9", "a:x"]) == 600.0 and lockout.seconds_left(["s:1", "a:y"]) == 0.0
    clock.advance(10)
    assert lockout.seconds_left(["a:x"]) == 0.0
