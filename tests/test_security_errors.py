"""No internals to viewers (ui/safety.py, .streamlit/config.toml), under AppTest.

A page whose metric call fails with a message full of internals (SQL, a server
path) shows one plain sentence with a reference, and no exception element;
the traceback and the message go to the security log under that reference.
st.rerun still works through the wrapper. The config hides error details and
the developer menu. (tests/e2e/test_security_server.py checks the same on a
real server with a broken warehouse, where serve.py's on_script_error catches
errors outside the page too.)
"""
from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from apptest_support import ROOT, run_app, serve_warehouse, small_demo
from ui import safety
from ui.content import overview

INTERNALS = "Binder Error: SELECT secret FROM /srv/warehouse/prod.duckdb"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serve_warehouse(tmp_path_factory.mktemp("errors") / "demo.duckdb", small_demo(500)) as path:
        yield path


def test_a_failing_page_shows_one_sentence_and_logs_the_details(demo_path: Path, caplog,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAREHOUSE_PATH", str(demo_path))
    monkeypatch.delenv("ANALYST_PASSCODE", raising=False)

    def broken(*args, **kwargs):
        raise RuntimeError(INTERNALS)

    monkeypatch.setattr(overview, "kpis", broken)
    caplog.set_level(logging.INFO, logger="dashboard.security")
    at = run_app()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and shown[0].startswith("Something went wrong while preparing this page.")
    for leak in ("SELECT", "/srv", "duckdb", "RuntimeError", "Traceback", ".py"):
        assert leak not in shown[0]
    found = re.search(r"reference ([0-9a-f]{8})", shown[0])
    assert found is not None
    reference = found[1]
    record = next(r for r in caplog.records if r.name == "dashboard.security" and reference in r.getMessage())
    assert record.exc_info[1].args == (INTERNALS,)


def test_run_page_lets_rerun_and_stop_through() -> None:
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    class Page:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def run(self) -> None:
            raise self.exc

    for control in (StopException(), RerunException(RerunData())):
        with pytest.raises(type(control)):
            safety.run_page(Page(control))


def test_config_hides_error_details_and_the_developer_menu() -> None:
    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["client"]
    assert client["showErrorDetails"] == "none" and client["toolbarMode"] == "viewer"
