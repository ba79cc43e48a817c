"""Issue 10: the checks that need no family, on the tidy cells of the corpus truth tables
and of the tables of other boards' papers (``bench/other_boards.py``,
``bench/other_shapes.py``) as printed: what they call an error, a warning and not checked.

The tables go through the real mapping (``schemas.mapping.map_paper``), so the cells carry
the units, totals and periods the mapping reads; only the extractor is left out (the
bench measures the same papers through it)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from validation_corpus import manifest, paper, truth_tables

from boardpack.models import Paper, ValidationResult
from boardpack.validation.cell_checks import run_cell_checks
from boardpack.validation.cell_frame import cells_frame, unmapped_cells
from boardpack.validation.checks import run_checks
from extractors.records import Cell, Table
from schemas.mapping import map_paper
from schemas.records import MappingResult
from schemas.registry import default_schemas

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("reportlab")

from bench import other_boards, other_shapes  # noqa: E402

CADETS = "2019-12-17_spcb_building-a-modern-police-force.pdf"
ATTRITION = "2022-09_spcb_fairness-and-belonging.pdf"
WORKFORCE = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"


def corpus_mapped() -> tuple[list[Paper], list[MappingResult]]:
    papers = [paper(f) for f in sorted(manifest())]
    return papers, [map_paper(p, truth_tables(p.file)) for p in papers]


def failures(results: list[ValidationResult]) -> Counter[tuple[str, str, str, str, str | None]]:
    """(check, severity, paper, table, observed) of every failed result."""
    return Counter(
        (r.check, r.severity, str(r.paper_file), str(r.table_id), r.observed)
        for r in results
        if r.checked and not r.success
    )


def test_cell_checks_alone_find_the_four_corpus_findings_and_call_nothing_else_an_error() -> None:
    papers, mapped = corpus_mapped()
    dates = {p.sha256: p.meeting_date for p in papers}
    results = run_cell_checks(cells_frame([c for m in mapped for c in m.cells], dates))
    found = failures(results)
    assert found == Counter({
        ("cell_parts_sum_to_total", "error", CADETS, "t08", "219"): 1,
        ("cell_parts_sum_to_total", "error", WORKFORCE, "t15", "291"): 1,
        ("cell_period_before_meeting", "error", ATTRITION, "t04", "2023-07-31"): 1,
        ("cell_parts_sum_to_total", "warning", WORKFORCE, "t16", "107,729,020"): 2,
    })  # fmt: skip
    cadets = next(r for r in results if r.observed == "219")
    assert "= 218 ≠ 219 (off by 1; exact count)" in cadets.message
    estates = [r for r in results if r.observed == "107,729,020"]
    assert all("explained by the note" in r.message for r in estates)


def test_tables_a_family_maps_are_left_to_its_checks_so_one_figure_is_one_finding() -> None:
    papers, mapped = corpus_mapped()
    other = mapped_as_printed(other_boards.NHS)
    family_free = [c for m in [*mapped, other] for c in unmapped_cells(m.cells, m.tables)]
    assert family_free == list(other.cells)  # every corpus table is a family's; no NHS table is
    dates = {p.sha256: p.meeting_date for p in papers} | {
        other.cells[0].paper_sha256: other_boards.NHS.meeting_date
    }
    by_family = run_checks([o for m in mapped for o in m.observations], default_schemas(), dates)
    by_cells = run_cell_checks(cells_frame(family_free, dates))
    found = Counter((r.severity, str(r.paper_file), r.observed) for r in [*by_family, *by_cells]
                    if r.checked and not r.success and r.severity == "error")  # fmt: skip
    assert found == Counter({
        ("error", CADETS, "219"): 1, ("error", WORKFORCE, "291"): 1, ("error", ATTRITION, "2023-07-31"): 1,
        ("error", other_boards.NHS.file, "17,155"): 1,
    })  # fmt: skip


def printed_table(t: other_boards.PrintedTable, index: int) -> Table:
    """A table as its paper prints it (header rows, then body), all on page 1."""
    grid = [*t.header, *t.rows]
    cells = [Cell(r, c, text, 1, None) for r, row in enumerate(grid) for c, text in enumerate(row)]
    return Table(id=f"t{index:02d}", kind="data", pages=[1], caption=t.caption, header_rows=[list(r) for r in t.header],
                 rows=[list(r) for r in t.rows], bbox=[], method="printed", cells=cells)  # fmt: skip


def mapped_as_printed(p: other_boards.OtherPaper) -> MappingResult:
    """A paper of another board mapped from its tables as printed (no family maps them)."""
    record = Paper(p.file, f"sha-{p.file}", p.file, board=p.board, meeting_date=p.meeting_date, title=p.title)
    mapped = map_paper(record, [printed_table(t, i) for i, t in enumerate(p.tables, start=1)])
    assert not any(t.status == "mapped" for t in mapped.tables), "no family should map another board's tables"
    return mapped


def verdicts(p: other_boards.OtherPaper) -> dict[str, dict[str, set[tuple[str, str]]]]:
    """Per caption: the (row label, column label) cells the cell checks call an error, a
    warning or not checked, on the paper's tables as printed."""
    mapped = mapped_as_printed(p)
    cells = unmapped_cells(mapped.cells, mapped.tables)
    captions = {f"t{i:02d}": t.caption for i, t in enumerate(p.tables, start=1)}
    sha = f"sha-{p.file}"
    by_place = {(c.table_id, c.row, c.col): c for c in cells}
    said: dict[str, dict[str, set[tuple[str, str]]]] = {t.caption: {} for t in p.tables}
    for r in run_cell_checks(cells_frame(cells, {sha: p.meeting_date})):
        if r.success and r.checked:
            continue
        kind = "not_checked" if not r.checked else r.severity
        for row, col in [(r.row, r.col)] if r.checked else [(r.row, r.col), *r.also_cells]:
            c = by_place[(str(r.table_id), int(row or 0), int(col or 0))]
            place = (c.row_labels[-1], c.col_labels[-1])
            said[captions[str(r.table_id)]].setdefault(kind, set()).add(place)
    return said


@pytest.mark.parametrize("board", other_boards.PAPERS, ids=lambda p: p.file)
def test_every_wrong_printed_total_of_other_boards_is_found_and_nothing_else_is_an_error(
    board: other_boards.OtherPaper,
) -> None:
    said = verdicts(board)
    for t in board.tables:
        errors = said[t.caption].get("error", set())
        assert errors == ({t.wrong_total} if t.wrong_total else set()), t.caption
        assert not said[t.caption].get("warning"), t.caption


@pytest.mark.parametrize("shaped", other_shapes.PAPERS, ids=lambda p: p.file)
def test_each_table_shape_gets_the_verdict_it_should(shaped: other_boards.OtherPaper) -> None:
    said = verdicts(shaped)
    for t in shaped.tables:
        wanted = other_shapes.EXPECTED[(shaped.file, t.caption)]
        got = said[t.caption]
        assert got.get("error", set()) == wanted.get("error", set()), t.caption
        assert got.get("warning", set()) == wanted.get("warning", set()), t.caption
        assert wanted.get("not_checked", set()) <= got.get("not_checked", set()), t.caption


def test_a_total_column_beside_years_that_is_a_change_is_not_checked_not_an_error() -> None:
    outturn = verdicts(other_shapes.OUTTURN)
    staff = outturn["Table 4: Staff in post by directorate (FTE)"]
    assert "error" not in staff
    assert ("Resources", "Total") in staff["not_checked"]  # 198.5 + 187.0 ≠ -11.5: a change, not a sum
    council_tax = outturn["Table 3: Council tax collected by band (£000)"]
    assert council_tax["error"] == {("Band B", "Total")}  # 14,350 + 14,980 + 15,720 = 45,050 ≠ 45,500


def test_an_average_row_labelled_overall_is_not_added_up() -> None:
    quality = verdicts(other_shapes.QUALITY)
    admissions = quality["Table 3: Admissions and length of stay by ward"]
    assert "error" not in admissions
    assert ("Overall average", "Admissions") in admissions["not_checked"]


def test_data_docs_and_the_store_list_the_same_cell_findings_and_cells_take_their_status(
    tmp_path: Path,
) -> None:
    from test_validation_data_docs import (
        _latest_run_pages,
        gx_findings,
        gx_not_checked,
        gx_passes,
        store_findings,
        store_not_checked,
        store_passes,
        table_rows,
    )

    from boardpack.settings import RunSettings
    from boardpack.stages import record_mapping, validate_run

    boards = [*other_boards.PAPERS, *other_shapes.PAPERS]
    papers = [
        Paper(b.file, f"sha-{b.file}", b.file, board=b.board, meeting_date=b.meeting_date) for b in boards
    ]
    mapped = [mapped_as_printed(b) for b in boards]
    settings = RunSettings(source=tmp_path, out=tmp_path / "out")
    record_mapping(settings, papers, mapped)
    validated = validate_run(settings, papers, mapped)
    database, gx = settings.database, settings.gx_root
    assert gx_findings(gx) == store_findings(database)
    assert gx_passes(gx) == store_passes(database)
    assert gx_not_checked(gx) == store_not_checked(database)
    cell_errors = [f for f in store_findings(database) if f[0] == "cells" and f[2] == "error"]
    wrong = [b for b in boards for t in b.tables if t.wrong_total] + [
        other_shapes.FIRE_BUDGET
    ]  # + a late period
    assert len(cell_errors) == len(wrong) == 6
    assert store_not_checked(database)
    # Data Docs show each cell finding with its arithmetic and cell, as the store has it.
    validations = gx / "gx" / "uncommitted" / "data_docs" / "local_site" / "validations"
    rows = [
        r for p in _latest_run_pages(validations) if "/cells/" in str(p) for r in table_rows(p.read_text())
    ]
    with duckdb.connect(str(database), read_only=True) as con:
        stored = con.execute(
            """SELECT severity, message, expected, observed, paper_file, page, table_id, row, col
               FROM validation_results WHERE suite = 'cells' AND NOT success"""
        ).fetchall()
        statuses = dict(
            con.execute("SELECT validation_status, count(*) FROM tidy_cells GROUP BY 1").fetchall()
        )
    assert len(stored) == 6
    for f in stored:
        shown = ["" if v is None else str(v) for v in f]
        assert any(r[: len(shown)] == shown for r in rows), shown
    # Each cell a finding names is failed in the store, as in the run's statuses.
    assert statuses["failed"] == sum(v == "failed" for v in validated.cell_status.values()) >= 6
    assert set(statuses) == {"passed", "failed", "not_checked"}
