"""Great Expectations run in a process of its own, started early.

GX costs a run's process seconds to import and ~130 MB it never gives back, and a
validation over many figures leaves hundreds of MB more behind (its results, metrics and
batches stay referenced or fragment the heap).  Run in a child process, all of that is
returned when the child exits, so the flow's memory is its papers' figures, not GX's.
The child is started (``warm``) when the run begins reading papers, so it imports GX,
at idle priority (``import_idle``), on any core the readers leave, and is ready when
validation comes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from boardpack.models import ValidationResult
from boardpack.worker.spawned import import_idle, spawned_pool
from schemas.records import Observation, TidyCell

_pool: ProcessPoolExecutor | None = None


GX_MODULES = ("great_expectations", "boardpack.validation.expectations")
"""What the GX process imports as it starts: GX, and the board expectations it registers."""


def warm() -> None:
    """Start the GX process and have it import GX, without waiting."""
    global _pool
    if _pool is None:
        _pool = spawned_pool(1)
        _pool.submit(import_idle, GX_MODULES)


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
    global _pool
    pool, _pool = _pool or spawned_pool(1), None
    try:
        try:
            return pool.submit(_validate, job).result()
        except BrokenProcessPool:
            # The process died before or while validating (killed, out of memory, or the
            # thread that started it ended: see ``spawned_pool``): once
            # more in a fresh one, so a lasting fault fails the run with its cause.
            pool.shutdown()
            pool = spawned_pool(1)
            return pool.submit(_validate, job).result()
    finally:
        pool.shutdown(wait=False)  # its exit (freeing GX's objects) overlaps the run's next steps
