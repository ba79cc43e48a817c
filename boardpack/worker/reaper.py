"""A watchdog that stops a run's helper processes when the run dies, however it dies.

``python -m boardpack.worker.reaper`` reads ``PID START`` lines on stdin (the process
id and its start time, so a reused pid is never hit).  When stdin closes (the run
exited, or was killed and the kernel closed its end of the pipe) it sends SIGTERM to
each watched process still alive, then SIGKILL to any left after a few seconds.
A run that ends normally stops its helpers itself first; the reaper finds none alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

GRACE_SECONDS = 5.0


def start_time(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot), None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22; the command name (field 2) may hold spaces, so split after its ')'.
    return stat.rsplit(")", 1)[1].split()[19]


def _alive(watched: dict[int, str]) -> list[int]:
    return [pid for pid, start in watched.items() if start_time(pid) == start]


def reap(watched: dict[int, str]) -> None:
    """SIGTERM the watched processes still alive, SIGKILL them after ``GRACE_SECONDS``."""
    for pid in _alive(watched):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    while _alive(watched) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in _alive(watched):
        os.kill(pid, signal.SIGKILL)


def main() -> int:
    """Watch the pids written on stdin until it closes; then reap them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C for the run is not for us
    watched: dict[int, str] = {}
    for line in sys.stdin:
        pid, _, start = line.strip().partition(" ")
        if pid.isdigit() and start:
            watched[int(pid)] = start
    reap(watched)
    return 0


class Reaper:
    """The run's side of the watchdog: ``watch(pid)`` each helper; ``close()`` at the end."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "boardpack.worker.reaper"],
            stdin=subprocess.PIPE,
            start_new_session=True,  # a Ctrl-C or kill of the run's group must not stop it
        )

    def watch(self, pid: int) -> None:
        """Stop ``pid`` if this process dies before ``close()``."""
        start = start_time(pid)
        if start is not None and self.process.stdin is not None:
            self.process.stdin.write(f"{pid} {start}\n".encode())
            self.process.stdin.flush()

    def close(self) -> None:
        """Close the pipe (the reaper stops what is still alive) and wait for it."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


if __name__ == "__main__":
    raise SystemExit(main())
