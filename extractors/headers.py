"""How many leading rows of a grid are header rows."""

from __future__ import annotations

import re

from extractors.geometry import GridCell
from extractors.text import is_nil_mark

# A figure: optional sign, currency or bracket, then digits ("13.70%", "£5,294,595",
# "-33.00", "120 (10%)").  Period labels that start with digits ("2022/23 £", "19/20")
# are headings, not figures.
_FIGURE = re.compile(r"^[(\-–£$€]*\s*\d[\d,]*(?:\.\d+)?\s*%?")
_PERIOD_LIKE = re.compile(r"^(?:FY\s?)?\d{2,4}\s?/\s?\d{2,4}\b", re.IGNORECASE)


def is_figure(text: str) -> bool:
    """True when a cell's text reads as a figure rather than a label."""
    t = text.strip()
    return bool(_FIGURE.match(t)) and not _PERIOD_LIKE.match(t)


def has_figures(row: list[GridCell]) -> bool:
    """True when any cell after the first (the label column) holds a figure."""
    return any(is_figure(c.text) for c in row[1:])


def is_column_heading_row(row: list[GridCell], below: list[GridCell]) -> bool:
    """A row of labels (two or more; no figures, nor dashes standing for them) directly
    above a row of figures: the column headings under a title row, whether or not the
    title was seen to span."""
    filled = sum(1 for c in row if c.text.strip())
    nil = any(is_nil_mark(c.text) for c in row[1:])
    return filled >= 2 and not has_figures(row) and not nil and has_figures(below)


def count_header_rows(grid: list[list[GridCell]], max_rows: int = 3) -> int:
    """Header rows at the top of a grid (0 for an empty grid).

    The first row is a header.  The row under a header row is a header too, up to
    ``max_rows``, when the row above holds a spanning cell (a title over several
    columns, such as a period group) or when it is itself a row of labels directly
    above the first row of figures (a spanning title whose span the layout hid).
    """
    if not grid:
        return 0
    n = 1
    while n < min(max_rows, len(grid) - 1) and (
        any(c.spans > 1 and c.text for c in grid[n - 1]) or is_column_heading_row(grid[n], grid[n + 1])
    ):
        n += 1
    return n
