"""Great Expectations run in a process of its own, started early.

GX costs a run's process seconds to import and ~130 MB it never gives back, and a
validation over many figures leaves hundreds of MB more behind (its results, metrics and
batches stay referenced or fragment the heap).  Run in a child process, all of that is
returned when the child exits, so the flow's memory is its papers' figures, not GX's.
The child is started (``warm``) when the run begins reading papers, so it imports GX on
the other core while the readers work, and is ready when validation comes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from boardpack.models import ValidationResult
from boardpack.worker.child import die_with_parent
from schemas.records import Observation, TidyCell

_pool: ProcessPoolExecutor | None = None
_warming: Future[None] | None = None


def _import_gx() -> None:
    import great_expectations  # noqa: F401

    import boardpack.validation.expectations  # noqa: F401  (registers the board expectations)


def warm() -> None:
    """Start the GX process and have it import GX, without waiting."""
    global _pool, _warming
    if _pool is None:
        _pool = _start()
        _warming = _pool.submit(_import_gx)


def _start() -> ProcessPoolExecutor:
    """A one-process pool whose process dies with this one, however this one dies.

    spawn: a fork of a process running threads (Prefect's) may inherit a held lock, and a
    forkserver would be one more process to outlive a killed run.  The child asks the
    kernel to kill it when its parent goes (``die_with_parent``)."""
    return ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent
    )


@dataclass(frozen=True)
class GXJob:
    """One validation for the GX process: ``GXValidator.validate``'s arguments."""

    gx_root: Path
    run_name: str
    observations: Sequence[Observation] | None
    """The figures of the papers not validated before (None: none)."""
    cells: Sequence[TidyCell]
    """Their tidy cells that no family maps."""
    meeting_dates: Mapping[str, str | None]
    """Every paper's meeting date, by sha256."""
    across: Sequence[Observation]
    """The figures the cross-paper expectations compare."""


def _validate(job: GXJob) -> tuple[list[ValidationResult], Path | None]:
    from boardpack.validation.gx_suites import GXValidator

    validator = GXValidator(job.gx_root)
    found = validator.validate(
        job.run_name, job.observations, build_docs=False, cells=job.cells, meeting_dates=job.meeting_dates,
        across=job.across,
    )  # fmt: skip
    return found, validator.build_docs()


def validate(job: GXJob) -> tuple[list[ValidationResult], Path | None]:
    """``job`` validated in the GX process (started now if ``warm`` was not called), with
    its Data Docs built; the results and the Data Docs index.  The process ends with the
    call."""
    global _pool, _warming
    pool, _pool, _warming = _pool or _start(), None, None
    try:
        try:
            return pool.submit(_validate, job).result()
        except BrokenProcessPool:
            # The process died before or while validating (killed, out of memory, or the
            # thread that started it ended: ``die_with_parent`` watches that thread): once
            # more in a fresh one, so a lasting fault fails the run with its cause.
            pool.shutdown()
            pool = _start()
            return pool.submit(_validate, job).result()
    finally:
        pool.shutdown()
