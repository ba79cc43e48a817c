"""Failure modes of tables from unseen producers, each pinned on a small PDF drawn here."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from extractors import extract_paper
from extractors.records import Table
from tests.extractors.synthetic import PAGE_H, grid_texts, texts_pdf, write_pdf

ROWS = [
    ["Variable", "Mean", "Std. Dev.", "Min", "Max"],
    ["Age", "50.8", "15.9", "21", "90"],
    ["Men", "0.47", "0.50", "0", "1"],
    ["Household size", "2.43", "1.22", "1", "9"],
    ["Household income (Euro/month)", "2,127", "1,389", "22", "22,500"],
]


def grid(t: Table) -> list[list[str]]:
    return t.header_rows + t.rows


def test_text_scaled_by_its_matrix_from_size_one_fonts_is_read_at_its_drawn_size(tmp_path: Path) -> None:
    # Some producers set every font at size 1 and scale it with the text matrix.
    def draw(c: Canvas) -> None:
        for i, row in enumerate(ROWS):
            for x, cell in zip((70, 290, 340, 390, 450), row, strict=True):
                t = c.beginText()
                t.setTextTransform(9.0, 0, 0, 9.0, x, PAGE_H - 100 - 12 * i)
                t.setFont("Helvetica", 1)
                t.textOut(cell)
                c.drawText(t)

    (table,) = extract_paper(write_pdf(tmp_path / "scaled.pdf", draw)).tables
    assert grid(table) == ROWS


def test_unruled_table_reads_the_same_at_font_size(tmp_path: Path) -> None:
    texts = grid_texts(ROWS, [70, 290, 340, 390, 450])
    (table,) = extract_paper(texts_pdf(tmp_path / "plain.pdf", texts)).tables
    assert grid(table) == ROWS
