"""The stage functions the flow wires together, free of Prefect.

Each function takes typed records and settings and returns typed records; the flow's
tasks are thin wrappers around them, so every stage is tested without an orchestrator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from boardpack.changelog import diff, entry, prepend
from boardpack.dataset import DatasetFrames, build_frames, write_release_files
from boardpack.fingerprint import extractor_version, release_code_version
from boardpack.models import Paper, ValidationResult
from boardpack.paper_facts import relabelled, with_facts
from boardpack.publish import Release, current_release, publish, release_id
from boardpack.quarantine import QuarantineItem, from_extraction, from_mapping, from_pull
from boardpack.reconcile import reconcile
from boardpack.report import write_audit_report
from boardpack.settings import RunSettings
from boardpack.sources import FolderSource, PullResult, SourcesConfig, load_config, pull
from boardpack.store import (
    connect,
    forget_papers_except,
    save_mapping,
    save_observations,
    save_paper,
    save_quarantine,
    save_run_results,
    stored_papers,
)
from extractors.records import PaperTables
from schemas.mapping import map_paper
from schemas.records import MappingResult, Observation
from schemas.registry import series_catalog

ObsKey = tuple[str, str, str, str]


@dataclass
class Validated:
    """Validation of one run: every result, and each observation's status."""

    results: list[ValidationResult]
    status: dict[ObsKey, str]
    docs_index: Path | None = None


@dataclass(frozen=True)
class PaperCounts:
    """One paper's line in the run summary."""

    file: str
    tables: int
    observations: int
    errors: int


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
    per_paper: list[PaperCounts] = field(default_factory=list)
    docs_index: Path | None = None
    audit_report: Path | None = None
    reprocessed: list[str] = field(default_factory=list)
    """Papers extracted afresh in this run (the rest came from the hash-keyed cache)."""
    undated: list[str] = field(default_factory=list)
    """Papers with no meeting date, one warning line each."""
    unmapped: list[str] = field(default_factory=list)
    """Tables no family mapped, one line each: paper, table, tidy cells and the reason."""


def sources_config(settings: RunSettings) -> SourcesConfig:
    """The run's sources: a sources YAML file, or a folder of PDFs."""
    if settings.source.suffix in (".yaml", ".yml"):
        return load_config(settings.source)
    return SourcesConfig(sources=(FolderSource(name="local", path=settings.source),))


def pull_papers(settings: RunSettings) -> PullResult:
    """The papers of the run's sources, keyed by sha256, with any failures."""
    return pull(sources_config(settings), settings.landing)


def run_release_id(papers: Sequence[Paper]) -> str:
    """The id the release of these papers will have under the current code."""
    return release_id([p.sha256 for p in papers], release_code_version())


def nothing_new(settings: RunSettings, rid: str, papers: Sequence[Paper]) -> bool:
    """True when the current release already is ``rid`` and the store holds every paper
    as the current extractor read it (a deleted or rebuilt store is refilled)."""
    if current_release(settings.out) != rid or not (settings.out / "releases" / rid).is_dir():
        return False
    con = connect(settings.database)
    try:
        stored = stored_papers(con)
    finally:
        con.close()
    version = extractor_version()
    return all(stored.get(p.sha256) == version for p in papers)


def record_extraction(
    settings: RunSettings, papers: Sequence[Paper], extracted: Sequence[PaperTables]
) -> None:
    """Store the papers' tables and cells, skipping extractions stored already."""
    con = connect(settings.database)
    try:
        forget_papers_except(con, [p.sha256 for p in papers])
        stored, version = stored_papers(con), extractor_version()
        for paper, tables in zip(papers, extracted, strict=True):
            if stored.get(paper.sha256) != version:
                save_paper(con, paper, tables, version)
    finally:
        con.close()


def settle_papers(
    papers: Sequence[Paper], extracted: Sequence[PaperTables]
) -> tuple[list[Paper], list[PaperTables]]:
    """Each paper with its facts completed from its own pages (``with_facts``), and each
    extraction under the paper's current file name (it may come from the cache under
    another)."""
    settled = [with_facts(p, e.facts) for p, e in zip(papers, extracted, strict=True)]
    return settled, [relabelled(e, p.file) for p, e in zip(papers, extracted, strict=True)]


def undated(papers: Sequence[Paper]) -> list[str]:
    """The warning line of each paper whose meeting date was found nowhere."""
    return [
        f"{p.file}: no meeting date found (manifest, cover, metadata, file name); tables whose period is "
        "the meeting's are left unmapped and no period can be checked against the meeting"
        for p in papers
        if not p.meeting_date
    ]


def map_tables(paper: Paper, extracted: PaperTables) -> MappingResult:
    """Observations, tidy cells and table mappings of one paper's tables."""
    return map_paper(paper, extracted.tables)


def record_mapping(settings: RunSettings, papers: Sequence[Paper], mapped: Sequence[MappingResult]) -> None:
    """Store each paper's tidy cells and what became of each of its tables."""
    con = connect(settings.database)
    try:
        for paper, result in zip(papers, mapped, strict=True):
            save_mapping(con, paper.sha256, result)
    finally:
        con.close()


def observation_status(
    observations: Sequence[Observation], results: Sequence[ValidationResult]
) -> dict[ObsKey, str]:
    """``failed`` where an error is about the observation (by its key), ``warning`` where
    only a warning is, else ``passed``."""
    worst: dict[ObsKey, str] = {}
    for r in results:
        if r.success:
            continue
        for key in r.figure_keys:
            if r.severity == "error" or worst.get(key) != "failed":
                worst[key] = "failed" if r.severity == "error" else "warning"
    return {o.key: worst.get(o.key, "passed") for o in observations}


def validate_run(
    settings: RunSettings, papers: Sequence[Paper], mapped: Sequence[MappingResult]
) -> Validated:
    """Run every expectation suite, the board checks among them, over all papers'
    observations in one GX checkpoint; record results and statuses in the store, per paper."""
    from boardpack.validation.gx_suites import GXValidator

    validator = GXValidator(settings.gx_root)
    observations = [o for m in mapped for o in m.observations]
    run_name = datetime.now(UTC).strftime("run-%Y%m%dT%H%M%S")
    results: dict[str, list[ValidationResult]] = defaultdict(list)
    for r in validator.validate(run_name, observations, build_docs=False):
        results[r.paper_sha256 or ""].append(r)
    all_results = [r for rs in results.values() for r in rs]
    status: dict[ObsKey, str] = {}
    con = connect(settings.database)
    try:
        for paper, result in zip(papers, mapped, strict=True):
            paper_status = observation_status(result.observations, results.get(paper.sha256, []))
            save_observations(
                con, paper.sha256, result.observations, results.get(paper.sha256, []), paper_status
            )
            status.update(paper_status)
        known = {p.sha256 for p in papers}
        save_run_results(con, [r for f, rs in results.items() if f not in known for r in rs])
    finally:
        con.close()
    return Validated(all_results, status, validator.build_docs())


def quarantine(
    pulled: PullResult, extracted: Sequence[PaperTables], mapped: Sequence[MappingResult]
) -> list[QuarantineItem]:
    """Everything of the run that could not be read, with its reason."""
    items = from_pull(pulled.failures)
    for e in extracted:
        items.extend(from_extraction(e))
    for m in mapped:
        items.extend(from_mapping(m))
    return items


def build_release(
    settings: RunSettings,
    papers: Sequence[Paper],
    extracted: Sequence[PaperTables],
    mapped: Sequence[MappingResult],
    validated: Validated,
    quarantined: Sequence[QuarantineItem] = (),
) -> RunSummary:
    """Reconcile, then publish the run's figures as a release (a no-op when nothing changed);
    the audit site is written after it (``write_report``)."""
    observations = [o for m in mapped for o in m.observations]
    cells = [c for m in mapped for c in m.cells]
    frames = build_frames(reconcile(observations), validated.status, series_catalog(), cells)
    rid = run_release_id(papers)
    previous = current_release(settings.out)

    def write(directory: Path) -> None:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        write_release_files(frames, directory, rid, created)
        write_changelog(settings.out / "dataset" if previous else None, directory, frames.full, rid, created)

    release: Release = publish(settings.out, rid, write)
    save_dataset(settings, frames, rid, quarantined)
    return summarise(release, papers, extracted, mapped, validated, quarantined)


def write_report(settings: RunSettings) -> Path:
    """Write the audit site of the run's store; return its index page."""
    return write_audit_report(settings.database, settings.audit)


def write_changelog(old: Path | None, directory: Path, full: pd.DataFrame, rid: str, created: str) -> None:
    """The release's CHANGELOG: the previous release's history plus this release's entry."""
    before = pd.read_parquet(old / "observations_full.parquet") if old else None
    changelog = directory / "CHANGELOG.md"
    if old and (old / "CHANGELOG.md").exists():
        changelog.write_text((old / "CHANGELOG.md").read_text())
    previous_id = old.resolve().name if old else None
    prepend(changelog, entry(rid, created, previous_id, diff(before, full)))


def summarise(
    release: Release,
    papers: Sequence[Paper],
    extracted: Sequence[PaperTables],
    mapped: Sequence[MappingResult],
    validated: Validated,
    quarantined: Sequence[QuarantineItem],
) -> RunSummary:
    """The run summary: totals, per-paper counts and where to look."""
    failures = [r for r in validated.results if not r.success]
    errors_by_paper: Mapping[str, int] = _count_errors(failures)
    per_paper = [
        PaperCounts(p.file, len(e.tables), len(m.observations), errors_by_paper.get(p.sha256, 0))
        for p, e, m in zip(papers, extracted, mapped, strict=True)
    ]
    return RunSummary(
        release_id=release.release_id,
        release_path=release.path,
        new_release=release.new,
        papers=len(papers),
        tables=sum(len(e.tables) for e in extracted),
        observations=sum(len(m.observations) for m in mapped),
        errors=sum(r.severity == "error" for r in failures),
        warnings=sum(r.severity == "warning" for r in failures),
        quarantined=[q.line() for q in quarantined],
        per_paper=per_paper,
        docs_index=validated.docs_index,
        undated=undated(papers),
        unmapped=[
            unmapped_line(p.file, t.table_id, t.tidy_cells, t.reason)
            for p, m in zip(papers, mapped, strict=True)
            for t in m.unmapped
        ],
    )


def unmapped_line(file: str, table_id: str, tidy_cells: int, reason: str) -> str:
    """One unmapped table for the run summary: where, how many tidy cells it still gave, why."""
    return f"{file} {table_id} ({tidy_cells} tidy cells): {reason}"


def _count_errors(failures: Sequence[ValidationResult]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in failures:
        if r.severity == "error":
            counts[r.paper_sha256 or ""] += 1
    return counts


def unchanged_summary(
    settings: RunSettings, rid: str, papers: Sequence[Paper], pulled: PullResult
) -> RunSummary:
    """The summary of a run that found nothing new: the current release and the store's
    counts of the run that made it (the same figures that run reported)."""
    con = connect(settings.database)
    try:
        tables, observations = con.execute(
            "SELECT (SELECT count(*) FROM tables), (SELECT count(*) FROM observations)"
        ).fetchone() or (0, 0)
        no_date = [
            f for (f,) in con.execute("SELECT paper_sha256 FROM papers WHERE meeting_date IS NULL").fetchall()
        ]
        unmapped = [
            unmapped_line(*row)
            for row in con.execute(
                "SELECT p.paper_file, m.table_id, m.tidy_cells, m.reason FROM table_mappings m "
                "JOIN papers p USING (paper_sha256) WHERE m.status = 'unmapped' ORDER BY 1, 2"
            ).fetchall()
        ]
        failed = dict(
            con.execute(
                "SELECT severity, count(*) FROM validation_results WHERE NOT success GROUP BY 1"
            ).fetchall()
        )
    finally:
        con.close()
    return RunSummary(
        release_id=rid,
        release_path=settings.out / "releases" / rid,
        new_release=False,
        papers=len(papers),
        tables=tables,
        observations=observations,
        errors=failed.get("error", 0),
        warnings=failed.get("warning", 0),
        quarantined=[q.line() for q in from_pull(pulled.failures)],
        docs_index=_existing(settings.data_docs_index),
        audit_report=_existing(settings.audit / "index.html"),
        undated=undated([p for p in papers if p.sha256 in no_date]),
        unmapped=unmapped,
    )


def _existing(path: Path) -> Path | None:
    return path if path.exists() else None


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
