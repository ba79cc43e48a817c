"""The release, built in a process of its own that starts while validation runs.

A release's frames hold every figure, source cell and tidy cell of the run at once:
hundreds of MB at a thousand papers, which the run's process would keep as its
high-water mark.  Built in a spawned process (``spawned_pool``), that memory goes back
when the process ends.  The process is started as validation begins (``start``) and
given every paper's mapping then, so it imports, reconciles and builds every table of
the release but the statuses on the other core while GX validates; ``publish`` sends
the statuses and waits for the release.

A mapping the run found in its cache is sent as the cache record's path and loaded by
the release's process: pickled across, a thousand papers' figures and tidy cells cost
the run's process a second of pickling in the middle of validation, and the release's
another to unpickle.  A record it cannot load is sent as the mapping itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import duckdb
import pandas as pd

from boardpack.changelog import diff, entry, prepend
from boardpack.dataset import (
    DUCKDB_MEMORY_LIMIT,
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
from schemas.records import MappingResult
from schemas.registry import series_catalog

ObsKey = tuple[str, str, str, str]
CellKey = tuple[str, str, int, int]

STORE_WAIT_SECONDS = 120.0
"""How long publishing waits for the store while the audit site's process reads it
(``stages.begin_audit``: a second or so; far longer on a loaded machine)."""

LoadMapping = Callable[[Path], object]
"""Loads a cached mapping from its cache record (the mapping, or None if it cannot)."""


@dataclass
class _Started:
    child: Child
    prepared: Future[list[int]]
    """``_prepare``'s answer: the positions of the mappings it could not load."""
    mappings: list[MappingResult]


_started: _Started | None = None
"""In the run's process: the release's process and its preparation, once ``start``ed."""
_mappings: list[object] | None = None
"""In the release's process: the mappings loaded, until the tables are built."""
_prepared: UncheckedFrames | None = None
"""In the release's process: the tables ``_prepare`` built, waiting for their statuses."""


_warm: Child | None = None
"""In the run's process: the release's process, started by ``warm`` and not given a release yet."""


def warm(load: LoadMapping | None = None) -> None:
    """Start the release's process now, so it has imported this module (and ``load``'s)
    by the time ``start`` gives it the run's mappings."""
    global _warm
    if _warm is None:
        _warm = Child(warm=(__name__,) if load is None else (__name__, load.__module__))


def start(
    mappings: Sequence[MappingResult], records: Sequence[Path | None] = (), load: LoadMapping | None = None
) -> None:
    """Start the release's process and have it build the release's tables from
    ``mappings`` (every paper's: every report of every figure, every tidy cell), without
    waiting.  ``records[i]``, where given, is a cache record holding ``mappings[i]``
    that the process loads itself with ``load`` (a module-level function)."""
    global _started, _warm
    if _started is not None:  # a run that failed before publishing left it
        _started.child.close()
    mappings = list(mappings)
    by_record = list(records) if load is not None and records else [None] * len(mappings)
    sent = [m if r is None else r for m, r in zip(mappings, by_record, strict=True)]
    child, _warm = _warm or Child(), None
    _started = _Started(child, child.submit(_prepare, sent, load), mappings)


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
    started, _started = _started, None
    try:
        missing = started.prepared.result()  # its failure, if it failed, is the run's
        if missing:
            started.child.submit(_fill, {i: started.mappings[i] for i in missing}).result()
    except BaseException:
        started.child.close()
        raise
    return started.child.call(_publish, settings, status, cell_status, quarantined)


def _prepare(sent: list[MappingResult | Path], load: LoadMapping | None) -> list[int]:
    """In the release's process: every mapping, each record loaded; the tables built
    unless a record could not be loaded, whose positions are returned (``_fill``)."""
    global _mappings
    _mappings = [load(m) if isinstance(m, Path) and load is not None else m for m in sent]
    missing = [i for i, m in enumerate(_mappings) if not isinstance(m, MappingResult)]
    if not missing:
        _build()
    return missing


def _fill(given: Mapping[int, MappingResult]) -> None:
    """In the release's process: the mappings ``_prepare`` could not load, then the tables."""
    if _mappings is None:
        raise RuntimeError("the release's process has no mappings to complete (_prepare did not run)")
    for i, mapping in given.items():
        _mappings[i] = mapping
    _build()


def _build() -> None:
    global _mappings, _prepared
    mappings, _mappings = cast(list[MappingResult], _mappings or []), None
    observations = [o for m in mappings for o in m.observations]
    _prepared = unchecked_frames(
        reconcile(observations), series_catalog(), [c for m in mappings for c in m.cells]
    )


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
    against the current release) and saved in the store, with the quarantine.

    The store's tables are written in a thread while the files are (DuckDB works without
    the GIL), once the store is free (the audit site's process may be reading it:
    ``stages.begin_audit``), and committed once the release is switched to: a release
    that fails to publish leaves the store as it was."""
    rid = release_id(frames.by_resource(), release_code_version())
    previous = current_release(settings.out)

    def write(directory: Path) -> None:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        write_release_files(frames, directory, rid, created)
        write_changelog(settings.out / "dataset" if previous else None, directory, frames.full, rid, created)

    def save() -> duckdb.DuckDBPyConnection:
        con = connect(settings.database, wait=STORE_WAIT_SECONDS)
        try:
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            con.begin()
            save_dataset(con, frames, rid, quarantined)
        except BaseException:
            con.close()
            raise
        return con

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="boardpack-save-dataset") as pool:
        saving = pool.submit(save)
        try:
            release: Release = publish(settings.out, rid, write)
        except BaseException:
            with suppress(Exception):
                saving.result().close()  # uncommitted: the store stays as it was
            raise
    con = saving.result()
    try:
        con.commit()
    finally:
        con.close()
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
    con: duckdb.DuckDBPyConnection, frames: DatasetFrames, rid: str, quarantined: Sequence[QuarantineItem]
) -> None:
    """The release's tables in the store too (``dataset_*``), and the quarantine, replaced
    whole, in ``con``'s open transaction."""
    for name, frame in frames.by_resource().items():
        con.register("frame", frame)
        con.execute(f"CREATE OR REPLACE TABLE dataset_{name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.execute("CREATE OR REPLACE TABLE dataset_release AS SELECT ? AS release_id", [rid])
    save_quarantine(con, quarantined)
