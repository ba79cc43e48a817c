"""Pools of helper processes that cannot outlive the run that started them."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import ParamSpec, TypeVar

from boardpack.worker.child import die_with_parent
from boardpack.worker.collector import pace_for_batches

P = ParamSpec("P")
R = TypeVar("R")

IDLE_NICENESS = 19
"""The lowest CPU priority: a thread at it runs only on a core nothing else wants."""


def spawned_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each killed by the kernel when the thread that
    started it (this process's, for a pool used from its main thread) goes, however it
    goes (``die_with_parent``).

    spawn, not fork: a fork of a process running threads (Prefect's) may inherit a held
    lock; not forkserver: its server would be one more process to outlive a killed run.
    Each collects garbage at a batch's pace (``pace_for_batches``)."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=start_helper
    )


def start_helper() -> None:
    """A pool process's first steps: die with its parent, collect at a batch's pace."""
    die_with_parent()
    pace_for_batches()


class Child:
    """One spawned process of its own (``spawned_pool``), started now, for calls made
    later; it ends with the last (``call``).

    A process keeps the most memory it ever held (Python and the C libraries under it
    seldom give freed memory back): a stage that builds something large for every paper
    at once, run in a child, leaves the run's process as it found it.  Started before it
    is needed, the child imports ``warm`` (module names) at idle priority
    (``import_idle``) while the run does other work."""

    def __init__(self, warm: Sequence[str] = ()) -> None:
        self._pool = spawned_pool(1)
        if warm:
            self._pool.submit(import_idle, tuple(warm))

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """``fn(*args, **kwargs)`` (``fn`` a module-level function, the arguments
        picklable) queued in the child, after what was queued before."""
        return self._pool.submit(fn, *args, **kwargs)

    def call(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """``fn(*args, **kwargs)`` run in the child, which then ends."""
        try:
            return self.submit(fn, *args, **kwargs).result()
        finally:
            self.close()

    def close(self) -> None:
        """End the child once what it runs now is done, without waiting for it to exit;
        what is queued is dropped.

        A child that built a stage's records for every paper takes a second or more to
        exit (its interpreter frees every object); the run goes on meanwhile."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def import_idle(modules: Sequence[str]) -> None:
    """Import ``modules`` in a thread of the lowest CPU priority, and return once done.

    A child's imports ahead of need are background work: while the run's readers keep
    every core busy they must not take one from them (two children importing pandas and
    GX slow two readers on two cores by a quarter), and on a core nothing else wants
    they run at full speed.  On Linux a thread's niceness is its own, so the thread that
    later does the child's work keeps its priority; elsewhere the imports run at it."""

    def imports() -> None:
        if sys.platform == "linux":
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), IDLE_NICENESS)
        for name in modules:
            importlib.import_module(name)

    thread = threading.Thread(target=imports, name="boardpack-import-idle")
    thread.start()
    thread.join()
