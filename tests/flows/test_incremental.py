"""Incremental runs: keyed by content hash, an added paper is the only one reprocessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest


@pytest.mark.slow
def test_an_added_paper_is_the_only_one_reprocessed(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    from flows.board_papers import board_papers

    small = ["2025-01-28_agb_supporting-the-workforce.pdf", "2022-09_spcb_fairness-and-belonging.pdf"]
    source, out = tmp_path / "papers", tmp_path / "out"
    source.mkdir()
    shutil.copy(raw_papers / small[0], source)
    first = board_papers(source=str(source), out=str(out))
    assert first.new_release and first.papers == 1

    shutil.copy(raw_papers / small[1], source)
    second = board_papers(source=str(source), out=str(out))
    assert second.new_release and second.papers == 2
    assert second.reprocessed == [small[1]], "the paper seen before comes from the hash-keyed cache"

    changelog = (out / "dataset" / "CHANGELOG.md").read_text()
    hires = pd.read_parquet(out / "dataset" / "observations_full.parquet")
    added = hires[hires.paper_file == small[1]]
    assert f"## {second.release_id} " in changelog and f"against `{first.release_id}`" in changelog
    assert f"- added: {len(added)}\n" in changelog and "- removed: 0\n" in changelog

    third = board_papers(source=str(source), out=str(out))
    assert not third.new_release and third.release_id == second.release_id
    assert third.reprocessed == []
