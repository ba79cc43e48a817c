"""One run at a time per output folder: a lock file, ``OUT/.boardpack.lock``.

The lock is an ``flock`` on the file, so the kernel drops it when the holding process
dies, however it dies: a killed run never leaves a stale lock.  Taking it again in the
same process (the CLI, then the flow it runs) is allowed.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from boardpack.errors import OutputError, RunLocked

LOCK_NAME = ".boardpack.lock"

_held: dict[Path, int] = {}
_guard = threading.Lock()


@contextmanager
def run_lock(out: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold ``out``'s lock for the block.  Waits up to ``wait`` seconds for another run
    to finish, then raises ``RunLocked`` naming the holder's pid."""
    path = (out / LOCK_NAME).resolve()
    with _guard:
        if path in _held:
            _held[path] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[path] -= 1
        return
    fd = _acquire(path, wait)
    with _guard:
        _held[path] = 1
    try:
        yield
    finally:
        with _guard:
            del _held[path]
        os.close(fd)  # closing the descriptor releases the flock


def _acquire(path: Path, wait: float) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from exc
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                os.close(fd)
                raise RunLocked(
                    f"another boardpack run (pid {holder}) is writing to {path.parent}; "
                    "wait for it to finish (or pass --wait SECONDS)"
                ) from None
            time.sleep(0.5)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd
