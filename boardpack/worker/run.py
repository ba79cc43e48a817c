"""Read one paper in a worker process under the run's limits (the parent side).

A paper over a limit, or one that kills the reader, comes back quarantined with a
reason naming the file, the page it was on and the limit; the caller's process and the
rest of the batch go on.  At most ``Limits.workers`` workers run at once per process.

Workers are kept warm (``Worker``): a fresh Python with the extractor's imports costs
0.5-1 s, more than most papers take to read, so each worker reads paper after paper.
The limits still hold per paper: the wall-clock limit is timed from each request (a
new worker's start-up is not counted against its first paper), the
CPU limit is reset by the worker at each paper, and a worker that is killed, dies or
grows past half its memory limit is replaced by a fresh one before the next paper.  A
paper that kills a worker which had read others is read once more in a fresh worker
before it is quarantined, so what an earlier paper left behind is never blamed on it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from boardpack.problems import Kind, Problem
from boardpack.worker.limits import Limits
from boardpack.worker.protocol import LENGTH, MEMORY_EXIT, current_paper, whereabouts
from boardpack.worker.read import quarantined
from boardpack.worker.records import PaperRead

STARTUP_SECONDS = 120.0
"""How long a new worker may take to start (Python and the extractor's imports) before
it is given up; a paper's time limit counts from its request, not from the start."""
RECYCLE_SHARE = 0.5
"""A worker whose resident memory passes this share of its memory limit after a paper
is replaced: the next paper starts with its whole allowance."""


class WorkerGone(Exception):
    """The worker exited or was killed before it sent its result."""


@dataclass(frozen=True)
class Failure:
    """Why a worker gave no result: ``timed_out`` (it was killed at the limit), or its
    exit ``code``; ``err`` is what it wrote on stderr about the paper."""

    timed_out: bool
    code: int | None
    err: bytes


class Worker:
    """One warm worker process (``python -m boardpack.worker.child``) and its pipes."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.served = 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "boardpack.worker.child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._err = bytearray()
        self._err_lock = threading.Lock()
        self._drain = threading.Thread(target=self._read_err, daemon=True)
        self._drain.start()
        self._ready(time.monotonic() + max(STARTUP_SECONDS, limits.seconds))

    def _ready(self, deadline: float) -> None:
        # Start-up is not the paper's time: on a loaded machine Python and the imports
        # alone can take longer than a tight per-paper limit.
        try:
            header = self._receive(LENGTH.size, deadline)
            self._receive(LENGTH.unpack(header)[0], deadline)
        except (TimeoutError, OSError, EOFError):
            self.kill()  # its first request then fails, naming what it wrote on stderr

    def _read_err(self) -> None:
        # stderr is read all the time, or a chatty worker would block on a full pipe.
        assert self.process.stderr is not None
        fd = self.process.stderr.fileno()
        while chunk := os.read(fd, 65536):
            with self._err_lock:
                self._err += chunk
                if len(self._err) > 1 << 20:  # keep the latest paper's part, bounded
                    del self._err[: len(self._err) - (1 << 19)]

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def read(self, path: Path, label: str) -> PaperRead:
        """The worker's reading of ``path``; raises ``WorkerGone`` with a ``Failure``
        when it timed out (it is then killed) or died."""
        assert self.process.stdin is not None and self.process.stdout is not None
        request = json.dumps({"path": str(path), "label": label, "limits": self.limits.as_dict()})
        deadline = time.monotonic() + self.limits.seconds
        try:
            self.process.stdin.write(request.encode() + b"\n")
            self.process.stdin.flush()
            header = self._receive(LENGTH.size, deadline)
            payload = self._receive(LENGTH.unpack(header)[0], deadline)
            read: PaperRead = pickle.loads(payload)
        except TimeoutError:
            self.kill()
            raise WorkerGone(Failure(True, None, self.err())) from None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
            self.stop()
            raise WorkerGone(Failure(False, self.process.returncode, self.err())) from None
        self.served += 1
        return read

    def _receive(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        data = bytearray()
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def err(self) -> bytes:
        """What the worker wrote on stderr about its latest paper."""
        if not self.alive():  # what it wrote before it died is all in
            self._drain.join(timeout=1.0)
        with self._err_lock:
            return current_paper(bytes(self._err))

    def heavy(self) -> bool:
        """Whether the worker holds more than ``RECYCLE_SHARE`` of its memory limit."""
        try:
            resident_pages = int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            return False  # no /proc: kept, the memory limit still holds per process
        rss = resident_pages * os.sysconf("SC_PAGE_SIZE")
        return rss > RECYCLE_SHARE * self.limits.memory_mb * 1024 * 1024

    def kill(self) -> None:
        """Kill the process now (it is over a limit) and reap it."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        """End the process (closing its stdin first lets an idle one exit by itself)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):  # a dead worker's pipe may be broken
                self.process.stdin.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Pool:
    """The warm workers of this process, at most ``Limits.workers`` per set of limits.

    Workers are started from one long-lived thread: a worker asks the kernel to kill it
    when the thread that started it ends (``PR_SET_PDEATHSIG``), and a task runner's
    threads come and go."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[Limits, list[Worker]] = {}
        self._slots: dict[int, threading.BoundedSemaphore] = {}
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="boardpack-worker-start")

    def slot(self, workers: int) -> threading.BoundedSemaphore:
        """The semaphore that caps how many papers are read at once."""
        with self._lock:
            return self._slots.setdefault(workers, threading.BoundedSemaphore(workers))

    def take(self, limits: Limits, fresh: bool = False) -> Worker:
        """An idle warm worker for ``limits``, or a new one (always new when ``fresh``)."""
        stale: list[Worker] = []
        with self._lock:
            idle = self._idle.get(limits, [])
            while idle and not fresh:
                worker = idle.pop()
                if worker.alive():
                    return worker
                stale.append(worker)
            # Workers kept for other limits (an earlier run's) would only hold memory.
            for other in [k for k in self._idle if k != limits]:
                stale += self._idle.pop(other)
        for worker in stale:
            worker.stop()
        return self._starter.submit(Worker, limits).result()

    def give_back(self, worker: Worker) -> None:
        """Keep ``worker`` for the next paper, unless it is gone or heavy."""
        if not worker.alive() or worker.heavy():
            worker.stop()
            return
        with self._lock:
            self._idle.setdefault(worker.limits, []).append(worker)

    def warm(self, limits: Limits) -> None:
        """Start a worker for ``limits`` now and keep it idle for the first paper."""
        self.give_back(self.take(limits))

    def close(self) -> None:
        """Stop every idle worker (at exit: a worker also dies with its starter)."""
        with self._lock:
            workers = [w for ws in self._idle.values() for w in ws]
            self._idle.clear()
        for worker in workers:
            worker.stop()


POOL = Pool()
"""This process's warm workers."""
atexit.register(POOL.close)


def read_paper(path: Path, label: str, sha256: str, limits: Limits) -> PaperRead:
    """``path`` read in a worker process under ``limits`` (see the module docstring).

    ``label`` names the paper in every message; ``sha256`` keys it when the worker
    cannot say (it died before reading the bytes).
    """
    with POOL.slot(limits.workers):
        started = time.monotonic()
        worker = POOL.take(limits)
        try:
            read = worker.read(path, label)
        except WorkerGone as gone:
            failure: Failure = gone.args[0]
            if failure.timed_out or worker.served == 0:
                return quarantined(label, sha256, 0, problem(label, failure, limits), started)
            # A warm worker died: read it again alone, so the paper is judged on its own.
            worker = POOL.take(limits, fresh=True)
            try:
                read = worker.read(path, label)
            except WorkerGone as again:
                return quarantined(label, sha256, 0, problem(label, again.args[0], limits), started)
        POOL.give_back(worker)
        return read


def problem(label: str, failure: Failure, limits: Limits) -> Problem:
    """The quarantine record of a paper whose worker timed out or died."""
    if failure.timed_out:
        where = whereabouts(failure.err)
        return Problem(
            Kind.OVER_TIME,
            f"{label}{where.phrase}: reading took longer than the time limit of {limits.seconds:g} s",
            where.page,
        )
    return died(label, failure.code, failure.err, limits)


def died(label: str, code: int | None, err: bytes, limits: Limits) -> Problem:
    """Why a worker exited without a result, from its exit code and its marks."""
    where = whereabouts(err)
    at = f"{label}{where.phrase}"
    err = current_paper(err)
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
