"""Only the papers whose observation and result rows changed are written again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from boardpack.validation.stored import papers_to_write
from tests.conftest import copy_all_but_last


def test_a_paper_whose_rows_and_digest_are_kept_is_not_written_again() -> None:
    now = {"a": ("d1", (3, 1)), "b": ("d2", (2, 0)), "c": ("d3", (0, 0))}
    kept = {"a": ("d1", (3, 1)), "b": ("old", (2, 0)), "c": ("d3", (0, 0))}
    assert papers_to_write(now, kept, {"a": (3, 1), "b": (2, 0)}) == ["b"]


def test_a_paper_the_store_lost_is_written_again_though_its_digest_is_kept() -> None:
    now = {"a": ("d1", (3, 1)), "b": ("d2", (2, 0))}
    # the store emptied (a schema change) or holding fewer rows than written
    assert papers_to_write(now, dict(now), {}) == ["a", "b"]
    assert papers_to_write(now, dict(now), {"a": (3, 0), "b": (2, 0)}) == ["a"]


def test_nothing_kept_writes_every_paper() -> None:
    now = {"a": ("d1", (3, 1)), "b": ("d2", (2, 0))}
    assert papers_to_write(now, {}, {"a": (3, 1), "b": (2, 0)}) == ["a", "b"]


def _stored_rows(database: Path) -> tuple[set[tuple[object, ...]], ...]:
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        observations = set(con.execute("SELECT * FROM observations").fetchall())
        findings = set(
            con.execute(
                'SELECT suite, "check", severity, message, paper_sha256, table_id, "row", col, series_id, '
                "category_id, period_start, period_end, observed FROM validation_results WHERE NOT success"
            ).fetchall()
        )
        cells = set(
            con.execute(
                "SELECT paper_sha256, table_id, row, col, validation_status FROM tidy_cells"
            ).fetchall()
        )
    finally:
        con.close()
    return observations, findings, cells


@pytest.mark.slow
def test_a_rerun_that_writes_only_changed_papers_stores_what_a_cold_run_stores(
    all_but_last_run: Path, raw_papers: Path, tmp_path: Path, corpus_run: object
) -> None:
    import duckdb

    from flows.board_papers import board_papers

    papers, source, out = copy_all_but_last(all_but_last_run, raw_papers, tmp_path)
    # A paper's rows lost from the store behind the run's back come back though its
    # digest is kept.
    con = duckdb.connect(str(out / "boardpack.duckdb"))
    try:
        con.execute(
            "DELETE FROM observations WHERE paper_sha256 = (SELECT min(paper_sha256) FROM observations)"
        )
    finally:
        con.close()
    shutil.copy(papers[-1], source)
    board_papers(source=str(source), out=str(out))

    cold = _stored_rows(corpus_run.out / "boardpack.duckdb")  # type: ignore[attr-defined]
    assert cold[0] and cold[1]
    assert _stored_rows(out / "boardpack.duckdb") == cold


def test_the_kept_digests_outlive_forgetting_the_results_of_papers_gone(tmp_path: Path) -> None:
    from boardpack.validation.kept import forget_others
    from boardpack.validation.stored import load_stored, save_stored

    save_stored(tmp_path, {"a": ("d1", (3, 1))})
    forget_others(tmp_path, [])
    assert load_stored(tmp_path) == {"a": ("d1", (3, 1))}
