"""The upload bound and the hidden errors, against a real server started as `make run` starts it.

`streamlit run serve.py` with ANALYST_PASSCODE set, on a free port; headless
Chromium opens real sessions (a viewer's, and an analyst's who typed the
passcode). Their session ids are read from the server's first websocket
message (NewSession), their XSRF cookie from the browser, so each PUT below is
exactly what the page's own file uploader would send.

- A viewer's upload is refused with 403 before its body is read: a 256 KB
  file (under every size limit) is refused, and 64 MB pushed at the endpoint
  leave the server's resident memory within 16 MB of where it was.
- The same request from the analyst's session is accepted (204) with 2 MB,
  above the 1 MB that config.toml allows when the app is not started by serve.py,
  and the upload page's own widget takes a 1.9 MB file from the analyst.
- Every refusal and login is in the security log, never the passcode.
- The lost-customer table's toolbar has no "Download as CSV" (it would export
  names raw; client.disableDataExport).
- On a warehouse that is not a DuckDB file the viewer sees one sentence: no
  traceback, no file path, no SQL.
"""
from __future__ import annotations

import http.client
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.server import Server
from conftest import ROOT, started, wait_for_app
from data import demo

PASSCODE = "s3cret-Passcode"
XSRF_COOKIE = "_streamlit_xsrf"
MB = 1024 * 1024


@dataclass(frozen=True)
class Guarded:
    server: Server
    security_log: Path


@contextmanager
def guarded_server(folder: Path, warehouse: Path) -> Iterator[Guarded]:
    """serve.py with an analyst passcode and a security log in `folder`, until the block ends."""
    security_log = folder / "security.log"
    env = {"ANALYST_PASSCODE": PASSCODE, "SECURITY_LOG_FILE": str(security_log)}
    with started(warehouse, folder / "streamlit.log", env=env) as server:
        yield Guarded(server, security_log)


@pytest.fixture(scope="module")
def guarded(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    folder = tmp_path_factory.mktemp("guarded")
    demo.build(folder / "demo.duckdb", customers=500)
    with guarded_server(folder, folder / "demo.duckdb") as server:
        yield server


@dataclass
class Session:
    page: Page
    ids: list[str]
    xsrf: str


def open_session(browser, url: str) -> Session:
    """A fresh browser context on the app; its session id is taken from NewSession."""
    context = browser.new_context()
    page = context.new_page()
    ids: list[str] = []

    def on_frame(payload) -> None:
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            if msg.HasField("new_session") and msg.new_session.initialize.session_id not in ids:
                ids.append(msg.new_session.initialize.session_id)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    xsrf = next(c["value"] for c in context.cookies() if c["name"] == XSRF_COOKIE)
    assert len(ids) == 1, ids
    return Session(page, ids, xsrf)


def put_file(server: Guarded, session: Session, size: int) -> int | str:
    """PUT a `size`-byte file to the upload endpoint as `session`: the status, or 'closed' mid-body."""
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.server.port, timeout=60)
    try:
        conn.putrequest("PUT", f"/_stcore/upload_file/{session.ids[0]}/{uuid.uuid4()}")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(head) + size + len(tail)))
        conn.putheader("Cookie", f"{XSRF_COOKIE}={session.xsrf}")
        conn.putheader("X-Xsrftoken", session.xsrf)
        conn.endheaders()
        try:
            conn.send(head)
            chunk = b"a,b\r\n" * (MB // 5)
            for start in range(0, size, len(chunk)):
                conn.send(chunk[: min(len(chunk), size - start)])
            conn.send(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed without reading the body
        try:
            return conn.getresponse().status
        except (ConnectionResetError, http.client.RemoteDisconnected):
            return "closed"
    finally:
        conn.close()


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def log_in(session: Session) -> None:
    page = session.page
    page.get_by_text("Analyst access").click()
    box = page.get_by_label("Analyst passcode", exact=True).and_(page.locator("input"))
    box.fill(PASSCODE)
    box.press("Enter")
    page.get_by_text("Upload extracts").first.wait_for(timeout=60_000)
    wait_for_app(page)


def test_a_viewer_cannot_push_bytes_and_an_analyst_can(guarded: Guarded, browser) -> None:
    viewer = open_session(browser, guarded.server.url)
    analyst = open_session(browser, guarded.server.url)
    log_in(analyst)

    assert put_file(guarded, viewer, 256 * 1024) == 403  # refused for the role, not the size
    before = rss_bytes(guarded.server.process.pid)
    assert put_file(guarded, viewer, 64 * MB) in (403, "closed")
    assert rss_bytes(guarded.server.process.pid) - before < 16 * MB

    assert put_file(guarded, analyst, 2 * MB) == 204  # accepted: above config.toml's 1 MB

    page = analyst.page  # and the upload page's own widget still works through the guard
    page.get_by_text("Upload extracts").first.click()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[FilePayload(name="customers.csv", mimeType="text/csv",
                           buffer=b"customer_id,customer_name\r\nC1,=HYPERLINK()\r\n" * 40_000)])
    # The page read the file: it shows the validation verdict (these rows repeat one key).
    page.get_by_text(re.compile(r"problems? found|pass(es)? every rule")).first.wait_for(timeout=60_000)

    log = guarded.security_log.read_text()
    assert "upload refused (not an analyst session)" in log and "analyst login succeeded" in log
    assert PASSCODE not in log and PASSCODE not in guarded.server.log.read_text()


def test_a_broken_warehouse_shows_one_sentence_and_no_internals(chromium: str, browser,
                                                                   tmp_path: Path) -> None:
    broken = tmp_path / "secret-folder" / "warehouse.duckdb"
    broken.parent.mkdir()
    broken.write_text("this is not a DuckDB file\n")
    with guarded_server(tmp_path, broken) as server:
        session = open_session(browser, server.server.url)
        text = session.page.locator('[data-testid="stApp"]').inner_text()
        exceptions = session.page.locator('[data-testid="stException"]').count()
    assert "Something went wrong while preparing this page" in text and exceptions == 0
    for leak in ("Traceback", "secret-folder", str(ROOT), ".py", "SELECT", "duckdb"):
        assert leak not in text, leak
    assert "page error reference=" in server.security_log.read_text()


def test_tables_offer_no_raw_csv_download(guarded: Guarded, browser) -> None:
    viewer = open_session(browser, guarded.server.url + "/funnel")
    table = viewer.page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    toolbar = viewer.page.locator('[data-testid="stElementToolbar"]').first
    toolbar.get_by_label("Search").first.wait_for(timeout=30_000)  # the toolbar is shown ...
    assert toolbar.get_by_label("Download as CSV").count() == 0   # ... without its raw CSV export
