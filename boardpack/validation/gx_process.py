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
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from boardpack.models import ValidationResult
from boardpack.worker.spawned import import_idle, spawned_pool
from schemas.records import Observation, TidyCell

if TYPE_CHECKING:
    from boardpack.validation.gx_suites import GXValidator

_pool: ProcessPoolExecutor | None = None


GX_MODULES = ("great_expectations", "boardpack.validation.expectations", "boardpack.validation.gx_suites")
"""What the GX process imports as it starts: GX, the board expectations it registers,
and the suites and checkpoints it runs."""


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


_validator: GXValidator | None = None
"""In the GX process: the validator of the last ``_validate``, for ``_build_docs``."""


def _validate(job: GXJob) -> list[ValidationResult]:
    from boardpack.validation.gx_suites import GXValidator

    global _validator
    _validator = GXValidator(job.gx_root)
    return _validator.validate(
        job.run_name, job.observations, build_docs=False, cells=job.cells, meeting_dates=job.meeting_dates,
        across=job.across,
    )  # fmt: skip


def _build_docs() -> Path | None:
    global _validator
    validator, _validator = _validator, None
    return validator.build_docs() if validator is not None else None


def validate(job: GXJob) -> tuple[list[ValidationResult], Future[Path | None]]:
    """``job`` validated in the GX process (started now if ``warm`` was not called): the
    results, and the Data Docs of the validation, which the process builds after giving
    the results, while the run stores them (the index page, once built:
    ``Future.result``).  The process ends after building them."""
    global _pool
    pool, _pool = _pool or spawned_pool(1), None
    try:
        try:
            found = pool.submit(_validate, job).result()
        except BrokenProcessPool:
            # The process died before or while validating (killed, out of memory, or the
            # thread that started it ended: see ``spawned_pool``): once
            # more in a fresh one, so a lasting fault fails the run with its cause.
            pool.shutdown()
            pool = spawned_pool(1)
            found = pool.submit(_validate, job).result()
        return found, pool.submit(_build_docs)
    finally:
        pool.shutdown(wait=False)  # the docs are built, then its exit (freeing GX's objects) overlaps the run
