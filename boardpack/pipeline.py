"""The stage functions the flow wires together, free of Prefect.

Each function takes typed records and settings and returns typed records; the flow's
tasks are one-line wrappers around them, so the whole pipeline can be run and tested
without an orchestrator (``run_pipeline``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from boardpack import __version__
from boardpack.changelog import diff, entry, prepend
from boardpack.dataset import DatasetFrames, build_frames, write_release_files
from boardpack.models import Observation, Paper, PaperTables, ValidationResult
from boardpack.publish import Release, current_release, publish, release_id
from boardpack.reconcile import reconcile
from boardpack.schema_index import schemas_fingerprint, series_info, suite_for_series
from boardpack.settings import RunSettings
from boardpack.sources import FolderSource, PullFailure, SourcesConfig, pull
from boardpack.store import connect, save_observations, save_paper
from schemas.mapping import MappingResult, map_paper

ObsKey = tuple[str, str, str, str]


@dataclass
class Validated:
    """Validation of one run: every result, and each observation's status."""

    results: list[ValidationResult]
    status: dict[ObsKey, str]
    docs_index: Path | None = None


@dataclass
class RunSummary:
    """What one run did, for the CLI, the logs and the run's artifacts."""

    release_id: str
    release_path: Path
    new_release: bool
    papers: int
    tables: int
    observations: int
    errors: int
    warnings: int
    quarantined: list[str] = field(default_factory=list)


def pull_papers(settings: RunSettings) -> tuple[list[Paper], list[PullFailure]]:
    """The papers of the run's source folder, keyed by sha256, with any failures."""
    config = SourcesConfig(sources=(FolderSource(name="local", path=settings.source),))
    result = pull(config, settings.landing)
    return result.papers, result.failures


def record_extraction(settings: RunSettings, paper: Paper, extracted: PaperTables) -> None:
    """Store one paper's tables and cells (replacing any earlier run's rows)."""
    con = connect(settings.database)
    try:
        save_paper(con, paper, extracted)
    finally:
        con.close()


def map_tables(paper: Paper, extracted: PaperTables) -> MappingResult:
    """Observations of one paper's tables."""
    return map_paper(paper, extracted.tables)


def group_by_suite(observations: Sequence[Observation]) -> dict[str, list[Observation]]:
    """Observations grouped by the expectation suite their schema names."""
    groups: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        groups[suite_for_series(o.series_id)].append(o)
    return dict(groups)


def observation_status(
    observations: Sequence[Observation], results: Sequence[ValidationResult]
) -> dict[ObsKey, str]:
    """``failed`` where an error points at the observation's cell, ``warning`` for a
    warning, else ``passed``."""
    worst: dict[tuple[str | None, str | None, int | None, int | None], str] = {}
    for r in results:
        if r.success:
            continue
        where = (r.paper_file, r.table_id, r.row, r.col)
        if r.severity == "error" or worst.get(where) != "failed":
            worst[where] = "failed" if r.severity == "error" else "warning"
    return {o.key: worst.get((o.paper_file, o.table_id, o.row, o.col), "passed") for o in observations}


def validate_run(
    settings: RunSettings, papers: Sequence[Paper], mapped: Sequence[MappingResult]
) -> Validated:
    """Run the expectation suites per paper and record results in the store."""
    from boardpack.validation.gx_suites import GXValidator

    validator = GXValidator(settings.gx_root)
    all_results: list[ValidationResult] = []
    status: dict[ObsKey, str] = {}
    con = connect(settings.database)
    try:
        for paper, result in zip(papers, mapped, strict=True):
            results = validator.validate_paper(
                paper.file, group_by_suite(result.observations), build_docs=False
            )
            paper_status = observation_status(result.observations, results)
            save_observations(con, paper.sha256, result.observations, results, paper_status)
            all_results.extend(results)
            status.update(paper_status)
    finally:
        con.close()
    return Validated(all_results, status, validator.build_docs())


def build_release(
    settings: RunSettings, papers: Sequence[Paper], mapped: Sequence[MappingResult], validated: Validated
) -> RunSummary:
    """Reconcile, then publish the run's figures as a release (a no-op when nothing changed)."""
    observations = [o for m in mapped for o in m.observations]
    reconciled = reconcile(observations)
    frames = build_frames(reconciled, validated.status, series_info())
    rid = release_id([p.sha256 for p in papers], __version__, schemas_fingerprint())
    previous = current_release(settings.out)

    def write(directory: Path) -> None:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        write_release_files(frames, directory, rid, created)
        old = settings.out / "dataset"
        before = pd.read_parquet(old / "observations_full.parquet") if previous else None
        history = (old / "CHANGELOG.md").read_text() if previous and (old / "CHANGELOG.md").exists() else ""
        changelog = directory / "CHANGELOG.md"
        if history:
            changelog.write_text(history)
        prepend(changelog, entry(rid, created, previous, diff(before, frames.full)))

    release: Release = publish(settings.out, rid, write)
    save_dataset(settings, frames, rid)
    failures = [r for r in validated.results if not r.success]
    return RunSummary(
        release_id=release.release_id,
        release_path=release.path,
        new_release=release.new,
        papers=len(papers),
        tables=sum(len(m.observations) > 0 for m in mapped),
        observations=len(observations),
        errors=sum(r.severity == "error" for r in failures),
        warnings=sum(r.severity == "warning" for r in failures),
    )


def save_dataset(settings: RunSettings, frames: DatasetFrames, rid: str) -> None:
    """The release's tables in DuckDB too (``dataset_*``), replaced whole."""
    con = connect(settings.database)
    try:
        con.begin()
        for name, frame in frames.by_resource().items():
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE dataset_{name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute("CREATE OR REPLACE TABLE dataset_release AS SELECT ? AS release_id", [rid])
        con.commit()
    finally:
        con.close()
