"""The temporary Prefect server of ``boardpack run``, stopped when the run dies.

Without ``PREFECT_API_URL`` a run needs a server of its own.  Prefect's ephemeral mode
would start one (a ``uvicorn`` subprocess, ~250 MB) the first time the flow talks to its
API, and stop it at exit; here it is started by this module instead, for three reasons:

* it starts *before* the run imports the flow and its stages (``launch``), so the server
  boots while the run imports, rather than after;
* the run never imports Prefect's server package (Prefect's own launcher lives there):
  that import cost the run seconds and ~80 MB it never used;
* its pid is given to a reaper (``boardpack.worker.reaper``) that stops it as soon as
  this process is gone, even killed with SIGKILL (Prefect's ``atexit`` never runs then).

The flow finds the server through ``PREFECT_API_URL``, set for the block of
``watched_ephemeral_server`` only.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from boardpack.settings import NO_TELEMETRY
from boardpack.worker.reaper import Reaper

STARTUP_SECONDS = 120.0
"""How long the server may take to answer its health check (a loaded machine, a first
run migrating its database) before the run fails saying so."""


@dataclass
class Launched:
    """A temporary server process, started and perhaps not answering yet."""

    process: subprocess.Popen[bytes]
    port: int
    reaper: Reaper

    @property
    def api_url(self) -> str:
        """The server's API address."""
        return f"http://127.0.0.1:{self.port}/api"


_running: Launched | None = None
"""The server this process runs, reused by a later run in the same process."""


def wanted() -> bool:
    """Whether a run needs a temporary server: no Prefect API is configured (in the
    environment or the active profile)."""
    from prefect.settings import PREFECT_API_URL

    return not PREFECT_API_URL.value()


def may_be_wanted() -> bool:
    """Whether a run may need a temporary server, told without importing Prefect: no
    ``PREFECT_API_URL`` in the environment (the active profile may still name a server:
    ``wanted`` tells, once Prefect is imported)."""
    return not os.environ.get("PREFECT_API_URL")


def launch() -> Launched:
    """Start the temporary server (once per process) without waiting for it."""
    global _running
    if _running is not None and _running.process.poll() is None:
        return _running
    port = _free_port()
    env = {
        **NO_TELEMETRY,  # the environment may still turn it on
        **os.environ,
        **_settings_made_here(),
        # As Prefect's own launcher sets them: no UI, a server that knows it is temporary.
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(_site_packages()), "--factory",
         "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "error", "--lifespan", "on"],
        env=env,
    )  # fmt: skip
    reaper = Reaper()
    reaper.watch(process.pid)
    _running = Launched(process, port, reaper)
    return _running


def _site_packages() -> Path:
    """The folder Prefect is installed in, found without importing it."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        raise RuntimeError("Prefect is not installed: the run needs it for its temporary server")
    return Path(spec.origin).parent.parent


def _settings_made_here() -> dict[str, str]:
    """The Prefect settings this process holds beyond its environment and profile (set
    with ``temporary_settings``), as environment variables for the server.  Before
    Prefect is imported there are none: the server reads the same environment, home and
    profile itself, so the run need not import Prefect (a second and more) to launch it."""
    if "prefect.settings" not in sys.modules:
        return {}
    from prefect.settings import get_current_settings

    return get_current_settings().to_environment_variables(exclude_unset=True)


def wait_until_up(server: Launched, timeout: float = STARTUP_SECONDS) -> None:
    """Return once the server answers its health check; raise ``RuntimeError`` saying why
    if it exits or does not answer within ``timeout`` seconds."""
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"the temporary Prefect server exited with code {server.process.returncode}"
                )
            try:
                if client.get(f"{server.api_url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(f"the temporary Prefect server did not answer within {timeout:.0f} s")


@contextmanager
def watched_ephemeral_server(server: Launched | None = None) -> Iterator[None]:
    """Run the block against a temporary Prefect server (``server``, launched earlier,
    else started now) that cannot outlive this process; stop it after the block."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    global _running
    server = server or launch()
    try:
        wait_until_up(server)
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield
            finally:
                _drain_to_server()
    finally:
        stop(server)
        _running = None


def stop(server: Launched) -> None:
    """Stop the server and its reaper."""
    server.process.terminate()
    try:
        server.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.reaper.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _drain_to_server() -> None:
    """Send the logs and events still queued while the server is up (they would be
    reported as failures to reach it once it is stopped)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=10)
