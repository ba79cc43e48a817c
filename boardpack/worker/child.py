"""The worker process: ``python -m boardpack.worker.child`` reads papers under limits,
one after another, until its stdin closes.

Protocol (parent in ``boardpack.worker.run``): an empty frame on stdout once imports are
done (ready); then one JSON request a line on stdin (``{"path", "label", "limits"}``)
and for each the pickled ``PaperRead`` on stdout, framed by its length
(``protocol.frame``).  At the start of each request it writes a paper mark
on stderr and before each page a page mark (``boardpack.worker.protocol``), so a parent
that must kill it can say where it was in which paper.  Exit ``MEMORY_EXIT`` means the
memory limit was hit.

Starting Python and importing the extractor costs more than reading a typical paper,
so a worker is started once and kept warm; the parent restarts it after a paper that
kills it.  Limits are set on this process itself (``setrlimit``): address space
(memory), CPU seconds counted from the start of each paper (a backstop for the
parent's wall-clock timeout), and a parent-death signal, so a worker never outlives a
killed run.
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

from boardpack.worker.protocol import DONE_MARK, MEMORY_EXIT, PAGE_MARK, PAGES_MARK, PAPER_MARK, frame

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


def apply_memory_limit(memory_mb: int) -> None:
    """Cap this process's address space."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def cpu_seconds() -> float:
    """CPU time this process has used so far (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def allow_cpu(seconds: float) -> None:
    """Let the next paper use ``seconds`` (plus a margin) of CPU from now.

    Only the soft limit moves: the kernel sends SIGXCPU past it, which ends the process;
    the hard limit stays where it was, since an unprivileged process cannot raise a
    hard limit it lowered, and the next paper needs a later one.
    """
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(cpu_seconds() + seconds) + 10
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


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
    """Serve requests until stdin closes; see the module docstring."""
    die_with_parent()
    from boardpack.worker.limits import Limits
    from boardpack.worker.read import read_pdf  # the extractor's imports, paid once

    sys.stdout.buffer.write(frame(b""))  # ready: the per-paper clock starts with the request
    sys.stdout.buffer.flush()
    memory_mb: int | None = None
    for served, line in enumerate(sys.stdin.buffer, 1):
        request = json.loads(line)
        limits = Limits(**request["limits"])
        if memory_mb is None:
            memory_mb = limits.memory_mb
            apply_memory_limit(memory_mb)
        _mark(PAPER_MARK, served)
        allow_cpu(limits.seconds)
        try:
            read = read_pdf(Path(request["path"]), request["label"], limits, _Marks())
            payload = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            os._exit(MEMORY_EXIT)
        sys.stdout.buffer.write(frame(payload))
        sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
