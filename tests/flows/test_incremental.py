"""Incremental runs: keyed by content hash, an added paper is the only one reprocessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import copy_all_but_last


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


def _findings(database: Path) -> set[tuple[object, ...]]:
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        return set(
            con.execute(
                'SELECT suite, "check", severity, paper_sha256, table_id, "row", col, series_id, category_id, '
                "period_start, period_end FROM validation_results WHERE NOT success"
            ).fetchall()
        )
    finally:
        con.close()


def _latest_common_rows(gx_root: Path) -> int:
    """How many figures the latest GX run's ``common`` suite saw (its batch's rows)."""
    import json

    validations = gx_root / "gx" / "uncommitted" / "validations" / "common"
    latest = sorted(validations.glob("*/*/*.json"), key=lambda p: p.parent.parent.name)[-1]
    results = json.loads(latest.read_text(encoding="utf-8"))["results"]
    null_check = next(
        r for r in results if r["expectation_config"]["type"] == "expect_column_values_to_not_be_null"
    )
    return int(null_check["result"]["element_count"])


@pytest.mark.slow
def test_a_paper_validated_before_is_not_validated_again_and_its_findings_stay(
    all_but_last_run: Path, raw_papers: Path, tmp_path: Path, corpus_run: object
) -> None:
    import duckdb

    from flows.board_papers import board_papers

    papers, source, out = copy_all_but_last(all_but_last_run, raw_papers, tmp_path)
    shutil.copy(papers[-1], source)
    second = board_papers(source=str(source), out=str(out))
    assert second.reprocessed == [papers[-1].name]

    # the one-paper suites saw the new paper's figures alone ...
    con = duckdb.connect(str(out / "boardpack.duckdb"), read_only=True)
    try:
        (new_figures,) = con.execute(
            "SELECT count(*) FROM observations o JOIN papers p USING (paper_sha256) WHERE p.paper_file = ?",
            [papers[-1].name],
        ).fetchone() or (0,)
    finally:
        con.close()
    assert 0 < _latest_common_rows(out / "gx") == new_figures
    # ... and the store holds what a cold run over all five finds, agreement across papers included
    cold = _findings(corpus_run.out / "boardpack.duckdb")  # type: ignore[attr-defined]
    assert _findings(out / "boardpack.duckdb") == cold
    assert any(f[1] == "expect_figures_agree_across_reports" for f in cold) or any(
        f[1] == "expect_jump_between_periods" for f in cold
    )
