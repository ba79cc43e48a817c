"""Pools of helper processes that cannot outlive the run that started them."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import ParamSpec, TypeVar

from boardpack.worker.child import die_with_parent

P = ParamSpec("P")
R = TypeVar("R")


def spawned_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each killed by the kernel when the thread that
    started it (this process's, for a pool used from its main thread) goes, however it
    goes (``die_with_parent``).

    spawn, not fork: a fork of a process running threads (Prefect's) may inherit a held
    lock; not forkserver: its server would be one more process to outlive a killed run."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent
    )


class Child:
    """One spawned process of its own (``spawned_pool``), started now, for calls made
    later; it ends with the last (``call``).

    A process keeps the most memory it ever held (Python and the C libraries under it
    seldom give freed memory back): a stage that builds something large for every paper
    at once, run in a child, leaves the run's process as it found it.  Started before it
    is needed, the child imports (the module of the first function it is given, and
    what that imports) while the run does other work."""

    def __init__(self, first: Callable[[], object] | None = None) -> None:
        self._pool = spawned_pool(1)
        if first is not None:
            self._pool.submit(first)

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
        """End the child once what it runs now is done; what is queued is dropped."""
        self._pool.shutdown(cancel_futures=True)
