"""Warm workers: one worker process reads paper after paper, and the limits still hold
per paper (a worker killed at a limit is replaced; the next paper is read whole)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from boardpack.problems import Kind
from boardpack.worker import Limits, PaperRead, read_paper
from boardpack.worker.run import POOL
from extractors import extract_paper
from tests.reliability import hostile

ONE_WORKER = Limits(seconds=60, workers=1)


def _read(path: Path, limits: Limits = ONE_WORKER) -> PaperRead:
    return read_paper(path, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), limits)


def _worker_pids(limits: Limits) -> list[int]:
    return [w.process.pid for w in POOL._idle.get(limits, [])]


@pytest.fixture
def good(tmp_path: Path) -> list[Path]:
    paths = []
    for i in range(3):
        path = tmp_path / f"volunteers-{i}.pdf"
        path.write_bytes(hostile.text_pdf(f"Volunteer report {i}", rows=3 + i))
        paths.append(path)
    return paths


def test_one_worker_reads_paper_after_paper_as_the_extractor_does(good: list[Path]) -> None:
    reads = [_read(p) for p in good]
    [pid] = _worker_pids(ONE_WORKER)
    second = [_read(p) for p in good]
    assert _worker_pids(ONE_WORKER) == [pid]  # no new process for the second round
    for path, read, again in zip(good, reads, second, strict=True):
        assert read.status == "ok" and read.tables.to_contract() == extract_paper(path).to_contract()
        assert again.tables.to_contract() == read.tables.to_contract()
    assert [len(r.tables.tables[0].rows) for r in reads] == [3, 4, 5]  # body rows: each its own paper


def test_after_a_paper_over_the_time_limit_a_fresh_worker_reads_the_next(
    good: list[Path], tmp_path: Path
) -> None:
    limits = Limits(seconds=3, page_objects=1_000_000, workers=1)
    _read(good[0], limits)
    [warm] = _worker_pids(limits)
    slow = tmp_path / "chart-150000-rects.pdf"  # far more than 3 s to read, warm or not
    slow.write_bytes(hostile.many_rectangles(150_000))
    over = _read(slow, limits)
    assert [(p.kind, p.page) for p in over.problems] == [(Kind.OVER_TIME, 1)]
    assert over.problems[0].message.startswith("chart-150000-rects.pdf page 1:")
    assert _worker_pids(limits) == []  # the killed worker is not kept
    after = _read(good[1], limits)
    assert after.status == "ok" and after.problems == []
    assert _worker_pids(limits) not in ([], [warm])


def test_a_warm_worker_that_dies_on_a_paper_is_not_blamed_on_earlier_papers(
    good: list[Path], tmp_path: Path
) -> None:
    """Over the memory limit after other papers: the paper is read again in a fresh
    worker and its reason names it and its own page, as a first read would."""
    limits = Limits(seconds=60, memory_mb=400, stream_mb=4096, workers=1)
    _read(good[0], limits)
    bomb = tmp_path / "stream-bomb.pdf"
    bomb.write_bytes(hostile.stream_bomb())
    read = _read(bomb, limits)
    [problem] = read.problems
    assert problem.kind == Kind.OVER_MEMORY and problem.page == 1
    assert problem.message.startswith("stream-bomb.pdf page 1:") and "400 MB" in problem.message
    assert _read(good[2], limits).status == "ok"
