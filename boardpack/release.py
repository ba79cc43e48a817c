"""The release, built in a process of its own that starts while validation runs.

A release's frames hold every figure, source cell and tidy cell of the run at once:
hundreds of MB at a thousand papers, which the run's process would keep as its
high-water mark.  Built in a spawned process (``spawned_pool``), that memory goes back
when the process ends.  The process is started as validation begins (``start``) and
given the figures and tidy cells then, so it imports, reconciles and builds every table
of the release but the statuses on the other core while GX validates; ``publish`` sends
the statuses and waits for the release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from boardpack.changelog import diff, entry, prepend
from boardpack.dataset import (
    DatasetFrames,
    UncheckedFrames,
    unchecked_frames,
    with_status,
    write_release_files,
)
from boardpack.fingerprint import release_code_version
from boardpack.publish import Release, current_release, publish, release_id
from boardpack.quarantine import QuarantineItem
from boardpack.reconcile import reconcile
from boardpack.settings import RunSettings
from boardpack.store import connect, save_quarantine
from boardpack.worker.spawned import Child
from schemas.records import Observation, TidyCell
from schemas.registry import series_catalog

ObsKey = tuple[str, str, str, str]
CellKey = tuple[str, str, int, int]

_started: tuple[Child, Future[None]] | None = None
"""In the run's process: the release's process and its preparation, once ``start``ed."""
_prepared: UncheckedFrames | None = None
"""In the release's process: the tables ``_prepare`` built, waiting for their statuses."""


def start(observations: Sequence[Observation], cells: Sequence[TidyCell]) -> None:
    """Start the release's process and have it build the release's tables from
    ``observations`` (every report of every figure) and ``cells`` (every tidy cell),
    without waiting."""
    global _started
    if _started is not None:  # a run that failed before publishing left it
        _started[0].close()
    child = Child()
    _started = child, child.submit(_prepare, list(observations), list(cells))


def started() -> bool:
    """Whether ``start`` began a release that is not published yet."""
    return _started is not None


def publish_with_status(
    settings: RunSettings,
    status: Mapping[ObsKey, str],
    cell_status: Mapping[CellKey, str],
    quarantined: Sequence[QuarantineItem],
) -> Release:
    """The release ``start`` began, given each figure's and tidy cell's validation status,
    published (a no-op when its id is the current release's); the process ends with it."""
    global _started
    if _started is None:
        raise RuntimeError("the release's process was not started (release.start)")
    (child, prepared), _started = _started, None
    try:
        prepared.result()  # its failure, if it failed, is the run's
    except BaseException:
        child.close()
        raise
    return child.call(_publish, settings, status, cell_status, quarantined)


def _prepare(observations: list[Observation], cells: list[TidyCell]) -> None:
    global _prepared
    _prepared = unchecked_frames(reconcile(observations), series_catalog(), cells)


def _publish(
    settings: RunSettings,
    status: Mapping[ObsKey, str],
    cell_status: Mapping[CellKey, str],
    quarantined: Sequence[QuarantineItem],
) -> Release:
    global _prepared
    if _prepared is None:
        raise RuntimeError("the release's process has no tables to publish (_prepare did not run)")
    frames, _prepared = with_status(_prepared, status, cell_status), None
    return publish_frames(settings, frames, quarantined)


def publish_frames(
    settings: RunSettings, frames: DatasetFrames, quarantined: Sequence[QuarantineItem]
) -> Release:
    """``frames`` published as a release under ``settings.out`` (its files, its changelog
    against the current release) and saved in the store, with the quarantine."""
    rid = release_id(frames.by_resource(), release_code_version())
    previous = current_release(settings.out)

    def write(directory: Path) -> None:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        write_release_files(frames, directory, rid, created)
        write_changelog(settings.out / "dataset" if previous else None, directory, frames.full, rid, created)

    release: Release = publish(settings.out, rid, write)
    save_dataset(settings, frames, rid, quarantined)
    return release


def write_changelog(old: Path | None, directory: Path, full: pd.DataFrame, rid: str, created: str) -> None:
    """The release's CHANGELOG: the previous release's history plus this release's entry."""
    before = pd.read_parquet(old / "observations_full.parquet") if old else None
    changelog = directory / "CHANGELOG.md"
    if old and (old / "CHANGELOG.md").exists():
        changelog.write_text((old / "CHANGELOG.md").read_text())
    previous_id = old.resolve().name if old else None
    prepend(changelog, entry(rid, created, previous_id, diff(before, full)))


def save_dataset(
    settings: RunSettings, frames: DatasetFrames, rid: str, quarantined: Sequence[QuarantineItem]
) -> None:
    """The release's tables in DuckDB too (``dataset_*``), and the quarantine, replaced whole."""
    con = connect(settings.database)
    try:
        con.begin()
        for name, frame in frames.by_resource().items():
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE dataset_{name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute("CREATE OR REPLACE TABLE dataset_release AS SELECT ? AS release_id", [rid])
        save_quarantine(con, quarantined)
        con.commit()
    finally:
        con.close()
