"""The flow's extraction tasks, the per-paper cache of their results, and the hook a
Dask scheduler or worker runs as it starts (``dask_setup``).

A Dask worker imports the flow's module whatever task it runs (a task run's context
carries the flow, pickled by reference), so keeping these tasks apart spares it no
import; it keeps what a worker runs, and the cache keys both sides use, in one small
module that ``--preload`` names.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.filesystems import LocalFileSystem
from prefect.results import ResultRecord, ResultStore

from boardpack.atomic import write_whole
from boardpack.fingerprint import extractor_version, mapping_fingerprint
from boardpack.models import Paper
from boardpack.worker import Limits, PaperRead, read_paper
from boardpack.worker.records import settle_read
from boardpack.worker.run import POOL
from schemas.mapping import map_paper
from schemas.records import MappingResult


def extract_key(_: Any, parameters: dict[str, Any]) -> str:
    """The cache key of a paper's reading (a Prefect ``cache_key_fn``): its bytes, the
    extractor's code and the limits it is read under, never its name."""
    paper: Paper = parameters["paper"]
    limits: Limits = parameters["limits"]
    return f"extract-{paper.sha256}-{extractor_version()}-{limits.key()}"


def map_key(_: Any, parameters: dict[str, Any]) -> str:
    """The cache key of a paper's mapping (a Prefect ``cache_key_fn``): its bytes and what
    else makes it (``mapping_fingerprint``).  That includes the paper's file name, which
    labels every observation: a renamed copy maps afresh (cheap), while its extraction,
    keyed by content alone, is reused and relabelled (``settle_reads``)."""
    paper: Paper = parameters["paper"]
    made_by = hashlib.sha256(mapping_fingerprint(paper).encode()).hexdigest()[:16]
    return f"map-{paper.sha256}-{made_by}"


def mapping_records(cache: Path, papers: Sequence[Paper]) -> list[Path | None]:
    """Each paper's cached mapping (``map_key``) under ``cache``; None where there is none."""
    records = [cache / map_key(None, {"paper": p}) for p in papers]
    return [r if r.is_file() else None for r in records]


def cached_result(record: Path) -> Any | None:
    """The result stored in the cache record ``record``; None when there is none, or
    it cannot be read back whole (then it is deleted: a torn write, recomputed)."""
    if not record.is_file():
        return None
    try:
        return ResultRecord.deserialize(record.read_bytes()).result
    except Exception:  # any failure to load means a torn write: recompute
        record.unlink(missing_ok=True)
        return None


def write_cached(record: Path, result: Any) -> None:
    """Store ``result`` as the cache record ``record``, in the format a cached task's own
    result takes (``cached_result`` reads either), whole or not at all."""
    store = ResultStore(result_storage=LocalFileSystem(basepath=str(record.parent)))
    write_whole(record, store.create_result_record(result, key=record.name).serialize())


@task(name="extract", persist_result=True, retries=1)
def extract_task(paper: Paper, limits: Limits) -> PaperRead:
    """Every table of one paper, with provenance, read in a worker process under ``limits``."""
    read = read_paper(Path(paper.path), paper.file, paper.sha256, limits)
    log_read(paper, read)
    return read


@task(name="extract-chunk", cache_policy=NO_CACHE, persist_result=False, retries=1)
def extract_chunk_task(
    papers: list[Paper], limits: Limits, cache: Path
) -> list[tuple[PaperRead, MappingResult]]:
    """Every table of each of ``papers`` (in order), read one after the other in this
    process's warm reader under ``limits``, and its mapping (``map_key``), made here too:
    sent to a task of its own, each paper's tables would cost the flow a Prefect
    submission and the worker a task run of their own.  Each read and mapping is cached
    under ``cache`` as soon as it is made, keyed as the flow keys its own, so a retried
    chunk, or the next run, redoes only what is not done yet."""
    done = []
    for paper in papers:
        record = cache / extract_key(None, {"paper": paper, "limits": limits})
        read = cached_result(record)
        if read is None:
            read = read_paper(Path(paper.path), paper.file, paper.sha256, limits)
            write_cached(record, read)
        log_read(paper, read)
        settled, labelled = settle_read(paper, read)
        record = cache / map_key(None, {"paper": settled})
        mapping = cached_result(record)
        if mapping is None:
            mapping = map_paper(settled, labelled.tables.tables)
            write_cached(record, mapping)
        log_mapping(settled, mapping)
        done.append((read, mapping))
    return done


def dask_setup(server: Any) -> None:
    """Dask's hook for a preloaded module (``dask scheduler|worker --preload
    flows.extract``): what the first run would otherwise wait for, done as the server
    starts.  The flow's module is imported: the scheduler unpickles each task, and a
    task run's context carries the flow, pickled by reference.  A worker also starts a
    warm reader under this environment's limits (a run under others starts its own)."""
    from distributed import Worker

    importlib.import_module("flows.board_papers")
    if isinstance(server, Worker):
        POOL.warm(Limits.from_env())


def log_read(paper: Paper, read: PaperRead) -> None:
    """The task's log lines about one paper read: its problems, then its tables."""
    log = get_run_logger()
    for problem in read.problems:
        log.error("quarantined (%s): %s", problem.kind, problem.message)
    log.info("%s: %d tables (%s, %.1f s)", paper.file, len(read.tables.tables), read.status, read.seconds)


def log_mapping(paper: Paper, mapping: MappingResult) -> None:
    """The task's log lines about one paper mapped: its issues, then its observations."""
    log = get_run_logger()
    for issue in mapping.issues:
        log.warning("mapping: %s page %s table %s row %s col %s: %s", issue.file, issue.page,
                    issue.table_id, issue.row, issue.col, issue.message)  # fmt: skip
    log.info("%s: %d observations", paper.file, len(mapping.observations))
