"""The ``board-papers`` Prefect flow: pull → extract → map → validate → publish.

Orchestration only: every task calls one function of the core packages, so the logic
is tested without Prefect.  Incremental by content hash:

* extraction and mapping are cached on the paper's sha256 plus a fingerprint of the
  code that produced them (never on file objects), so a changed or added paper is the
  only one reprocessed;
* when the papers and the code give the release id that is already published, the run
  stops after pull: nothing new, almost no work.

Per-paper tasks are submitted with ``.map`` so a Dask task runner (``flows/runners.py``)
spreads them over workers.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE, CacheKeyFnPolicy, CachePolicy
from prefect.futures import PrefectFutureList, as_completed

from boardpack.fingerprint import extractor_version, mapping_version
from boardpack.models import Paper
from boardpack.settings import RunSettings, default_settings
from boardpack.sources import PullResult
from boardpack.stages import (
    RunSummary,
    Validated,
    build_release,
    map_tables,
    nothing_new,
    pull_papers,
    quarantine,
    record_extraction,
    record_mapping,
    run_release_id,
    settle_papers,
    unchanged_summary,
    undated,
    validate_run,
    write_report,
)
from boardpack.timings import StageClock, timings_record, write_timings
from extractors import extract_paper
from extractors.records import PaperTables
from flows.artifacts import publish_run_artifacts
from flows.runners import task_runner_from_env
from schemas.records import MappingResult

# Our packages' INFO lines belong in the run logs (PREFECT_LOGGING_EXTRA_LOGGERS routes
# them; without a level they inherit the root's WARNING).
for _name in ("extractors", "schemas", "boardpack"):
    logging.getLogger(_name).setLevel(logging.INFO)


def _extract_key(_: Any, parameters: dict[str, Any]) -> str:
    paper: Paper = parameters["paper"]
    return f"extract-{paper.sha256}-{extractor_version()}"


def _map_key(_: Any, parameters: dict[str, Any]) -> str:
    # The paper's file name labels every observation a mapping makes: a renamed copy maps
    # afresh (cheap) rather than coming back under its old name.
    paper: Paper = parameters["paper"]
    return f"map-{paper.sha256}-{extractor_version()}-{mapping_version()}-{paper.meeting_date}-{paper.file}"


def _cached(key_fn: Any, settings: RunSettings) -> CachePolicy:
    """A hash-keyed cache whose records live with the run's outputs: a new output
    folder starts cold, and deleting ``outputs/`` clears it."""
    return CacheKeyFnPolicy(cache_key_fn=key_fn).configure(key_storage=str(settings.cache))


@task(name="pull", cache_policy=NO_CACHE)
def pull_task(settings: RunSettings) -> PullResult:
    """Find the papers of the sources, keyed by content hash."""
    pulled = pull_papers(settings)
    log = get_run_logger()
    for f in pulled.failures:
        log.error("quarantined: %s: %s", f.url_or_path, f.reason)
    log.info("pulled %d papers from %s", len(pulled.papers), settings.source)
    return pulled


@task(name="extract", persist_result=True, retries=1)
def extract_task(paper: Paper) -> PaperTables:
    """Every table of one paper, with provenance."""
    extracted = extract_paper(Path(paper.path))
    log = get_run_logger()
    for e in extracted.errors:
        log.error("%s page %s: %s", e.file, e.page, e.message)
    log.info("%s: %d tables", paper.file, len(extracted.tables))
    return extracted


@task(name="store", cache_policy=NO_CACHE)
def store_task(settings: RunSettings, papers: list[Paper], extracted: list[PaperTables]) -> None:
    """Record the papers' tables and cells in DuckDB (one writer: DuckDB allows one)."""
    record_extraction(settings, papers, extracted)


@task(name="store-mapping", cache_policy=NO_CACHE)
def store_mapping_task(settings: RunSettings, papers: list[Paper], mapped: list[MappingResult]) -> None:
    """Record every paper's tidy cells and table mappings in DuckDB; list the unmapped
    tables with their reasons in the run's log."""
    record_mapping(settings, papers, mapped)
    log = get_run_logger()
    for paper, result in zip(papers, mapped, strict=True):
        for t in result.unmapped:
            log.info("unmapped: %s %s (%d tidy cells): %s", paper.file, t.table_id, t.tidy_cells, t.reason)


@task(name="map", persist_result=True)
def map_task(paper: Paper, extracted: PaperTables) -> MappingResult:
    """Tidy observations of one paper's tables."""
    result = map_tables(paper, extracted)
    log = get_run_logger()
    for issue in result.issues:
        log.warning("mapping: %s page %s table %s row %s col %s: %s", issue.file, issue.page,
                    issue.table_id, issue.row, issue.col, issue.message)  # fmt: skip
    log.info("%s: %d observations", paper.file, len(result.observations))
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
    extracted: list[PaperTables],
    mapped: list[MappingResult],
    validated: Validated,
) -> RunSummary:
    """Write and switch to a new release of the dataset (``papers``: the pulled papers with
    their facts settled)."""
    held = quarantine(pulled, extracted, mapped)
    summary = build_release(settings, papers, extracted, mapped, validated, held)
    get_run_logger().info("release %s: %d observations", summary.release_id, summary.observations)
    return summary


@task(name="report", cache_policy=NO_CACHE)
def report_task(settings: RunSettings, summary: RunSummary) -> RunSummary:
    """Write the audit site of the store; the summary names it."""
    summary.audit_report = write_report(settings)
    return summary


def report_progress(futures: PrefectFutureList[Any], verb: str) -> None:
    """One ``[i/n] verb FILE`` log line as each per-paper task finishes: the progress
    display of a long run, in the terminal and in the run's logs alike."""
    log = get_run_logger()
    for i, future in enumerate(as_completed(futures), 1):
        state = "from cache" if future.state.name == "Cached" else "done"
        log.info("[%d/%d] %s %s (%s)", i, len(futures), verb, future.result().file, state)


@flow(name="board-papers", task_runner=task_runner_from_env())
def board_papers(source: str | None = None, out: str | None = None) -> RunSummary:
    """Turn the papers of ``source`` (a folder or a sources YAML file) into a validated,
    published dataset under ``out``."""
    settings = default_settings(Path(source) if source else None, Path(out) if out else None)
    clock = StageClock()
    with clock.stage("pull"):
        pulled = pull_task(settings)
    papers = pulled.papers
    rid = run_release_id(papers)
    if nothing_new(settings, rid, papers):
        get_run_logger().info("nothing new: release %s is current", rid)
        summary = unchanged_summary(settings, rid, papers, pulled)
    else:
        with clock.stage("extract"):
            extract = extract_task.with_options(cache_policy=_cached(_extract_key, settings))
            extractions = extract.map(papers)
            report_progress(extractions, "extracted")
            papers, extracted = settle_papers(papers, extractions.result())
        for line in undated(papers):
            get_run_logger().warning("%s", line)
        with clock.stage("map"):
            mapping = map_task.with_options(cache_policy=_cached(_map_key, settings)).map(papers, extracted)
            mapped = mapping.result()
        with clock.stage("store"):  # in the flow's process: DuckDB takes one writer process
            store_task(settings, papers, extracted)
            store_mapping_task(settings, papers, mapped)
        with clock.stage("validate"):
            validated = validate_task(settings, papers, mapped)
        with clock.stage("publish"):
            summary = publish_task(settings, pulled, papers, extracted, mapped, validated)
        with clock.stage("report"):
            summary = report_task(settings, summary)
        summary.reprocessed = [
            p.file for p, f in zip(papers, extractions, strict=True) if f.state.name != "Cached"
        ]
    write_timings(
        settings.out,
        timings_record(clock, papers=summary.papers, release_id=summary.release_id,
                       new_release=summary.new_release, reprocessed=len(summary.reprocessed)),
    )  # fmt: skip
    publish_run_artifacts(summary)
    return summary


def run_here(source: str | None = None, out: str | None = None) -> RunSummary:
    """Run the flow in this process (``boardpack run``).

    Against the temporary server of ephemeral mode (no ``PREFECT_API_URL``) flow-run
    heartbeats have no one to read them, and stopping their thread costs each run up to
    a second; they are turned off there. Against a real server they stay on.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        return board_papers(source=source, out=out)
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return board_papers(source=source, out=out)
