"""How many leading rows of a grid are header rows."""

from __future__ import annotations

from extractors.geometry import GridCell


def count_header_rows(grid: list[list[GridCell]], max_rows: int = 3) -> int:
    """Header rows at the top of a grid (0 for an empty grid).

    The first row is a header.  A header row that holds a spanning cell (a title over
    several columns, such as a period group) is a *group* heading, so the row under it
    holds the real column headings and is a header row too - up to ``max_rows``.
    """
    if not grid:
        return 0
    n = 1
    while n < min(max_rows, len(grid) - 1) and any(c.spans > 1 and c.text for c in grid[n - 1]):
        n += 1
    return n
