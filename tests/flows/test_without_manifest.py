"""The corpus with manifest.json taken away: the facts come from the papers themselves.

Meeting dates, boards and titles are read from the papers' cover blocks; every family
maps what it maps with the manifest (605 observations) and the four findings of the
corpus are found again: the 2019 cadets total, the 2023 specials total for Nov-21, the
2022 attrition period that ends after the meeting, and the 2023 non-cashable total
explained by the Estates note.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CorpusRun

P2019 = "2019-12-17_spcb_building-a-modern-police-force.pdf"
P2022 = "2022-09_spcb_fairness-and-belonging.pdf"
P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"

MAPPINGS = "SELECT paper_sha256, table_id, status, family, observations, tidy_cells FROM table_mappings ORDER BY 1, 2"
FAILURES = (
    'SELECT "check", severity, paper_file, table_id, row, col, expected, observed, message '
    "FROM validation_results WHERE NOT success ORDER BY ALL"
)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_without_a_manifest_every_family_maps_and_the_four_findings_are_found(
    prefect_harness: None, raw_papers: Path, corpus_run: CorpusRun, tmp_path: Path
) -> None:
    from flows.board_papers import board_papers

    source = tmp_path / "papers"
    source.mkdir()
    for pdf in raw_papers.glob("*.pdf"):
        shutil.copy(pdf, source)
    assert not (source / "manifest.json").exists()
    summary = board_papers(source=str(source), out=str(tmp_path / "out"))
    db = tmp_path / "out" / "boardpack.duckdb"

    assert summary.observations == corpus_run.first.observations == 605
    assert summary.undated == []
    assert _rows(db, MAPPINGS) == _rows(corpus_run.out / "boardpack.duckdb", MAPPINGS)

    failures = _rows(db, FAILURES)
    assert [r[:8] for r in failures] == [r[:8] for r in _rows(corpus_run.out / "boardpack.duckdb", FAILURES)]
    found = {(r[0], r[1], r[2], r[3]) for r in failures if r[0] != "expect_jump_between_periods"}
    assert found == {
        ("expect_parts_sum_to_total", "error", P2019, "t08"),
        ("expect_parts_sum_to_total", "error", P2023, "t15"),
        ("expect_parts_sum_to_total", "warning", P2023, "t16"),
        ("expect_period_before_meeting", "error", P2022, "t04"),
    }
    estates = [r[8] for r in failures if r[3] == "t16"]
    assert estates and all("explained by the note" in str(m) for m in estates)
    late = next(r[8] for r in failures if r[0] == "expect_period_before_meeting")
    assert "meeting date 2022-09" in str(late)

    papers = _rows(
        db, "SELECT paper_file, meeting_date, meeting_date_source, board_source, title_source FROM papers"
    )
    assert {(f, d) for f, d, *_ in papers} == {
        (P2019, "2019-12-17"),
        (P2022, "2022-09"),
        (P2023, "2023-01-23"),
        ("2025-01-28_agb_minutes.pdf", "2025-01-28"),
        ("2025-01-28_agb_supporting-the-workforce.pdf", "2025-01-28"),
    }
    assert {p[2:] for p in papers} == {("cover", "cover", "cover")}
    with_manifest = _rows(
        corpus_run.out / "boardpack.duckdb", "SELECT DISTINCT meeting_date_source FROM papers"
    )
    assert with_manifest == [("manifest",)]
