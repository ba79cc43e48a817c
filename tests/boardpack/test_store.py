"""The DuckDB store: idempotent per-paper writes, and it mirrors the current run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from boardpack.errors import StoreError
from boardpack.models import Paper
from boardpack.store import connect, forget_papers_except, save_mapping, save_paper, stored_papers
from extractors.records import Cell, PageBox, PaperTables, Table


def _paper(sha: str) -> tuple[Paper, PaperTables]:
    table = Table(
        id="t01", kind="data", pages=[1], caption=None, header_rows=[["Unit", "Cadets"]],
        rows=[["Totals", "219"]], bbox=[PageBox(1, (10.0, 20.0, 200.0, 60.0))], method="ruled",
        cells=[Cell(r, c, t, 1, (10.0 + c, 20.0 + r, 50.0 + c, 30.0 + r))
               for r, row in enumerate([["Unit", "Cadets"], ["Totals", "219"]]) for c, t in enumerate(row)],
    )  # fmt: skip
    return Paper(f"{sha}.pdf", sha, f"/papers/{sha}.pdf"), PaperTables(f"{sha}.pdf", sha, 3, [table])


def test_saving_a_paper_twice_duplicates_nothing(tmp_path: Path) -> None:
    con = connect(tmp_path / "s.duckdb")
    paper, tables = _paper("a")
    save_paper(con, paper, tables, "v1")
    save_paper(con, paper, tables, "v2")
    assert con.execute("SELECT count(*) FROM papers").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM cells WHERE is_header").fetchone() == (2,)
    assert con.execute("SELECT text, x0 FROM cells WHERE row = 1 AND col = 1").fetchone() == ("219", 11.0)
    assert stored_papers(con) == {"a": "v2"}


def test_a_paper_taken_out_of_the_source_leaves_the_store(tmp_path: Path) -> None:
    con = connect(tmp_path / "s.duckdb")
    for sha in ("a", "b"):
        save_paper(con, *_paper(sha), "v1")
    forget_papers_except(con, ["b"])
    assert stored_papers(con) == {"b": "v1"}
    assert con.execute("SELECT DISTINCT paper_sha256 FROM cells").fetchall() == [("b",)]


def test_a_store_of_another_schema_version_is_rebuilt_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    con = connect(path)
    save_paper(con, *_paper("a"), "v1")
    con.execute("UPDATE store_meta SET version = 'old'")
    con.execute("ALTER TABLE papers DROP COLUMN extractor")  # what an older store looked like
    con.close()
    con = connect(path)
    assert stored_papers(con) == {}
    save_paper(con, *_paper("a"), "v1")
    assert stored_papers(con) == {"a": "v1"}


def test_tidy_cells_and_table_mappings_are_stored_per_paper(tmp_path: Path) -> None:
    from schemas.mapping import map_paper

    con = connect(tmp_path / "s.duckdb")
    for sha in ("a", "b"):
        paper, tables = _paper(sha)
        save_paper(con, paper, tables, "v1")
        result = map_paper(paper, tables.tables)
        save_mapping(con, sha, result)
        save_mapping(con, sha, result)
    row = con.execute(
        "SELECT row_labels, col_labels, value, value_text, unit, row_is_total, x0 FROM tidy_cells WHERE paper_sha256 = 'a'"
    ).fetchall()
    assert row == [("Totals", "Cadets", 219.0, "219", "number", True, 11.0)]
    mappings = con.execute(
        "SELECT paper_sha256, table_id, status, family, observations, tidy_cells FROM table_mappings"
    )
    assert sorted(mappings.fetchall()) == [
        ("a", "t01", "unmapped", None, 0, 1),
        ("b", "t01", "unmapped", None, 0, 1),
    ]
    forget_papers_except(con, ["b"])
    assert con.execute("SELECT DISTINCT paper_sha256 FROM tidy_cells").fetchall() == [("b",)]
    assert con.execute("SELECT DISTINCT paper_sha256 FROM table_mappings").fetchall() == [("b",)]


def test_a_rerun_stores_again_only_the_mappings_made_another_way(tmp_path: Path) -> None:
    from dataclasses import replace

    from boardpack.settings import RunSettings
    from boardpack.stages import record_extraction, record_mapping
    from schemas.mapping import map_paper

    settings = RunSettings(tmp_path / "papers", tmp_path / "out")
    pairs = [_paper(sha) for sha in ("a", "b")]
    papers, tables = [p for p, _ in pairs], [t for _, t in pairs]
    mapped = [map_paper(p, t.tables) for p, t in pairs]
    record_extraction(settings, papers, tables)
    record_mapping(settings, papers, mapped)

    def tidy_cells_of() -> list[tuple[str, int]]:
        con = connect(settings.database)
        try:
            rows = con.execute("SELECT paper_sha256, count(*) FROM tidy_cells GROUP BY 1 ORDER BY 1")
            return rows.fetchall()
        finally:
            con.close()

    assert tidy_cells_of() == [("a", 1), ("b", 1)]
    con = connect(settings.database)
    con.execute("DELETE FROM tidy_cells")  # what storing again would put back
    con.close()
    assert record_mapping(settings, papers, mapped) == []
    assert tidy_cells_of() == []  # made the same way: not stored again
    redated = [replace(papers[0], meeting_date="2024-03-01"), papers[1]]
    assert record_mapping(settings, redated, mapped) == ["a"]
    assert tidy_cells_of() == [("a", 1)]  # a new meeting date maps the paper afresh
    record_extraction(settings, [papers[1]], [tables[1]])
    assert record_mapping(settings, redated, mapped) == ["b"]
    assert tidy_cells_of() == [("a", 1), ("b", 1)]  # read again: its mapping is stored again


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def hold_store(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the store at ``path`` open to read for ``seconds``, once it says so."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


def test_a_store_another_process_reads_is_waited_for_or_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "boardpack.duckdb"
    connect(path).close()

    holder = hold_store(path, 60)
    try:
        with pytest.raises(StoreError, match=f"cannot open the store {path}.*lock"):
            connect(path)  # no wait: the reader's lock is the error
    finally:
        holder.kill()
        holder.wait()

    holder = hold_store(path, 1.0)
    started = time.monotonic()
    connect(path, wait=30).close()  # opened once the reader let go
    assert 0.5 < time.monotonic() - started < 30
    holder.wait()
