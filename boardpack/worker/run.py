"""Read one paper in a worker process under the run's limits (the parent side).

A paper over a limit, or one that kills the reader, comes back quarantined with a
reason naming the file, the page it was on and the limit; the caller's process and the
rest of the batch go on.  At most ``Limits.workers`` workers run at once per process.
"""

from __future__ import annotations

import json
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from boardpack.problems import Kind, Problem
from boardpack.worker.limits import Limits
from boardpack.worker.protocol import MEMORY_EXIT, whereabouts
from boardpack.worker.read import quarantined
from boardpack.worker.records import PaperRead

_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def _slot(workers: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(workers, threading.BoundedSemaphore(workers))


def read_paper(path: Path, label: str, sha256: str, limits: Limits) -> PaperRead:
    """``path`` read in a worker process under ``limits`` (see the module docstring).

    ``label`` names the paper in every message; ``sha256`` keys it when the worker
    cannot say (it died before reading the bytes).
    """
    request = json.dumps({"path": str(path), "label": label, "limits": limits.as_dict()}).encode()
    with _slot(limits.workers):
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "boardpack.worker.child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            out, err = proc.communicate(request, timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            where = whereabouts(err)
            problem = Problem(
                Kind.OVER_TIME,
                f"{label}{where.phrase}: reading took longer than the time limit of {limits.seconds:g} s",
                where.page,
            )
            return quarantined(label, sha256, 0, problem, started)
    if proc.returncode == 0:
        try:
            read: PaperRead = pickle.loads(out)
            return read
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    return quarantined(label, sha256, 0, died(label, proc.returncode, err, limits), started)


def died(label: str, code: int | None, err: bytes, limits: Limits) -> Problem:
    """Why a worker exited without a result, from its exit code and its marks."""
    where = whereabouts(err)
    at = f"{label}{where.phrase}"
    # PDFium's C++ aborts (SIGABRT, an uncaught std::bad_alloc) when an allocation
    # fails under the address-space limit; its own failed checks trap (SIGTRAP/SIGILL).
    if code in (MEMORY_EXIT, -signal.SIGABRT) or b"MemoryError" in err:
        message = f"{at}: reading needed more than the memory limit of {limits.memory_mb} MB"
        return Problem(Kind.OVER_MEMORY, message, where.page)
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        message = f"{at}: reading used more than the CPU-time limit of {limits.seconds:g} s"
        return Problem(Kind.OVER_TIME, message, where.page)
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in {s.value for s in signal.Signals} else str(-code)
        return Problem(Kind.CRASHED, f"{at}: the PDF reader crashed ({name})", where.page)
    tail = [ln for ln in err.decode("utf-8", "replace").strip().splitlines() if not ln.startswith("@")]
    last = tail[-1] if tail else f"exit code {code}"
    return Problem(Kind.CRASHED, f"{at}: the PDF reader failed: {last[:300]}", where.page)
