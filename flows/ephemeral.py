"""The temporary Prefect server of ``boardpack run``, stopped when the run dies.

Prefect's ephemeral mode starts a server subprocess (~250 MB) and stops it at exit;
a run killed with SIGKILL never gets to, and the server lived on.  Here the server is
started by this module, its pid given to a reaper (``boardpack.worker.reaper``) that
stops it as soon as this process is gone, and registered as Prefect's default
ephemeral server (as ``prefect.testing.utilities.prefect_test_harness`` does), so the
flow run uses it.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect.server.api.server import SubprocessASGIServer

from boardpack.worker.reaper import Reaper


@contextmanager
def watched_ephemeral_server() -> Iterator[None]:
    """Run the block against a temporary Prefect server that cannot outlive this process.

    A temporary server this process already runs (started by an earlier flow call) is
    used as it is: starting a second one would only cost time.
    """
    running = SubprocessASGIServer._instances.get(None)
    if running is not None and running.running:
        yield
        return
    reaper = Reaper()

    class WatchedServer(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            process = super()._run_uvicorn_command()
            reaper.watch(process.pid)
            return process

    server = WatchedServer(port=_free_port())
    prior = SubprocessASGIServer._instances.get(None)
    SubprocessASGIServer._instances[None] = server
    try:
        server.start()
        yield
    finally:
        _drain_to_server()
        server.stop()
        if prior is not None:
            SubprocessASGIServer._instances[None] = prior
        else:
            SubprocessASGIServer._instances.pop(None, None)
        reaper.close()


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
