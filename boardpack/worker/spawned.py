"""Pools of helper processes that cannot outlive the run that started them."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from boardpack.worker.child import die_with_parent


def spawned_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each killed by the kernel when the thread that
    started it (this process's, for a pool used from its main thread) goes, however it
    goes (``die_with_parent``).

    spawn, not fork: a fork of a process running threads (Prefect's) may inherit a held
    lock; not forkserver: its server would be one more process to outlive a killed run."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent
    )
