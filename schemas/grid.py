"""Read a table's grid the way a schema's layout describes it: value columns, labels, rows.

Pure functions over ``Table`` and ``Layout``; no knowledge of series or periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.records import BBox, Table
from schemas.spec import Layout
from schemas.values import parse_value

_NIL_LABEL = re.compile(r"^[-\u2013\u2014]$")


@dataclass(frozen=True)
class Place:
    """Where a cell sits: page, full-grid row/col and bbox (None when the extractor gave none)."""

    page: int
    row: int
    col: int
    bbox: BBox | None


def header_index(table: Table, layout: Layout) -> int:
    """The index (into header_rows) of the row holding the column labels; -1 if no header."""
    n = len(table.header_rows)
    if n == 0:
        return -1
    i = layout.header_row if layout.header_row >= 0 else n + layout.header_row
    return max(0, min(i, n - 1))


def width(table: Table) -> int:
    """The number of columns of the widest row."""
    return max((len(r) for r in [*table.header_rows, *table.rows]), default=0)


def cell_text(row: list[str], col: int) -> str:
    """The text at ``col`` of ``row``, '' past its end, whitespace collapsed."""
    return " ".join(row[col].split()) if col < len(row) else ""


def column_label(table: Table, layout: Layout, col: int) -> str:
    """The printed label of a column in the schema's header row ('' without a header)."""
    h = header_index(table, layout)
    return "" if h < 0 else cell_text(table.header_rows[h], col)


def title_text(table: Table, layout: Layout) -> str:
    """The non-empty cells of the header rows above the label row, joined (a title row)."""
    h = header_index(table, layout)
    return " ".join(
        c for row in table.header_rows[: max(h, 0)] for c in (" ".join(x.split()) for x in row) if c
    )


def value_columns(table: Table, layout: Layout, period_col: int | None) -> list[int]:
    """Columns holding figures: not label columns, not the period column, not ignored,
    not blank from top to bottom."""
    ignore = [re.compile(p, re.IGNORECASE) for p in layout.ignore_cols]
    out = []
    for c in range(width(table)):
        if c in layout.label_cols or c == period_col or is_blank_column(table, c):
            continue
        label = column_label(table, layout, c)
        if any(rx.search(label) for rx in ignore):
            continue
        out.append(c)
    return out


def row_text(row: list[str], value_cols: list[int]) -> str:
    """The row's non-value cells joined with spaces (what total/section/row rules test)."""
    n = max(len(row), max(value_cols, default=-1) + 1)
    return " ".join(t for c in range(n) if c not in value_cols and (t := cell_text(row, c)))


def row_label(row: list[str], label_cols: tuple[int, ...]) -> str:
    """The category/period label of a row: its label cells, distinct, dashes and blanks
    skipped, joined with `` / `` (``Our Data`` + ``Connect`` → ``Our Data / Connect``)."""
    parts: list[str] = []
    for c in label_cols:
        t = cell_text(row, c)
        if t and not _NIL_LABEL.match(t) and t not in parts:
            parts.append(t)
    return " / ".join(parts)


def values_empty(row: list[str], value_cols: list[int]) -> bool:
    """True when every value cell of the row is empty."""
    return all(parse_value(cell_text(row, c)).status == "missing" for c in value_cols)


def place(table: Table, row: int, col: int) -> Place:
    """The provenance of full-grid cell (row, col): the extractor's cell page/bbox if known,
    else the table's first page and no bbox."""
    cell = table.cell(row, col)
    if cell is not None:
        return Place(cell.page, row, col, cell.bbox)
    return Place(table.pages[0] if table.pages else 0, row, col, None)


def is_blank_column(table: Table, col: int) -> bool:
    """True when no cell of column ``col``, header or body, holds any text: a sliver column
    an extractor split off (a rule or shading edge), which prints nothing to map."""
    return all(not cell_text(row, col) for row in [*table.header_rows, *table.rows])
