"""The dashboard's server: dashboard.py inside an st.App that refuses uploads from viewers.

`make run` starts it (`streamlit run serve.py`; `uvicorn serve:app` works
too). Streamlit's upload endpoint, PUT /_stcore/upload_file/<session>/<file>,
accepts a file for any live session and has no per-role hook, so
`UploadGuard`, an ASGI middleware in front of it, answers 403 to any request
on that endpoint whose session is not an analyst's (ui.auth.may_upload: the
sessions whose latest run found them analysts), before reading a byte of its
body. Behind that guard, `server.maxUploadSize` is raised at startup from the
1 MB of .streamlit/config.toml (the bound for every session when the app is
started without this file) to the analysts' limit.

At start it warms the cache for the first visitor (ui.warm): in a background thread, the
imports a page run needs and the landing page's default view.

Errors in a script run go to ui.safety.report_error: one plain sentence for
the viewer, the traceback in the security log.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config

from ui import warm
from ui.auth import ANALYST_UPLOAD_MB
from ui.safety import report_error
from ui.security_log import LOG

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/[^/]+/?$")
REFUSED = b"Uploads are open to analysts only."


class UploadGuard:
    """Refuse upload-endpoint requests from sessions that are not analysts', without reading the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "upload_file" in scope["path"] and scope["method"] != "OPTIONS":
            match = UPLOAD_PATH.search(scope["path"])
            # Looked up per request: Streamlit's file watcher may re-import ui.auth in development.
            if match is None or not importlib.import_module("ui.auth").may_upload(match["session"]):
                client = (scope.get("client") or ("unknown",))[0]
                LOG.warning("upload refused (not an analyst session) address=%s method=%s", client, scope["method"])
                await _refuse(send)
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(REFUSED)).encode()),
               (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": REFUSED})


@asynccontextmanager
async def startup(_app: st.App) -> AsyncIterator[None]:
    """At startup, after Streamlit has read its configuration: the analysts' upload limit, and
    the landing page's numbers computed in a background thread (ui.warm; never waited for)."""
    config.set_option("server.maxUploadSize", ANALYST_UPLOAD_MB, where_defined="serve.py")
    warm.start()
    yield


app = st.App(Path(__file__).with_name("dashboard.py"), middleware=[Middleware(UploadGuard)],
             lifespan=startup, on_script_error=report_error)
