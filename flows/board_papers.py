"""The ``board-papers`` Prefect flow: pull → extract → map → validate → publish.

Orchestration only: every task calls one function of the core packages, so the logic
is tested without Prefect.  Incremental by content hash:

* extraction and mapping are cached on the paper's sha256 plus a fingerprint of the
  code that produced them (never on file objects), so a changed or added paper is the
  only one reprocessed; the flow reads cached results itself (``from_cache``), so a
  paper already done costs no task run;
* when the papers and the code give the release id that is already published, the run
  stops after pull: nothing new, almost no work;
* each paper's tables go to the store as papers are read, fifty at a time, and are then
  dropped: a run never holds every paper's tables at once.

Per-paper tasks are submitted (``.map``, ``.submit``) so a Dask task runner
(``flows/runners.py``) spreads them over workers; a paper's mapping is submitted as soon
as it is read, so mapping runs while the readers read the rest.  On a Dask cluster the
papers to read go in a few balanced chunks per worker instead (``boardpack.chunks``),
one task each: there a task run costs more orchestration than reading a small paper.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE, CacheKeyFnPolicy, CachePolicy
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture, as_completed
from prefect.utilities.annotations import quote, unmapped

from boardpack import release
from boardpack.chunks import balanced_chunks, chunk_count
from boardpack.lock import run_lock
from boardpack.models import Paper
from boardpack.run_state import mark_finished, outputs_whole, run_key
from boardpack.settings import RunSettings, default_settings
from boardpack.sources import PullResult
from boardpack.stages import (
    RunSummary,
    Validated,
    begin_audit,
    build_release,
    map_tables,
    no_papers_summary,
    pull_papers,
    quarantine,
    record_extraction,
    record_mapping,
    record_reads,
    settle_reads,
    stored_extractions,
    unchanged_summary,
    undated,
    validate_run,
    warm_audit,
    write_audit,
)
from boardpack.store import PAPERS_PER_BATCH
from boardpack.timings import StageClock, timings_record, write_timings
from boardpack.validation import gx_process
from boardpack.worker import PaperRead
from boardpack.worker.run import POOL
from extractors.records import PaperTables
from flows import preload
from flows.artifacts import publish_run_artifacts
from flows.ephemeral import Launched
from flows.extract import (
    cached_result,
    extract_chunk_task,
    extract_key,
    extract_task,
    log_mapping,
    map_key,
    mapping_records,
)
from flows.runners import cluster_slots, task_runner_from_env
from schemas.records import MappingResult

T = TypeVar("T")

# Our packages' INFO lines belong in the run logs (PREFECT_LOGGING_EXTRA_LOGGERS routes
# them; without a level they inherit the root's WARNING).
for _name in ("extractors", "schemas", "boardpack"):
    logging.getLogger(_name).setLevel(logging.INFO)


def whole(value: T) -> T:
    """``value`` as a task parameter Prefect passes through untouched.

    Prefect walks every parameter, element by element, looking for futures to wait on
    and inputs to record; over a run's papers, tables and cells that walk cost more than
    the stages themselves (minutes at 200 papers).  These parameters hold no futures."""
    return cast(T, quote(value))


CHUNKS_PER_SLOT = 3
"""Chunks of papers per task a Dask cluster runs at once: one would pay the fewest task
runs, a few let a worker that finishes early (its papers were quicker, or it had the
cores to itself) take over work another would have queued."""


def _cached(key_fn: Any, settings: RunSettings) -> dict[str, Any]:
    """Task options for a hash-keyed cache whose results live with the run's outputs:
    a new output folder starts cold, deleting ``outputs/`` clears it, and a moved one
    keeps working (results are found by key under ``out/cache``, never by a stored
    absolute path).  A result a killed run left half-written is dropped, not read."""
    folder = settings.cache

    def checked_key(context: Any, parameters: dict[str, Any]) -> str:
        key: str = key_fn(context, parameters)
        drop_unreadable(folder / key)
        return key

    policy: CachePolicy = CacheKeyFnPolicy(cache_key_fn=checked_key)
    return {"cache_policy": policy, "result_storage": folder}


def drop_unreadable(record: Path) -> None:
    """Delete the cached result ``record`` if it cannot be read back whole."""
    cached_result(record)


@task(name="pull", cache_policy=NO_CACHE)
def pull_task(settings: RunSettings) -> PullResult:
    """Find the papers of the sources, keyed by content hash."""
    pulled = pull_papers(settings)
    log = get_run_logger()
    for f in pulled.failures:
        log.error("quarantined: %s: %s", f.url_or_path, f.reason)
    log.info("pulled %d papers from %s", len(pulled.papers), settings.source)
    return pulled


@task(name="store-tables", cache_policy=NO_CACHE)
def store_tables_task(settings: RunSettings, papers: list[Paper], tables: list[PaperTables]) -> None:
    """Record papers (their facts settled) with their tables and cells in DuckDB, in the
    flow's process (one writer: DuckDB allows one)."""
    record_extraction(settings, papers, tables)


@task(name="store", cache_policy=NO_CACHE)
def store_reads_task(settings: RunSettings, pulled: PullResult, reads: list[PaperRead]) -> None:
    """Record how each paper was read, and every name of every paper, in DuckDB."""
    record_reads(settings, pulled, reads)


@task(name="store-mapping", cache_policy=NO_CACHE)
def store_mapping_task(settings: RunSettings, papers: list[Paper], mapped: list[MappingResult]) -> None:
    """Record every paper's tidy cells and table mappings in DuckDB; list the unmapped
    tables of the papers mapped anew with their reasons in the run's log (the others'
    are in the store and the audit site as they were)."""
    stored = set(record_mapping(settings, papers, mapped))
    log = get_run_logger()
    for paper, result in zip(papers, mapped, strict=True):
        for t in result.unmapped if paper.sha256 in stored else ():
            log.info("unmapped: %s %s (%d tidy cells): %s", paper.file, t.table_id, t.tidy_cells, t.reason)


@task(name="map", persist_result=True)
def map_task(paper: Paper, extracted: PaperTables) -> MappingResult:
    """Tidy observations of one paper's tables."""
    result = map_tables(paper, extracted)
    log_mapping(paper, result)
    return result


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(settings: RunSettings, papers: list[Paper], mapped: list[MappingResult]) -> Validated:
    """Expectation suites and board-table checks over every paper's observations."""
    validated = validate_run(settings, papers, mapped)
    failed = [r for r in validated.results if not r.success]
    get_run_logger().info(
        "validation: %d errors, %d warnings", sum(r.severity == "error" for r in failed),
        sum(r.severity == "warning" for r in failed),
    )  # fmt: skip
    return validated


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(
    settings: RunSettings,
    pulled: PullResult,
    papers: list[Paper],
    reads: list[PaperRead],
    mapped: list[MappingResult],
    validated: Validated,
    tables: list[int],
) -> RunSummary:
    """Write and switch to a new release of the dataset (``papers``: the pulled papers with
    their facts settled; ``tables``: how many tables each has)."""
    held = quarantine(pulled, reads, mapped)
    summary = build_release(settings, papers, tables, mapped, validated, held)
    get_run_logger().info("release %s: %d observations", summary.release_id, summary.observations)
    return summary


@task(name="report", cache_policy=NO_CACHE)
def report_task(settings: RunSettings, summary: RunSummary) -> RunSummary:
    """Write the audit site of the store; the summary names it."""
    summary.audit_report = write_audit(settings)
    return summary


def read_papers(
    settings: RunSettings, papers: list[Paper]
) -> Iterator[tuple[int, PaperRead, MappingResult | None]]:
    """Each of ``papers`` read in a worker process, each read cached by content: (position
    in ``papers``, read, mapping or None) as each is read, with a ``[i/n] extracted FILE``
    progress line.

    On the threads of this process, one ``extract`` task per paper, its mapping left to
    the caller.  On a Dask cluster, ``CHUNKS_PER_SLOT`` chunks of about equal bytes per
    worker thread, one ``extract-chunk`` task each, which maps its papers too: a task
    run there costs its worker, and the flow that submits it, about as much as reading
    a small paper.  Either way a paper that kills its reader is read once more alone,
    then quarantined (``read_paper``).
    """
    if not papers:
        return
    context = FlowRunContext.get()
    slots = cluster_slots(context.task_runner) if context else None
    futures: list[PrefectFuture[Any]]
    if slots is None:
        chunks = [[i] for i in range(len(papers))]
        futures = list(
            extract_task.with_options(**_cached(extract_key, settings)).map(papers, unmapped(settings.limits))
        )
    else:
        sizes = [Path(p.path).stat().st_size for p in papers]
        chunks = balanced_chunks(sizes, chunk_count(len(papers), slots, CHUNKS_PER_SLOT))
        futures = list(
            extract_chunk_task.map(
                [[papers[i] for i in chunk] for chunk in chunks],
                unmapped(settings.limits),
                unmapped(settings.cache),
            )
        )
    positions = {future.task_run_id: chunk for future, chunk in zip(futures, chunks, strict=True)}
    log = get_run_logger()
    done = 0
    for future in as_completed(futures):
        result = future.result()
        got: list[tuple[PaperRead, MappingResult | None]] = result if slots else [(result, None)]
        for i, (read, mapping) in zip(positions[future.task_run_id], got, strict=True):
            done += 1
            log.info("[%d/%d] extracted %s", done, len(papers), read.file)
            yield i, read, mapping


@flow(name="board-papers", task_runner=task_runner_from_env())
def board_papers(source: str | None = None, out: str | None = None) -> RunSummary:
    """Turn the papers of ``source`` (a folder or a sources YAML file) into a validated,
    published dataset under ``out``."""
    settings = default_settings(Path(source) if source else None, Path(out) if out else None)
    with run_lock(settings.out):
        summary = _run(settings)
    publish_run_artifacts(summary)
    return summary


def _run(settings: RunSettings) -> RunSummary:
    clock = StageClock()
    summary = _stages(settings, clock)
    write_timings(
        settings.out,
        timings_record(clock, papers=summary.papers, release_id=summary.release_id,
                       new_release=summary.new_release, reprocessed=len(summary.reprocessed)),
    )  # fmt: skip
    return summary


def _stages(settings: RunSettings, clock: StageClock) -> RunSummary:
    with clock.stage("pull"):
        pulled = pull_task(settings)
    papers = pulled.papers
    key = run_key(pulled, settings.limits)
    if outputs_whole(settings, key):
        get_run_logger().info("nothing new: the outputs of these papers are current")
        return unchanged_summary(settings, papers)
    if not papers:
        get_run_logger().info("nothing new: no readable paper in %s", settings.source)
        summary = no_papers_summary(settings, pulled)
        mark_finished(settings, key, summary.release_id or None)
        return summary
    gx_process.warm()  # GX imports in its own process while the papers are read
    release.warm(cached_result)  # and so does the release's
    with clock.stage("extract"):  # mapping and storing the tables too, as papers are read
        read = _read_and_map(settings, papers)
    POOL.close()  # every paper is read: the idle readers' memory goes back for the stages after
    papers, reads = read.papers, read.reads
    for line in undated(papers):
        get_run_logger().warning("%s", line)
    with clock.stage("map"):  # what is left of it once every paper is read
        mapped = _mapped(read.mappings)
    with clock.stage("store"):  # in the flow's process: DuckDB takes one writer process
        store_reads_task(settings, whole(pulled), whole(reads))
        store_mapping_task(settings, whole(papers), whole(mapped))
    with clock.stage("validate"):
        # Its own process builds the release's tables while GX validates.
        release.start(mapped, mapping_records(settings.cache, papers), cached_result)
        warm_audit()  # its imports wait for a core GX and the release leave
        validated = validate_task(settings, whole(papers), whole(mapped))
    with clock.stage("publish"):
        begin_audit(settings)  # the papers' side of the audit site is written while the release is published
        summary = publish_task(
            settings, whole(pulled), whole(papers), whole(reads), whole(mapped), whole(validated), read.tables
        )
    with clock.stage("report"):
        summary = report_task(settings, summary)
    summary.reprocessed = [papers[i].file for i in read.fresh]
    mark_finished(settings, key, summary.release_id)  # last: every output above is whole
    return summary


@dataclass
class Reading:
    """Every paper of a run read, by position in the run's list of papers."""

    papers: list[Paper]
    """The papers, their facts settled from their own pages."""
    reads: list[PaperRead]
    """How each was read, its tables left out: they are in the store (``_read_and_map``)."""
    tables: list[int]
    """How many tables each has."""
    mappings: list[Any]
    """Each one's mapping: a result, or the future of one (``_mapped``)."""
    fresh: list[int]
    """The positions of the papers read afresh rather than taken from the cache."""


def _read_and_map(settings: RunSettings, papers: list[Paper]) -> Reading:
    """Every paper read (from the cache, else by the extract task), with its facts
    settled; its mapping taken from the cache, else submitted to the map task as soon as
    the paper is read, so mapping runs while other papers are read; and its tables put
    in the store ``PAPERS_PER_BATCH`` papers at a time as they come (unless stored
    already), then dropped: a run never holds every paper's tables at once.

    Cached results are read here, in the flow, one at a time, rather than through a task
    run each: a rerun among a thousand papers would otherwise pay the orchestration of a
    thousand task runs that only load their results.  What ``flows.preload`` loaded
    while the Prefect server started is taken as it is."""
    map_one = map_task.with_options(**_cached(map_key, settings))
    stored = stored_extractions(settings, papers)
    preloaded = preload.take(settings)
    settled: dict[int, Paper] = {}
    reads: dict[int, PaperRead] = {}
    tables: dict[int, int] = {}
    mapped: dict[int, Any] = {}
    unstored: list[int] = []

    def store_unstored() -> None:
        if unstored:
            batch = [settled[i] for i in unstored]
            store_tables_task(settings, whole(batch), whole([reads[i].tables for i in unstored]))
            for i in unstored:
                reads[i] = reads[i].without_tables()
            unstored.clear()

    def take(i: int, read: PaperRead, mapping: MappingResult | None = None) -> None:
        (paper,), (read,) = settle_reads([papers[i]], [read])
        settled[i], tables[i] = paper, len(read.tables.tables)
        if mapping is None:
            mapping = cached_result(settings.cache / map_key(None, {"paper": paper}))
        # Not passed ``whole``: a quoted parameter does not survive the trip to a Dask worker.
        mapped[i] = mapping if mapping is not None else map_one.submit(paper, read.tables)
        if paper.sha256 in stored:
            reads[i] = read.without_tables()
            return
        reads[i] = read
        unstored.append(i)
        if len(unstored) >= PAPERS_PER_BATCH:
            store_unstored()

    def take_preloaded(i: int, loaded: preload.Loaded) -> bool:
        # Only a stored paper's (its read's tables were left out) mapped the same way.
        (paper,), (read,) = settle_reads([papers[i]], [loaded.read])
        if paper.sha256 not in stored or map_key(None, {"paper": paper}) != loaded.map_key:
            return False
        settled[i], reads[i], tables[i], mapped[i] = paper, read, loaded.tables, loaded.mapping
        return True

    todo: list[int] = []
    for i, paper in enumerate(papers):
        key = extract_key(None, {"paper": paper, "limits": settings.limits})
        loaded = preloaded.get(key)
        if loaded is not None and take_preloaded(i, loaded):
            continue
        cached = cached_result(settings.cache / key)
        if cached is None:
            todo.append(i)
        else:
            take(i, cached)  # its tables dropped there if they are stored already
    get_run_logger().info("%d of %d papers read from the cache", len(papers) - len(todo), len(papers))
    for j, read, mapping in read_papers(settings, [papers[i] for i in todo]):
        take(todo[j], read, mapping)
    store_unstored()
    order = range(len(papers))
    return Reading(
        [settled[i] for i in order], [reads[i] for i in order], [tables[i] for i in order],
        [mapped[i] for i in order], todo,
    )  # fmt: skip


def _mapped(mappings: list[Any]) -> list[MappingResult]:
    """The mappings ``_read_and_map`` gave, each future waited for."""
    return [m.result() if isinstance(m, PrefectFuture) else m for m in mappings]


def run_here(source: str | None = None, out: str | None = None, server: Launched | None = None) -> RunSummary:
    """Run the flow in this process (``boardpack run``).

    Without ``PREFECT_API_URL`` the flow runs against a temporary server (``server``, if
    the caller launched it early, else one started here) that is stopped when this
    process ends, killed or not (``flows.ephemeral``).  There, flow-run heartbeats have
    no one to read them, and stopping their thread costs each run up to a second; they
    are turned off.  Against a real server they stay on.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.ephemeral import wanted, watched_ephemeral_server

    if server is None and not wanted():
        return board_papers(source=source, out=out)
    # The server takes seconds to start; meanwhile GX is imported in its own process and
    # the cache is loaded here, neither of which needs it.
    gx_process.warm()
    preload.start(default_settings(Path(source) if source else None, Path(out) if out else None))
    with (
        watched_ephemeral_server(server),
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        return board_papers(source=source, out=out)
