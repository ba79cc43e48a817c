"""The worker per paper: every hostile kind quarantined as what it is, limits enforced,
good papers read exactly as the extractor reads them in-process."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from boardpack.problems import Kind
from boardpack.worker import Limits, PaperRead, read_paper
from extractors import extract_paper
from tests.reliability import hostile

LIMITS = Limits(seconds=60, workers=2)


def _read(path: Path, limits: Limits = LIMITS) -> PaperRead:
    return read_paper(path, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), limits)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    pdf_kinds = {
        n: m
        for n, m in hostile.BATCH.items()
        if hostile.EXPECTED_KIND[n] not in ("empty", "html", "word", "image")
    }
    hostile.write_batch(folder, pdf_kinds)
    return folder


@pytest.mark.parametrize(
    "name", [n for n, k in hostile.EXPECTED_KIND.items() if k not in (None, "empty", "html", "word", "image")]
)
def test_each_broken_pdf_is_quarantined_as_its_kind_naming_the_file(batch: Path, name: str) -> None:
    read = _read(batch / name)
    kinds = {p.kind for p in read.problems}
    assert hostile.EXPECTED_KIND[name] in kinds, read.problems
    assert all(p.message.startswith(name) for p in read.problems)
    whole = hostile.EXPECTED_KIND[name] != "over_objects"
    assert (read.status == "quarantined") is whole


def test_a_repaired_pdf_is_read_and_marked_repaired(batch: Path) -> None:
    read = _read(batch / "broken-xref.pdf")
    assert read.status == "repaired" and read.problems == []
    assert read.tables.tables[0].rows[0][:2] == ["Team A", "10"]
    assert read.tables.sha256 == hashlib.sha256((batch / "broken-xref.pdf").read_bytes()).hexdigest()


def test_over_the_object_cap_the_page_fails_and_the_rest_of_the_paper_is_read(batch: Path) -> None:
    read = _read(batch / "chart-50000-rects.pdf")
    [problem] = read.problems
    assert (problem.kind, problem.page) == (Kind.OVER_OBJECTS, 1)
    assert "20000" in problem.message and "page 1" in problem.message
    assert read.tables.pages == 2 and read.status == "ok"


def test_the_stream_bomb_is_stopped_by_the_prescan_in_bounded_memory(batch: Path) -> None:
    read = _read(batch / "stream-bomb.pdf")
    [problem] = read.problems
    assert problem.kind == Kind.OVER_STREAM and problem.page == 1 and "256 MB" in problem.message


def test_over_the_memory_limit_the_paper_fails_alone_naming_the_limit(batch: Path) -> None:
    """With the pre-scan lifted, PDFium inflates the 1 GiB stream and hits the memory limit."""
    read = _read(batch / "stream-bomb.pdf", Limits(seconds=60, memory_mb=400, stream_mb=4096))
    [problem] = read.problems
    assert problem.kind == Kind.OVER_MEMORY and "400 MB" in problem.message and problem.page == 1


def test_over_the_time_limit_the_worker_is_killed_naming_the_page(tmp_path: Path) -> None:
    """150,000 rectangles with the object cap lifted take far longer than 3 s to read
    (the limit counts the reading, not the worker's start)."""
    slow = tmp_path / "chart-150000-rects.pdf"
    slow.write_bytes(hostile.many_rectangles(150_000))
    started = time.monotonic()
    read = _read(slow, Limits(seconds=3, page_objects=1_000_000))
    assert time.monotonic() - started < 15
    [problem] = read.problems
    assert problem.kind == Kind.OVER_TIME and problem.page == 1 and "3 s" in problem.message


def test_a_good_paper_reads_the_same_in_the_worker_as_in_process(raw_papers: Path) -> None:
    path = raw_papers / "2022-09_spcb_fairness-and-belonging.pdf"
    read = _read(path)
    assert read.status == "ok" and read.problems == []
    assert read.tables.to_contract() == extract_paper(path).to_contract()
