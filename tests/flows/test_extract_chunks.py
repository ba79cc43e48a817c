"""The flow's ``extract-chunk`` task (a Dask worker reads and maps a chunk of papers in
its warm reader): each paper is judged alone, and each read and mapping is cached where
the flow finds it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from prefect import flow

from boardpack.models import Paper
from boardpack.problems import Kind
from boardpack.settings import default_settings
from boardpack.stages import map_tables, settle_reads
from boardpack.worker import Limits, PaperRead
from flows.extract import cached_result, extract_chunk_task, extract_key, map_key
from schemas.records import MappingResult
from tests.reliability import hostile

# Room for a real paper, not for the stream bomb (it inflates to 1 GB).
LIMITS = Limits(seconds=60, memory_mb=400, stream_mb=4096, workers=1)


def _paper(path: Path) -> Paper:
    return Paper(file=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), path=str(path))


@flow
def _read_chunk(papers: list[Paper], cache: Path) -> list[tuple[PaperRead, MappingResult]]:
    return extract_chunk_task(papers, LIMITS, cache)


def test_extract_chunk_quarantines_the_paper_that_kills_its_reader_alone_and_caches_every_read(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    bomb = tmp_path / "stream-bomb.pdf"
    bomb.write_bytes(hostile.stream_bomb())
    names = ["2025-01-28_agb_supporting-the-workforce.pdf", "2022-09_spcb_fairness-and-belonging.pdf"]
    # The bomb comes after a paper the warm reader has read: it must not be blamed on it.
    papers = [_paper(raw_papers / names[0]), _paper(bomb), _paper(raw_papers / names[1])]
    settings = default_settings(tmp_path, tmp_path / "out")
    cache = settings.cache
    cache.mkdir(parents=True)

    done = _read_chunk(papers, cache)
    reads = [read for read, _ in done]

    assert [r.file for r in reads] == [p.file for p in papers]
    assert [r.status for r in reads] == ["ok", "quarantined", "ok"]
    [problem] = reads[1].problems
    assert problem.kind == Kind.OVER_MEMORY and problem.message.startswith("stream-bomb.pdf page 1:")
    assert all(len(reads[i].tables.tables) > 0 for i in (0, 2))

    hits = dict(
        enumerate(cached_result(cache / extract_key(None, {"paper": p, "limits": LIMITS})) for p in papers)
    )
    assert None not in hits.values()
    assert [hits[i].tables.to_contract() for i in range(3)] == [r.tables.to_contract() for r in reads]
    assert [hits[i].seconds for i in range(3)] == [r.seconds for r in reads]

    again = _read_chunk(papers, cache)  # a retried chunk: every paper from the cache, none read
    assert [r.seconds for r, _ in again] == [r.seconds for r in reads]


def test_extract_chunk_maps_each_paper_as_the_map_task_would_and_caches_the_mapping(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    papers = [_paper(raw_papers / "2025-01-28_agb_supporting-the-workforce.pdf")]
    cache = default_settings(tmp_path, tmp_path / "out").cache
    cache.mkdir(parents=True)

    [(read, mapping)] = _read_chunk(papers, cache)

    settled, (labelled,) = settle_reads(papers, [read])
    expected = map_tables(settled[0], labelled.tables)
    assert len(mapping.observations) >= 30
    assert mapping.observations == expected.observations
    assert mapping.cells == expected.cells and mapping.tables == expected.tables
    assert cached_result(cache / map_key(None, {"paper": settled[0]})).observations == expected.observations
