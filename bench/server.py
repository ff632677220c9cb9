"""A Streamlit server in its own process, on a free port: for the benchmark and the end-to-end tests.

`serve(db, log)` starts `python -m streamlit run serve.py` (what `make run` starts; another
`script` when asked) on 127.0.0.1 with WAREHOUSE_PATH pointing at `db`, waits until
/_stcore/health answers, yields a `Server` and stops the process when the block ends. Its
output goes to `log`. A server that exits or never answers raises `ServerFailed` with the end
of its log.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER_START_S = 60
# No usage statistics and no file watcher: what the tests pass (a bench server runs make run's flags)
QUIET = ("--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none")


class ServerFailed(RuntimeError):
    """The server exited, or did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    started: float  # time.time() just before the process was started
    healthy: float  # time.time() of the first healthy answer

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def exited(self) -> str | None:
        """Why the server is gone (its exit code and the end of its log), or None while it runs."""
        if self.process.poll() is None:
            return None
        return f"streamlit exited with {self.process.returncode}:\n" + "\n".join(
            self.log.read_text().splitlines()[-40:])


def wait_healthy(url: str, process: subprocess.Popen, log: Path, start_s: float = SERVER_START_S) -> float:
    """Poll /_stcore/health every 50 ms, for up to `start_s` seconds; the time.time() of the first 'ok'."""
    deadline = time.monotonic() + start_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"the server exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return time.time()
        except OSError:
            time.sleep(0.05)
    raise ServerFailed(f"the server was not healthy after {start_s} s:\n{log.read_text()[-4000:]}")


@contextmanager
def serve(db: Path | str | None, log: Path, *, script: str = "serve.py", env: dict[str, str] | None = None,
          without: tuple[str, ...] = (), args: tuple[str, ...] = (),
          start_s: float = SERVER_START_S) -> Iterator[Server]:
    """`streamlit run script` on the warehouse `db` (None: WAREHOUSE_PATH as it is), on a free port,
    until the block ends; `env` added to the environment, the variables named in `without`
    removed, `args` added to the command line; healthy within `start_s` seconds."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", *args]
    environ = {k: v for k, v in os.environ.items() if k not in without}
    environ.update({**({"WAREHOUSE_PATH": str(db)} if db is not None else {}), "PYTHONUNBUFFERED": "1", **(env or {})})
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        started = time.time()
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield Server(url, process, log, started, wait_healthy(url, process, log, start_s))
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
