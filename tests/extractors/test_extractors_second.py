"""Second readings: camelot and pdfplumber read a low-confidence table's region again,
and the more consistent grid is kept (real engines on PDFs drawn here)."""

from __future__ import annotations

from pathlib import Path

from extractors import extract_paper
from extractors.consistency import LOW_CONFIDENCE, assess
from extractors.records import PageBox, Table
from extractors.second import camelot_reading, plumber_reading, reread
from tests.extractors.synthetic import PAGE_H, PAGE_W, grid_texts, texts_pdf

ROWS = [
    ["Variable", "Mean", "Std. Dev.", "Min", "Max"],
    ["Age", "50.8", "15.9", "21", "90"],
    ["Men", "0.47", "0.50", "0", "1"],
    ["Household size", "2.43", "1.22", "1", "9"],
]
BOX = (65.0, 90.0, 490.0, 140.0)


def table_pdf(tmp_path: Path) -> Path:
    return texts_pdf(tmp_path / "t.pdf", grid_texts(ROWS, [70, 290, 340, 390, 450], 100.0, 12.0))


def test_both_engines_read_the_region_they_are_given(tmp_path: Path) -> None:
    pdf = table_pdf(tmp_path)
    for engine in (camelot_reading, plumber_reading):
        reading = engine(pdf, 1, BOX, PAGE_H)
        assert reading is not None
        texts = [[t for t in row if t] for row in reading.texts if any(row)]
        assert texts == ROWS, reading.engine


def test_low_confidence_grid_is_replaced_by_a_more_consistent_second_reading(tmp_path: Path) -> None:
    pdf = table_pdf(tmp_path)
    # our grid with columns run together in pairs: most cells hold two figures
    head = [["Variable", "Mean Std. Dev.", "Min Max"]]
    merged = [[r[0], f"{r[1]} {r[2]}", f"{r[3]} {r[4]}"] for r in ROWS[1:]]
    confidence = assess(head, merged).score
    assert confidence < LOW_CONFIDENCE
    ours = Table("t01", "data", [1], None, head, merged, [PageBox(1, BOX)], "aligned", confidence)
    again = reread(pdf, ours, {1: PAGE_H}, {1: PAGE_W})
    assert again.method in ("camelot-network", "pdfplumber-text")
    assert again.header_rows + again.rows == ROWS
    assert again.confidence_note is not None and "second reading" in again.confidence_note
    assert again.cells and all(c.page == 1 and c.bbox is not None for c in again.cells if c.text)


def test_a_confident_table_is_not_read_again(tmp_path: Path) -> None:
    (table,) = extract_paper(table_pdf(tmp_path)).tables
    assert table.confidence >= LOW_CONFIDENCE and table.confidence_note is None
    assert reread(tmp_path / "missing.pdf", table, {1: PAGE_H}, {1: PAGE_W}) is table
