"""The ``board-papers`` Prefect flow: pull → extract → map → validate → publish.

Orchestration only: every task calls one function of the core packages, so the logic
is tested without Prefect.  Extraction and mapping are cached on the paper's sha256
(plus the code version), so a rerun with nothing new does almost no work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from boardpack import __version__
from boardpack.models import Paper, PaperTables
from boardpack.pipeline import (
    RunSummary,
    build_release,
    map_tables,
    pull_papers,
    record_extraction,
    validate_run,
)
from boardpack.settings import RunSettings, default_settings
from extractors import extract_paper
from schemas.mapping import MappingResult


def _paper_key(_: Any, parameters: dict[str, Any]) -> str:
    """Cache key: the paper's content hash and the code version, never the file object."""
    paper: Paper = parameters["paper"]
    return f"{parameters.get('stage', 'extract')}-{paper.sha256}-{__version__}"


@task(name="pull", cache_policy=NO_CACHE)
def pull_task(settings: RunSettings) -> list[Paper]:
    """Find the papers of the source, keyed by content hash."""
    papers, failures = pull_papers(settings)
    log = get_run_logger()
    for f in failures:
        log.error("pull failed: %s", f)
    log.info("pulled %d papers from %s", len(papers), settings.source)
    return papers


@task(name="extract", cache_key_fn=_paper_key, persist_result=True, retries=1)
def extract_task(paper: Paper) -> PaperTables:
    """Every table of one paper, with provenance."""
    extracted = extract_paper(Path(paper.path))
    log = get_run_logger()
    for e in extracted.errors:
        log.error("%s page %s: %s", e.file, e.page, e.message)
    log.info("%s: %d tables", paper.file, len(extracted.tables))
    return extracted


@task(name="map", cache_policy=NO_CACHE)
def map_task(paper: Paper, extracted: PaperTables) -> MappingResult:
    """Tidy observations of one paper's tables."""
    result = map_tables(paper, extracted)
    log = get_run_logger()
    for issue in result.issues:
        log.warning("mapping: %s", issue)
    log.info("%s: %d observations", paper.file, len(result.observations))
    return result


@task(name="store", cache_policy=NO_CACHE)
def store_task(settings: RunSettings, paper: Paper, extracted: PaperTables) -> None:
    """Record one paper's tables and cells in DuckDB."""
    record_extraction(settings, paper, extracted)


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(settings: RunSettings, papers: list[Paper], mapped: list[MappingResult]) -> Any:
    """Expectation suites and board-table checks over every paper's observations."""
    return validate_run(settings, papers, mapped)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(
    settings: RunSettings, papers: list[Paper], mapped: list[MappingResult], validated: Any
) -> RunSummary:
    """Write and switch to a new release of the dataset."""
    summary = build_release(settings, papers, mapped, validated)
    get_run_logger().info("release %s: %d observations", summary.release_id, summary.observations)
    return summary


@flow(name="board-papers", log_prints=True)
def board_papers(source: str | None = None, out: str | None = None) -> RunSummary:
    """Turn the papers of ``source`` into a validated, published dataset under ``out``."""
    settings = default_settings(Path(source) if source else None, Path(out) if out else None)
    papers = pull_task(settings)
    extracted = [extract_task(p) for p in papers]
    for p, e in zip(papers, extracted, strict=True):
        store_task(settings, p, e)
    mapped = [map_task(p, e) for p, e in zip(papers, extracted, strict=True)]
    validated = validate_task(settings, papers, mapped)
    return publish_task(settings, papers, mapped, validated)
