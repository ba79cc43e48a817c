"""One key: a paper is its bytes' sha256 everywhere; its file name is only a label."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

P2022 = "2022-09_spcb_fairness-and-belonging.pdf"
P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"
P2025 = "2025-01-28_agb_supporting-the-workforce.pdf"
FIGURE = [
    "series_id",
    "category_id",
    "period_start",
    "period_end",
    "value",
    "value_text",
    "validation_status",
]


def _figures(out: Path, paper_file: str) -> pd.DataFrame:
    full = pd.read_parquet(out / "dataset" / "observations_full.parquet")
    return full[full.paper_file == paper_file][FIGURE].sort_values(FIGURE[:4]).reset_index(drop=True)


@pytest.mark.slow
def test_a_renamed_copy_is_recognised_by_content(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    from flows.board_papers import board_papers

    first_dir, second_dir, out = tmp_path / "one", tmp_path / "two", tmp_path / "out"
    first_dir.mkdir()
    second_dir.mkdir()
    shutil.copy(raw_papers / P2025, first_dir / "a.pdf")
    first = board_papers(source=str(first_dir), out=str(out))
    before = _figures(out, "a.pdf")
    assert len(before) == first.observations == 35

    shutil.copy(raw_papers / P2025, second_dir / "renamed.pdf")
    shutil.copy(raw_papers / P2022, second_dir)
    second = board_papers(source=str(second_dir), out=str(out))
    assert second.reprocessed == [P2022], "the renamed copy comes from the hash-keyed cache"
    pd.testing.assert_frame_equal(_figures(out, "renamed.pdf"), before)
    assert _figures(out, "a.pdf").empty, "the old name is only a label: it is gone"


@pytest.mark.slow
def test_two_papers_with_one_file_name_are_kept_apart(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    from flows.board_papers import board_papers

    for folder, pdf in (("a", P2022), ("b", P2023)):
        (tmp_path / folder).mkdir()
        shutil.copy(raw_papers / pdf, tmp_path / folder / "report.pdf")
    config = tmp_path / "sources.yaml"
    config.write_text(
        "sources:\n  - {name: a, kind: folder, path: a}\n  - {name: b, kind: folder, path: b}\n",
        encoding="utf-8",
    )
    summary = board_papers(source=str(config), out=str(tmp_path / "out"))
    assert summary.papers == 2 and [p.file for p in summary.per_paper] == ["report.pdf", "report.pdf"]

    con = duckdb.connect(str(tmp_path / "out" / "boardpack.duckdb"), read_only=True)
    try:
        papers = dict(con.execute("SELECT source, paper_sha256 FROM papers").fetchall())
        failed = dict(
            con.execute(
                "SELECT paper_sha256, count(*) FILTER (WHERE validation_status = 'failed') FROM observations "
                "WHERE table_id = 't04' GROUP BY 1"
            ).fetchall()
        )
        cells = dict(con.execute("SELECT paper_sha256, count(*) FROM tidy_cells GROUP BY 1").fetchall())
        dates = dict(con.execute("SELECT paper_sha256, meeting_date FROM papers").fetchall())
    finally:
        con.close()
    assert papers["a"] != papers["b"]
    # The 2022 attrition period fails in its t04; the 2023 t04 (ethnic minority by grade)
    # shares table id, rows and columns with it, and must not inherit the failure.
    assert failed == {papers["a"]: 20, papers["b"]: 0}
    assert cells[papers["a"]] > 0 and cells[papers["b"]] > 0
    assert dates == {papers["a"]: "2022-09", papers["b"]: "2023-01-23"}
