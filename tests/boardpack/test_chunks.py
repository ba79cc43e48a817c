"""boardpack.chunks: papers split into a few chunks of about equal work for a cluster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from boardpack.chunks import balanced_chunks, chunk_count


def corpus_sizes(raw_papers: Path, copies: int) -> list[int]:
    """The byte sizes of ``copies`` copies of each corpus paper, in the order a run
    lists them (by name): the big papers bunched together, as in a real folder."""
    papers = sorted(raw_papers.glob("*.pdf"))
    return [p.stat().st_size for p in papers for _ in range(copies)]


def test_every_paper_is_in_exactly_one_chunk(raw_papers: Path) -> None:
    sizes = corpus_sizes(raw_papers, 10)
    chunks = balanced_chunks(sizes, 6)
    assert len(chunks) == 6 and all(chunks)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(sizes)))
    assert all(chunk == sorted(chunk) for chunk in chunks)


def test_papers_bunched_by_size_are_balanced_by_bytes_not_by_count(raw_papers: Path) -> None:
    """Regression: cut in runs of equal count, the chunk holding the copies of the biggest
    paper is the one every other worker waits for."""
    sizes = corpus_sizes(raw_papers, 10)
    totals = [sum(sizes[i] for i in chunk) for chunk in balanced_chunks(sizes, 6)]
    runs = [sum(sizes[k : k + 9]) for k in range(0, len(sizes), 9)]
    assert max(totals) - min(totals) <= max(sizes)
    assert max(totals) <= sum(sizes) / 6 + max(sizes)
    assert max(totals) < max(runs)


def test_chunks_come_heaviest_first_so_the_longest_work_starts_first(raw_papers: Path) -> None:
    sizes = corpus_sizes(raw_papers, 3)
    totals = [sum(sizes[i] for i in chunk) for chunk in balanced_chunks(sizes, 4)]
    assert totals == sorted(totals, reverse=True)


def test_fewer_papers_than_chunks_gives_one_chunk_per_paper() -> None:
    assert balanced_chunks([5, 1, 3], 6) == [[0], [2], [1]]
    assert balanced_chunks([], 4) == []


def test_chunk_count_is_a_few_per_slot_never_more_than_papers() -> None:
    assert chunk_count(50, slots=2, per_slot=3) == 6
    assert chunk_count(4, slots=2, per_slot=3) == 4
    assert chunk_count(0, slots=2, per_slot=3) == 1


@pytest.mark.parametrize("call", [lambda: chunk_count(5, 0, 3), lambda: balanced_chunks([1, 2], 0),
                                  lambda: balanced_chunks([1, -2], 2)])  # fmt: skip
def test_nonsense_sizes_fail_loudly(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        call()
