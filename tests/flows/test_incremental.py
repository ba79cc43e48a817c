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


@pytest.mark.slow
def test_a_broken_file_is_quarantined_and_the_rest_of_the_batch_goes_on(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    import duckdb

    from flows.board_papers import board_papers

    source, out = tmp_path / "papers", tmp_path / "out"
    source.mkdir()
    shutil.copy(raw_papers / "2025-01-28_agb_supporting-the-workforce.pdf", source)
    (source / "agenda.pdf").write_bytes(b"<html><body>Service unavailable</body></html>")
    summary = board_papers(source=str(source), out=str(out))
    assert summary.papers == 1 and summary.observations == 35
    assert len(summary.quarantined) == 1 and "agenda.pdf" in summary.quarantined[0]
    con = duckdb.connect(str(out / "boardpack.duckdb"))
    try:
        rows = con.execute("SELECT stage, file, reason FROM quarantine").fetchall()
    finally:
        con.close()
    assert len(rows) == 1
    stage, file, reason = rows[0]
    assert stage == "pull" and file.endswith("agenda.pdf") and "PDF" in reason
    assert (source / "agenda.pdf").exists(), "the bad file is kept where it was"
