"""Bad cells in good tables are reported with file/page/table/row/col; the rest still maps."""

from __future__ import annotations

import copy

from extractors.records import Table
from schemas.mapping import map_paper
from tests.schemas.schemas_truth import paper, truth_tables

P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"


def _staff_table() -> Table:
    """A copy of the 2023 staff-type table (t02) to damage."""
    return copy.deepcopy(next(t for t in truth_tables(P2023) if t.id == "t02"))


def _set(table: Table, row: int, col: int, text: str) -> None:
    """Put ``text`` at full-grid (row, col), in rows and in cells."""
    h = len(table.header_rows)
    target = table.header_rows[row] if row < h else table.rows[row - h]
    target[col] = text
    table.cells = [
        c if (c.row, c.col) != (row, col) else type(c)(row, col, text, c.page, c.bbox) for c in table.cells
    ]


def test_bad_value_is_reported_and_the_rest_maps() -> None:
    t = _staff_table()
    _set(t, 4, 3, "12.2O%")  # PCSO, Jan-21: letter O for zero
    result = map_paper(paper(P2023), [t])
    assert [(i.file, i.page, i.table_id, i.row, i.col) for i in result.issues] == [(P2023, 2, "t02", 4, 3)]
    assert "12.2O%" in result.issues[0].message
    assert len(result.observations) == 30
    bad = next(o for o in result.observations if (o.row, o.col) == (4, 3))
    assert (bad.value, bad.value_status, bad.value_text) == (None, "invalid", "12.2O%")
    good = next(o for o in result.observations if (o.row, o.col) == (4, 4))
    assert (good.category_id, good.period_label, good.value) == ("pcso", "Jan-20", 13.6)


def test_bad_period_header_drops_only_that_column() -> None:
    t = _staff_table()
    _set(t, 1, 2, "Jnu-22")
    result = map_paper(paper(P2023), [t])
    assert [(i.table_id, i.row, i.col) for i in result.issues] == [("t02", 1, 2)]
    assert "Jnu-22" in result.issues[0].message
    assert len(result.observations) == 25
    assert {o.period_label for o in result.observations} == {"Dec-22", "Jan-21", "Jan-20", "Jan-19", "Jan-18"}


def test_unlabelled_row_with_figures_is_reported() -> None:
    t = _staff_table()
    _set(t, 3, 0, "")
    result = map_paper(paper(P2023), [t])
    assert [(i.table_id, i.row, i.col) for i in result.issues] == [("t02", 3, 0)]
    assert len(result.observations) == 24


def test_missing_caption_period_makes_table_unmapped_with_issue() -> None:
    hires = copy.deepcopy(truth_tables("2022-09_spcb_fairness-and-belonging.pdf")[0])
    hires.caption = None
    result = map_paper(paper("2022-09_spcb_fairness-and-belonging.pdf"), [hires])
    assert result.observations == []
    assert result.unmapped[0].table_id == "t01"
    assert "caption" in result.unmapped[0].reason
    assert result.issues[0].table_id == "t01"


def test_provenance_uses_the_cell_page_and_bbox() -> None:
    t = _staff_table()
    t.cells = [type(c)(c.row, c.col, c.text, 9, (1.0, 2.0, 3.0, 4.0)) for c in t.cells]
    t.method = "ruled"
    o = map_paper(paper(P2023), [t]).observations[0]
    assert (o.page, o.bbox, o.method) == (9, (1.0, 2.0, 3.0, 4.0), "ruled")
