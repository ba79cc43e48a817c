"""The cache preloaded while the Prefect server starts (``flows.preload``): what it
loads is what the flow would load, and the flow takes it instead of the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from boardpack.settings import default_settings
from flows import preload
from flows.extract import cached_result
from tests.conftest import SMALL, CorpusRun, SmallRun


def test_a_preload_holds_each_papers_cached_mapping_and_its_read_without_tables(
    corpus_run: CorpusRun, raw_papers: Path
) -> None:
    settings = default_settings(raw_papers, corpus_run.out)
    loaded = preload.Preload(settings).result()
    assert len(loaded) == corpus_run.first.papers == 5
    for key, one in loaded.items():
        read = cached_result(settings.cache / key)
        assert read is not None and one.read.tables.tables == [] and one.tables == len(read.tables.tables)
        assert one.read.tables.facts == read.tables.facts
        assert one.mapping == cached_result(settings.cache / one.map_key)
    per_paper = {p.file: p.tables for p in corpus_run.first.per_paper}
    assert sorted(one.tables for one in loaded.values()) == sorted(per_paper.values())


@pytest.mark.slow
def test_a_run_takes_the_preloaded_reads_and_mappings_instead_of_the_cache(
    small_run: SmallRun, tmp_path: Path
) -> None:
    from flows.board_papers import board_papers

    source, out = tmp_path / "papers", tmp_path / "out"
    shutil.copytree(small_run.out, out, symlinks=True)
    source.mkdir()
    kept = small_run.source / SMALL[0]  # one paper fewer: the run has work to do
    shutil.copy(kept, source)
    settings = default_settings(source, out)
    preload.start(settings)
    preload._running.result()  # type: ignore[union-attr]  # loaded before the cache goes
    shutil.rmtree(settings.cache)

    summary = board_papers(source=str(source), out=str(out))

    assert summary.reprocessed == [], "its read and mapping came from the preload"
    assert summary.papers == 1 and summary.new_release
    [before] = [p for p in small_run.summary.per_paper if p.file == kept.name]
    assert [(p.file, p.tables, p.observations) for p in summary.per_paper] == [
        (kept.name, before.tables, before.observations)
    ]
    assert not any(settings.cache.glob("extract-*")), "nothing was read again"
