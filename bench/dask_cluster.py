"""A ``dask.distributed`` cluster started the way a user starts one: ``dask scheduler`` and
``dask worker`` processes from this project's virtualenv, on 127.0.0.1.

Used by the Dask test (``tests/flows/test_dask_cluster.py``) and the scale-out benchmark
(``bench/scale_dask.py``).  Nothing here knows boardpack: the workers import it as the
flow's tasks need it, from the same virtualenv.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DASK = ROOT / ".venv" / "bin" / "dask"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for_workers(address: str, count: int, timeout: float = 120.0) -> None:
    """Return once ``count`` workers have joined the scheduler at ``address``."""
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in reversed(procs):  # workers first, the scheduler last
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def dask_cluster(
    workers: int,
    env: Mapping[str, str] | None = None,
    log_dir: Path | None = None,
    preload: Sequence[str] = (),
) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded worker processes on 127.0.0.1; yields
    the scheduler's address and stops every process on exit.  ``env`` is added to the
    workers' environment (``PREFECT_API_URL``: where their task runs report); each
    module of ``preload`` is imported by the scheduler and every worker as they start
    (``--preload``)."""
    preloads = [arg for module in preload for arg in ("--preload", module)]
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = log_dir or Path(os.devnull)
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)

    def log(name: str) -> int | None:
        return (
            None if log_dir is None else os.open(logs / f"{name}.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        )

    worker_env = {**os.environ, **(env or {})}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(
            subprocess.Popen(
                [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard",
                 *preloads],
                stdout=log("scheduler"), stderr=subprocess.STDOUT, cwd=ROOT,
            )
        )  # fmt: skip
        for i in range(workers):
            procs.append(
                subprocess.Popen(
                    [str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                     "--host", "127.0.0.1", "--name", f"worker-{i + 1}",
                     *preloads],
                    stdout=log(f"worker-{i + 1}"), stderr=subprocess.STDOUT, env=worker_env, cwd=ROOT,
                )
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                wait_for_workers(address, workers)
                break
            except OSError:
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise
                time.sleep(0.5)
        yield address
    finally:
        _stop(procs)
