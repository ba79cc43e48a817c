"""The stage functions the flow wires together, free of Prefect.

Each function takes typed records and settings and returns typed records; the flow's
tasks are thin wrappers around them, so every stage is tested without an orchestrator.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from boardpack import release
from boardpack.atomic import moved_into, new_staging, replace_dir, swap_in
from boardpack.fingerprint import extractor_version, mapping_fingerprint
from boardpack.models import Paper, ValidationResult
from boardpack.paper_facts import relabelled, with_facts
from boardpack.publish import Release, current_release
from boardpack.quarantine import QuarantineItem, from_mapping, from_pull, from_read
from boardpack.repeats import first_reports
from boardpack.report import PaperSide, write_paper_side, write_release_side
from boardpack.settings import RunSettings
from boardpack.sources import FolderSource, PullResult, SourcesConfig, load_config, pull
from boardpack.store import (
    connect,
    forget_papers_except,
    save_cell_status,
    save_mappings,
    save_names,
    save_observations,
    save_papers,
    save_quarantine,
    save_reads,
    save_run_results,
    stored_mappings,
    stored_papers,
    stored_quarantine,
)
from boardpack.worker import PaperRead
from boardpack.worker.records import settle_read
from boardpack.worker.spawned import Child
from extractors.records import PaperTables
from schemas.mapping import map_paper
from schemas.records import MappingResult, Observation

ObsKey = tuple[str, str, str, str]


@dataclass
class Validated:
    """Validation of one run: every result, each observation's status and each tidy
    cell's (by paper sha256, table, row, col)."""

    results: list[ValidationResult]
    status: dict[ObsKey, str]
    docs_index: Path | None = None
    cell_status: dict[tuple[str, str, int, int], str] = field(default_factory=dict)


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
    held_back: int = 0
    """Files and pages quarantined at pull or extract (cells left unmapped not counted):
    the run exits 1 when there are any (``boardpack.exit_codes``)."""


def sources_config(settings: RunSettings) -> SourcesConfig:
    """The run's sources: a sources YAML file, or a folder of PDFs."""
    if settings.source.suffix in (".yaml", ".yml"):
        return load_config(settings.source)
    return SourcesConfig(sources=(FolderSource(name="local", path=settings.source),))


def pull_papers(settings: RunSettings) -> PullResult:
    """The papers of the run's sources, keyed by sha256, with any failures."""
    return pull(sources_config(settings), settings.landing)


def stored_extractions(settings: RunSettings, papers: Sequence[Paper]) -> set[str]:
    """The sha256s of ``papers`` whose tables and cells the store holds as the current
    extractor read them; every paper not in ``papers`` is forgotten first (the store
    mirrors the run's papers: one taken out of the source leaves it too)."""
    con = connect(settings.database)
    try:
        forget_papers_except(con, [p.sha256 for p in papers])
        version = extractor_version()
        return {sha for sha, v in stored_papers(con).items() if v == version}
    finally:
        con.close()


def record_extraction(
    settings: RunSettings, papers: Sequence[Paper], extracted: Sequence[PaperTables]
) -> None:
    """Store the papers' tables and cells (each paper's replacing what the store held),
    in one transaction."""
    con = connect(settings.database)
    try:
        save_papers(con, list(zip(papers, extracted, strict=True)), extractor_version())
    finally:
        con.close()


def with_own_facts(papers: Sequence[Paper], extracted: Sequence[PaperTables]) -> list[Paper]:
    """Each paper with its facts completed from its own pages (``with_facts``)."""
    return [with_facts(p, t.facts) for p, t in zip(papers, extracted, strict=True)]


def settle_papers(
    papers: Sequence[Paper], extracted: Sequence[PaperTables]
) -> tuple[list[Paper], list[PaperTables]]:
    """``with_own_facts``, and each extraction under the paper's current file name (it
    may come from the cache under another)."""
    settled = with_own_facts(papers, extracted)
    return settled, [relabelled(t, p.file) for p, t in zip(settled, extracted, strict=True)]


def settle_reads(papers: Sequence[Paper], reads: Sequence[PaperRead]) -> tuple[list[Paper], list[PaperRead]]:
    """``settle_read`` of each paper and its read."""
    settled = [settle_read(p, r) for p, r in zip(papers, reads, strict=True)]
    return [p for p, _ in settled], [r for _, r in settled]


def undated(papers: Sequence[Paper]) -> list[str]:
    """The warning line of each paper whose meeting date was found nowhere."""
    return [
        f"{p.file}: no meeting date found (manifest, cover, metadata, file name); tables whose period is "
        "the meeting's are left unmapped and no period can be checked against the meeting"
        for p in papers
        if not p.meeting_date
    ]


def record_reads(settings: RunSettings, pulled: PullResult, reads: Sequence[PaperRead]) -> None:
    """Store how each paper was read (``paper_status``) and every name of every paper."""
    con = connect(settings.database)
    try:
        con.begin()
        save_reads(con, {p.sha256: r for p, r in zip(pulled.papers, reads, strict=True)})
        save_names(con, pulled.names)
        con.commit()
    finally:
        con.close()


def map_tables(paper: Paper, extracted: PaperTables) -> MappingResult:
    """Observations, tidy cells and table mappings of one paper's tables."""
    return map_paper(paper, extracted.tables)


def record_mapping(
    settings: RunSettings, papers: Sequence[Paper], mapped: Sequence[MappingResult]
) -> list[str]:
    """Store each paper's tidy cells and what became of each of its tables, but for the
    papers whose mapping the store holds already, made the same way: a rerun that adds
    one paper to a thousand rewrites one paper's rows, not a thousand.  Returns the
    sha256s of the papers stored."""
    made_by = {p.sha256: mapping_fingerprint(p) for p in papers}
    con = connect(settings.database)
    try:
        stored = stored_mappings(con)
        todo = {
            p.sha256: m
            for p, m in zip(papers, mapped, strict=True)
            if stored.get(p.sha256) != made_by[p.sha256]
        }
        save_mappings(con, todo, made_by)
    finally:
        con.close()
    return list(todo)


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
    """Validate the papers and record results and statuses (of observations and of tidy
    cells) in the store, per paper.

    Each paper's one-paper results (every expectation of its suites but those that
    compare papers, and the checks that need no family over the tidy cells of the tables
    no family maps) come from an earlier run when it validated the same paper with the
    same code (``boardpack.validation.kept``); the papers not validated before go through
    GX in one checkpoint run.  The expectations that compare papers run in another, under
    the same run id, over the figure groups (series and category) whose figures changed
    since the last run; the other groups' results are kept (``kept_across``)."""
    from boardpack.store import paper_row_counts
    from boardpack.validation import gx_process, kept_across
    from boardpack.validation.cell_frame import unmapped_cells
    from boardpack.validation.cell_status import cell_status
    from boardpack.validation.gx_suites import across_types
    from boardpack.validation.kept import figures_key, forget_others, keep_results, kept_results, run_level
    from boardpack.validation.stored import load_stored, papers_to_write, rows_digest, save_stored

    folder = settings.cache / "validation"
    # Every report of a figure, repeats too: each cell takes its figure's status.
    reported = [o for m in mapped for o in m.observations]
    # A figure printed again in its own paper is validated once (boardpack.repeats).
    mapped = [replace(m, observations=first_reports(m.observations)) for m in mapped]
    observations = [o for m in mapped for o in m.observations]
    kept = {p.sha256: kept_results(folder, p) for p in papers}
    fresh = [(p, m) for p, m in zip(papers, mapped, strict=True) if kept[p.sha256] is None]
    across_folder = folder / "across"
    kept_groups = kept_across.load_kept(across_folder)
    figure_keys = {p.sha256: figures_key(p) for p in papers}
    digests = kept_across.group_digests(observations, figure_keys)
    stale = kept_across.stale_groups(kept_groups, digests)
    run_name = datetime.now(UTC).strftime("run-%Y%m%dT%H%M%S")
    found, docs = gx_process.validate(
        gx_process.GXJob(
            settings.gx_root,
            run_name,
            [o for _, m in fresh for o in m.observations] if fresh else None,
            cells=[c for _, m in fresh for c in unmapped_cells(m.cells, m.tables)],
            meeting_dates={p.sha256: p.meeting_date for p in papers},
            across=[o for o in observations if (o.series_id, o.category_id) in stale],
        )
    )
    across = across_types()
    one_paper = [r for r in found if r.check not in across]
    kept_groups = kept_across.updated(kept_groups, digests, stale, [r for r in found if r.check in across])
    kept_across.save_kept(across_folder, kept_groups)
    compared = kept_across.kept_results(kept_groups)
    by_paper: dict[str, list[ValidationResult]] = defaultdict(list)
    for r in one_paper:
        by_paper[r.paper_sha256 or ""].append(r)
    for p, _ in fresh:
        mine = by_paper.get(p.sha256, []) + by_paper.get("", [])
        keep_results(folder, p, mine)
        kept[p.sha256] = mine
    forget_others(folder, papers)
    one_paper_all = [r for rs in kept.values() for r in rs or []]  # every paper's now: kept or fresh
    results: dict[str, list[ValidationResult]] = defaultdict(list)
    for r in one_paper_all + compared:
        if r.paper_sha256 is not None:
            results[r.paper_sha256].append(r)
    known = {p.sha256 for p in papers}
    whole_run = run_level([*one_paper_all, *compared])
    all_results = [r for rs in results.values() for r in rs] + whole_run
    status: dict[ObsKey, str] = {}
    for paper, result in zip(papers, mapped, strict=True):
        status.update(observation_status(result.observations, results.get(paper.sha256, [])))
    # Only the papers whose rows changed are written again (``boardpack.validation.stored``).
    rows: dict[str, tuple[str, tuple[int, int]]] = {}
    for p, m in zip(papers, mapped, strict=True):
        mine = results.get(p.sha256, [])
        digest = rows_digest(figure_keys[p.sha256], m.observations, status, mine)
        rows[p.sha256] = (digest, (len(m.observations), len(mine)))
    con = connect(settings.database)
    try:
        write = papers_to_write(rows, load_stored(folder), paper_row_counts(con))
        chosen = set(write)
        save_observations(con, write, [o for o in observations if o.paper_sha256 in chosen],
                          [r for sha in write for r in results.get(sha, [])], status)  # fmt: skip
        save_run_results(con, whole_run + [r for f, rs in results.items() if f not in known for r in rs])
        cells = cell_status([c for m in mapped for c in m.cells], [t for m in mapped for t in m.tables],
                            reported, status, all_results)  # fmt: skip
        save_cell_status(con, cells)
    finally:
        con.close()
    save_stored(folder, rows)  # once the store holds them
    return Validated(all_results, status, publish_docs(settings, docs.result()), cells)


def publish_docs(settings: RunSettings, built: Path | None) -> Path | None:
    """A whole copy of the Data Docs GX just built (in place, file by file) swapped in at
    ``settings.data_docs``; returns its index page."""
    if built is None:
        return None
    site = built.parent

    def copy(staging: Path) -> Path:
        shutil.copytree(site, staging, dirs_exist_ok=True)
        return settings.data_docs / built.name

    return replace_dir(settings.data_docs, copy)


def quarantine(
    pulled: PullResult, reads: Sequence[PaperRead], mapped: Sequence[MappingResult]
) -> list[QuarantineItem]:
    """Everything of the run that could not be read, with its reason and kind."""
    items = from_pull(pulled.failures)
    for paper, read in zip(pulled.papers, reads, strict=True):
        items.extend(from_read(paper, read))
    for paper, m in zip(pulled.papers, mapped, strict=True):
        items.extend(from_mapping(m, paper.sha256))
    return items


def build_release(
    settings: RunSettings,
    papers: Sequence[Paper],
    tables: Sequence[int],
    mapped: Sequence[MappingResult],
    validated: Validated,
    quarantined: Sequence[QuarantineItem] = (),
) -> RunSummary:
    """Reconcile, then publish the run's figures as a release (a no-op when nothing changed);
    the audit site is written after it (``write_audit``).  The release is built in a
    process of its own, begun by ``release.start`` (here, if it was not)."""
    if not release.started():
        release.start(mapped)
    published = release.publish_with_status(settings, validated.status, validated.cell_status, quarantined)
    return summarise(published, papers, tables, mapped, validated, quarantined)


_audit_warm: Child | None = None
"""In the run's process: the audit site's process, started by ``warm_audit`` and given no work yet."""
_audit: Child | None = None
"""In the run's process: the audit site's process, once ``begin_audit`` gave it work."""
_begun: tuple[Path, PaperSide] | None = None
"""In the audit site's process: the staging folder ``_begin_site`` wrote the papers' side
of the site into, and what it read and wrote."""


def begin_audit(settings: RunSettings) -> None:
    """Start the audit site's process now and have it write the part of the site that
    needs no release (``write_paper_side``: every paper's images and page) while the
    release is published; ``write_audit`` finishes it.

    It reads the store's paper side first, in a second or so: the release's process,
    which stores the release's tables as it publishes, waits for it (``connect``'s
    ``wait``); should the release have the store first, ``write_audit`` writes the whole
    site after it."""
    global _audit, _audit_warm
    if _audit is not None:  # a run that failed before its audit site left it
        _audit.close()
    _audit, _audit_warm = warm_audit(), None
    _audit.submit(_begin_site, settings)


def warm_audit() -> Child:
    """Start the audit site's process now (once), so it has imported the stages and the
    report (at idle priority) by the time ``begin_audit`` gives it work; the process."""
    global _audit_warm
    if _audit_warm is None:
        _audit_warm = Child(warm=(__name__,))
    return _audit_warm


def write_audit(settings: RunSettings) -> Path:
    """Write the audit report beside the last one and swap it in whole.

    The site is written by a process of its own (``begin_audit``'s, else one started
    now): it reads the whole store into records (hundreds of MB at a thousand papers)
    that the run's process would otherwise keep as its high-water mark; the child gives
    them back when it exits."""
    global _audit
    child, _audit = _audit or Child(), None
    return child.call(_write_audit, settings)


def _begin_site(settings: RunSettings) -> None:
    """In the audit site's process: the papers' side of the site written into a staging
    folder, or nothing if it could not be (the store held by the release, or any other
    failure: ``_write_audit`` then writes the whole site, and meets a lasting fault itself)."""
    global _begun
    _begun = None
    staging = new_staging(settings.audit)
    try:
        _begun = staging, write_paper_side(settings.database, staging, settings.audit)
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)


def _write_audit(settings: RunSettings) -> Path:
    """In the audit site's process: the site finished in the folder ``_begin_site``
    staged (else written whole in a new one) and swapped in; its index, as named then."""
    global _begun
    begun, _begun = _begun, None
    staging, side = begun or (new_staging(settings.audit), None)

    def finish() -> Path:
        papers = side or write_paper_side(settings.database, staging, settings.audit)
        return write_release_side(settings.database, staging, papers)

    return moved_into(swap_in(staging, settings.audit, finish), staging, settings.audit)


def summarise(
    release: Release,
    papers: Sequence[Paper],
    tables: Sequence[int],
    mapped: Sequence[MappingResult],
    validated: Validated,
    quarantined: Sequence[QuarantineItem],
) -> RunSummary:
    """The run summary: totals, per-paper counts (``tables``: each paper's tables) and
    where to look."""
    failures = [r for r in validated.results if not r.success]
    errors_by_paper: Mapping[str, int] = _count_errors(failures)
    per_paper = [
        PaperCounts(p.file, n, len(m.observations), errors_by_paper.get(p.sha256, 0))
        for p, n, m in zip(papers, tables, mapped, strict=True)
    ]
    return RunSummary(
        release_id=release.release_id,
        release_path=release.path,
        new_release=release.new,
        papers=len(papers),
        tables=sum(tables),
        observations=sum(len(m.observations) for m in mapped),
        errors=sum(r.severity == "error" for r in failures),
        warnings=sum(r.severity == "warning" for r in failures),
        quarantined=[q.line() for q in quarantined],
        held_back=sum(q.stage != "map" for q in quarantined),
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


def unchanged_summary(settings: RunSettings, papers: Sequence[Paper]) -> RunSummary:
    """The summary of a run that found nothing new: the current release and the store's
    counts and quarantine of the run that made it (the same figures that run reported)."""
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
        held = stored_quarantine(con)
    finally:
        con.close()
    summary = current_summary(settings, len(papers), held)
    summary.tables, summary.observations = tables, observations
    summary.errors, summary.warnings = failed.get("error", 0), failed.get("warning", 0)
    summary.undated = undated([p for p in papers if p.sha256 in no_date])
    summary.unmapped = unmapped
    return summary


def current_summary(settings: RunSettings, papers: int, held: Sequence[QuarantineItem]) -> RunSummary:
    """The summary of a run that published nothing new: the current release (if any),
    ``held`` quarantined, and where the reports are."""
    rid = current_release(settings.out) or ""
    return RunSummary(
        release_id=rid,
        release_path=settings.out / "releases" / rid,
        new_release=False,
        papers=papers,
        tables=0,
        observations=0,
        errors=0,
        warnings=0,
        quarantined=[q.line() for q in held],
        held_back=sum(q.stage != "map" for q in held),
        docs_index=_existing(settings.data_docs / "index.html"),
        audit_report=_existing(settings.audit / "index.html"),
    )


def no_papers_summary(settings: RunSettings, pulled: PullResult) -> RunSummary:
    """A run whose source gave no readable paper: nothing to publish, the release stays
    as it was; what could not be pulled is stored in the quarantine."""
    held = from_pull(pulled.failures)
    con = connect(settings.database)
    try:
        con.begin()
        save_quarantine(con, held)
        con.commit()
    finally:
        con.close()
    return current_summary(settings, 0, held)


def _existing(path: Path) -> Path | None:
    return path if path.exists() else None
