"""Pools of helper processes that cannot outlive the run that started them."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
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


def in_child(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``fn(*args, **kwargs)`` (``fn`` a module-level function, the arguments picklable)
    run in a spawned process of its own that ends with the call.

    A process keeps the most memory it ever held (Python and the C libraries under it
    seldom give freed memory back): a stage that builds something large for every
    paper at once, run here, leaves the run's process as it found it."""
    with spawned_pool(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
