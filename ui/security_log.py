"""The security log: logins, lockouts, refused uploads and errors hidden from viewers.

One logger, "dashboard.security", at INFO. Its records go to the server's
standard error (the terminal or service log where `make run` / `streamlit run
serve.py` prints) and, when SECURITY_LOG_FILE is set, are also appended to
that file. Records carry the time, the client address, a short session tag
and the result; never a passcode.
"""
from __future__ import annotations

import logging
import os
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _security_logger() -> logging.Logger:
    log = logging.getLogger("dashboard.security")
    if not log.handlers:  # configured once per process (modules can be re-imported)
        log.setLevel(logging.INFO)
        handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
        if path := os.environ.get("SECURITY_LOG_FILE"):
            handlers.append(logging.FileHandler(path, encoding="utf-8"))
        for handler in handlers:
            handler.setFormatter(logging.Formatter(FORMAT))
            log.addHandler(handler)
    return log


LOG = _security_logger()
