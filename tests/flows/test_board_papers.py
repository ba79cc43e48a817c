"""The board-papers flow end to end on the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import psutil

from tests.conftest import SMALL, CorpusRun, load_truth

STAFF_TYPE = "ethnic_minority_pct_by_staff_type"


def _truth_staff_type() -> dict[tuple[str, str, str], str]:
    """(paper, staff type, month label) → printed value, from the two papers' truth files."""
    out = {}
    for paper, table_id in [
        ("2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf", "t02"),
        ("2025-01-28_agb_supporting-the-workforce.pdf", "t01"),
    ]:
        table = next(t for t in load_truth(paper)["tables"] if t["id"] == table_id)
        months = table["header_rows"][-1][1:]
        for row in table["rows"]:
            for month, value in zip(months, row[1:], strict=True):
                out[(paper, row[0], month)] = value
    return out


def test_staff_type_series_has_45_observations_equal_to_the_papers(corpus_run: CorpusRun) -> None:
    frame = pd.read_parquet(corpus_run.out / "dataset" / "observations.parquet")
    series = frame[frame.series_id == STAFF_TYPE]
    assert len(series) == 45
    assert sorted(series.category_label.unique()) == [
        "Force Total",
        "PCSO",
        "Police Officer",
        "Police Staff",
        "Specials",
    ]
    months = set(series.period_label)
    assert months == {
        "Jan-18",
        "Jan-19",
        "Jan-20",
        "Jan-21",
        "Jan-22",
        "Dec-22",
        "Jan-23",
        "Dec-23",
        "Nov-24",
    }
    assert (series.source_count == 2).sum() == 20
    truth = _truth_staff_type()
    for row in series.itertuples():
        printed = truth[(row.paper_file, row.category_label, row.period_label)]
        assert row.value_text == printed
        assert row.value == float(printed.rstrip("%"))


def test_every_paper_cell_of_the_staff_type_tables_is_a_source(corpus_run: CorpusRun) -> None:
    sources = pd.read_csv(corpus_run.out / "dataset" / "sources.csv")
    staff = sources[sources.observation_id.str.startswith(STAFF_TYPE + "/")]
    truth = _truth_staff_type()
    assert len(staff) == len(truth) == 65
    assert set(zip(staff.paper_file, staff.value_text, strict=True)) == {
        (p, v) for (p, _, _), v in truth.items()
    }


def test_force_total_nov_24_is_traced_to_its_cell(corpus_run: CorpusRun) -> None:
    con = duckdb.connect(str(corpus_run.out / "boardpack.duckdb"))
    hit = con.execute(
        "SELECT value, unit, period_start, period_end, paper_file, page, x0, top, x1, bottom FROM observations "
        "WHERE series_id = ? AND category_id = 'total' AND period_label = 'Nov-24'",
        [STAFF_TYPE],
    ).fetchall()
    assert len(hit) == 1
    value, unit, start, end, paper, page, x0, top, x1, bottom = hit[0]
    assert (value, unit) == (16.3, "percent")
    assert (str(start), str(end)) == ("2024-11-01", "2024-11-30")
    assert (paper, page) == ("2025-01-28_agb_supporting-the-workforce.pdf", 1)
    assert x0 < x1 and top < bottom


def test_store_holds_every_stage_and_a_rerun_duplicates_nothing(corpus_run: CorpusRun) -> None:
    assert corpus_run.first.release_id == corpus_run.second.release_id
    assert not corpus_run.second.new_release
    con = duckdb.connect(str(corpus_run.out / "boardpack.duckdb"))
    assert con.execute("SELECT count(*) FROM papers").fetchone() == (5,)
    dup = con.execute(
        "SELECT count(*) FROM (SELECT series_id, category_id, period_start, period_end, paper_sha256, count(*) n "
        "FROM observations GROUP BY ALL HAVING n > 1)"
    ).fetchone()
    assert dup == (0,)
    n_obs = con.execute("SELECT count(*) FROM observations").fetchone()
    assert n_obs is not None and n_obs[0] == corpus_run.first.observations
    staff = con.execute(
        "SELECT count(*) FROM observations WHERE series_id = ? AND validation_status = 'passed'", [STAFF_TYPE]
    ).fetchone()
    assert staff == (65,)
    released = con.execute(
        "SELECT count(*) FROM dataset_observations WHERE series_id = ?", [STAFF_TYPE]
    ).fetchone()
    assert released == (45,)
    n_cells = con.execute("SELECT count(*) FROM cells WHERE page IS NULL OR x0 IS NULL").fetchone()
    assert n_cells == (0,)


def test_no_reader_is_left_once_the_papers_are_read(
    prefect_harness: None, raw_papers: Path, tmp_path: Path
) -> None:
    from flows.board_papers import board_papers

    source = tmp_path / "papers"
    source.mkdir()
    shutil.copy(raw_papers / SMALL[0], source)
    summary = board_papers(source=str(source), out=str(tmp_path / "out"))

    assert summary.papers == 1 and summary.reprocessed == [SMALL[0]]  # read by a reader, not the cache
    readers = [
        p for p in psutil.Process().children(recursive=True) if "boardpack.worker.child" in _cmdline(p)
    ]
    assert readers == []  # their memory went back as extraction ended, not at exit


def _cmdline(process: psutil.Process) -> list[str]:
    """``process``'s command line; none for one that has exited (a stage's process is not
    waited for as it exits, so it may still be a zombie: it holds no memory)."""
    try:
        return process.cmdline()
    except (psutil.ZombieProcess, psutil.NoSuchProcess):
        return []
