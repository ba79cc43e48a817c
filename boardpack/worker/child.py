"""The worker process: ``python -m boardpack.worker.child`` reads one paper under limits.

Protocol (parent in ``boardpack.worker.run``): a JSON request on stdin
(``{"path", "label", "limits"}``), the pickled ``PaperRead`` on stdout.  Before each page
it writes marks on stderr (``boardpack.worker.protocol``), so a parent that must kill
it can say where it was.  Exit ``MEMORY_EXIT`` means the memory limit was hit.

Limits are set on this process itself (``setrlimit``): address space (memory), CPU
seconds (a backstop for the parent's wall-clock timeout) and a parent-death signal, so
a worker never outlives a killed run.
"""

from __future__ import annotations

import ctypes
import json
import os
import pickle
import resource
import signal
import sys
from pathlib import Path

from boardpack.worker.protocol import DONE_MARK, MEMORY_EXIT, PAGE_MARK, PAGES_MARK

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(1)


def apply_limits(memory_mb: int, seconds: float) -> None:
    """Cap this process's address space and CPU time."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + 10
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _mark(mark: str, number: int) -> None:
    os.write(2, f"{mark}{number}\n".encode())


class _Marks:
    """The progress hooks of ``read_pdf``, written as marks on stderr."""

    @staticmethod
    def pages(count: int) -> None:
        _mark(PAGES_MARK, count)

    @staticmethod
    def start(number: int) -> None:
        _mark(PAGE_MARK, number)

    @staticmethod
    def done(number: int) -> None:
        _mark(DONE_MARK, number)


def main() -> int:
    """Serve one request; see the module docstring."""
    die_with_parent()
    request = json.loads(sys.stdin.buffer.read())
    from boardpack.worker.limits import Limits
    from boardpack.worker.read import read_pdf

    limits = Limits(**request["limits"])
    apply_limits(limits.memory_mb, limits.seconds)
    try:
        read = read_pdf(Path(request["path"]), request["label"], limits, _Marks())
        payload = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
