"""Rows and table parts drawn sideways off their columns (``extractors.offgrid``).

Found in the scale corpus (``bench/scale_corpus.py``): reportlab draws the remainder of a
table it splits inside a row centred, not flush left, so a total row (or the rows carried
to the next page) came out 40-60 pt right of the columns and boardpack read every figure
one column off (copy 0023 prints 15.0% for Jan-76 under Total; boardpack read 16.0%) and
added a column for the last one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.geometry import PageContent, Word
from extractors.lines import group_lines
from extractors.offgrid import row_offset
from extractors.paper import extract_paper, tables_from_pages

pytest.importorskip("reportlab")

from tests.extractors.synthetic import Text, texts_pdf

HEADER = ("Grade", "Dec-22", "Jan-22", "Jan-21", "Jan-20")
BODY = [
    ("Chief Officer", "17.5%", "17.1%", "19.2%", "17.5%"),
    ("M-Band", "10.4%", "9.6%", "12.0%", "12.2%"),
    ("Band-E", "11.9%", "11.6%", "12.3%", "13.3%"),
    ("Local Agreement", "5.9%", "6.5%", "6.2%", "6.1%"),
]
TOTAL = ("Total", "16.0%", "13.8%", "17.3%", "15.0%")
LEFT = 82.0
RIGHTS = (196.0, 236.0, 276.0, 316.0)  # figures set flush right in their columns
SHIFT = 58.9  # how far the split-off remainder was drawn right in copy 0023


def _row(cells: tuple[str, ...], y: float, dx: float = 0.0, bold: bool = False) -> list[Text]:
    label = Text(cells[0], LEFT + dx, y, 10.0, bold)
    if bold:  # column heads set flush left in their columns
        return [
            label,
            *(Text(c, r - 32.0 + dx, y, 10.0, True) for c, r in zip(cells[1:], RIGHTS, strict=True)),
        ]
    return [
        label,
        *(Text(c, r + dx, y, 10.0, False, "right") for c, r in zip(cells[1:], RIGHTS, strict=True)),
    ]


def _table_pdf(path: Path, total_dx: float) -> Path:
    texts = [Text("The figures by grade are shown below.", LEFT, 80.0, 10.0)]
    texts += _row(HEADER, 110.0, bold=True)
    for i, r in enumerate(BODY):
        texts += _row(r, 126.0 + 16.0 * i)
    texts += _row(TOTAL, 126.0 + 16.0 * len(BODY), total_dx)
    texts.append(Text("A paragraph after the table closes it.", LEFT, 230.0, 10.0))
    return texts_pdf(path, texts, hlines=[(78.0, 320.0, 114.0)])


def test_total_row_drawn_off_its_columns_is_not_read_one_column_off(tmp_path: Path) -> None:
    (table,) = extract_paper(_table_pdf(tmp_path / "shifted.pdf", SHIFT)).tables
    assert table.header_rows == [list(HEADER)]
    assert table.rows == [*map(list, BODY), list(TOTAL)]
    # the cells keep the boxes where the figures are printed, for the auditor
    total = {c.text: c for c in table.cells if c.row == len(table.rows)}
    assert total["15.0%"].col == 4 and total["15.0%"].bbox[2] == pytest.approx(RIGHTS[3] + SHIFT, abs=1.0)


def test_total_row_on_its_columns_reads_the_same(tmp_path: Path) -> None:
    (table,) = extract_paper(_table_pdf(tmp_path / "aligned.pdf", 0.0)).tables
    assert table.rows == [*map(list, BODY), list(TOTAL)]


def w(text: str, x0: float, top: float, width: float = 25.0) -> Word:
    return Word(text, x0, x0 + width, top, top + 10.0, 10.0)


def _words(rows: list[tuple[str, ...]], top: float, dx: float = 0.0) -> list[Word]:
    """Rows of a label (flush left) and figures (flush right on ``RIGHTS``)."""
    out = []
    for i, r in enumerate(rows):
        y = top + 16.0 * i
        out.append(w(r[0], LEFT + dx, y, 5.0 * len(r[0])))
        out += [w(c, right - 25.0 + dx, y) for c, right in zip(r[1:], RIGHTS, strict=True)]
    return out


def test_table_part_drawn_off_the_columns_of_the_page_before_is_stitched() -> None:
    first = [w("The figures by grade are shown below.", LEFT, 660.0, 180.0)]
    first += _words([HEADER, *BODY[:2]], 700.0)
    second = [*_words([*BODY[2:], TOTAL], 80.0, SHIFT), w("A paragraph after it.", LEFT, 150.0, 100.0)]
    pages = {1: PageContent(1, 595.0, 842.0, first), 2: PageContent(2, 595.0, 842.0, second)}
    (table,) = tables_from_pages(pages, "x.pdf", [])
    assert table.pages == [1, 2]
    assert table.rows == [*map(list, BODY), list(TOTAL)]


def test_row_with_an_indented_label_but_figures_on_the_columns_stays_put() -> None:
    lines = group_lines(_words(BODY, 100.0) + _words([("of which", "1.0%", "2.0%", "3.0%", "4.0%")], 164.0))
    indented = group_lines(
        [w("of which", LEFT + 12.0, 164.0, 48.0), *_words([("x", "1.0%", "2.0%", "3.0%", "4.0%")], 164.0)[1:]]
    )[0]
    assert row_offset(indented, lines[:-1]) == 0.0
    moved = group_lines(_words([TOTAL], 164.0, SHIFT))[0]
    assert row_offset(moved, lines[:-1]) == pytest.approx(SHIFT)
