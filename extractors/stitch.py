"""Stitch a table that breaks across a page into one.

Two fragments on consecutive pages are one table when the first is the last thing on
its page, the second is the first thing on the next page, and their columns line up.
A header repeated at the top of the continuation is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.geometry import Fragment, GridCell, overlap
from extractors.text import is_figure_like, join_lines


def columns_match(a: Fragment, b: Fragment) -> bool:
    """Same number of columns, each overlapping its counterpart by half its width, as
    drawn or with ``b`` moved sideways as a whole onto ``a``'s first column (a part
    drawn with another alignment than the part before it: centred, not flush left)."""
    if a.ncols != b.ncols or a.ncols == 0:
        return False
    return any(_overlap_columns(a, b, dx) for dx in (0.0, b.col_edges[0] - a.col_edges[0]))


def _overlap_columns(a: Fragment, b: Fragment, dx: float) -> bool:
    """Does each column of ``b``, moved ``dx`` left, overlap ``a``'s by half its width?"""
    for k in range(a.ncols):
        a0, a1 = a.col_edges[k], a.col_edges[k + 1]
        b0, b1 = b.col_edges[k] - dx, b.col_edges[k + 1] - dx
        if overlap(a0, a1, b0, b1) < 0.5 * min(a1 - a0, b1 - b0):
            return False
    return True


def _text_left(f: Fragment, k: int) -> float:
    xs = [box[0] for row in f.grid if row[k].text and (box := row[k].bbox) is not None]
    return min(xs) if xs else f.col_edges[k]


def column_map(a: Fragment, b: Fragment) -> list[int] | None:
    """Where ``b``'s columns sit among ``a``'s when ``b`` has fewer: for each column of
    ``b``, the column of ``a`` in which its text starts, left to right without sharing;
    None when some column finds no such place.

    A continuation without the header has only the columns its rows fill (a header-only
    column or columns a merged cell covers drop out), so its count can be smaller.
    """
    if b.ncols == 0 or b.ncols > a.ncols:
        return None
    out: list[int] = []
    for k in range(b.ncols):
        x = _text_left(b, k)
        inside = [i for i in range(a.ncols) if a.col_edges[i] - 2.0 <= x < a.col_edges[i + 1]]
        if not inside or (out and inside[0] <= out[-1]):
            return None
        out.append(inside[0])
    return out


def conform(b: Fragment, mapping: Sequence[int], ncols: int, edges: list[float]) -> Fragment:
    """``b`` re-laid on ``ncols`` columns: its column ``k`` moved to ``mapping[k]``, the
    columns it lacks filled with empty cells spanning its rows."""
    grid: list[list[GridCell]] = []
    for row in b.grid:
        top = min((c.bbox[1] for c in row if c.bbox), default=b.bbox[1])
        bottom = max((c.bbox[3] for c in row if c.bbox), default=b.bbox[3])
        cells = [GridCell("", (edges[i], top, edges[i + 1], bottom)) for i in range(ncols)]
        for k, c in enumerate(row):
            cells[mapping[k]] = c
        grid.append(cells)
    return replace(b, grid=grid, col_edges=list(edges))


def continues(a: Fragment, b: Fragment, a_is_last: bool, b_is_first: bool) -> bool:
    """Does ``b`` continue ``a`` on the next page?"""
    return b.page == a.page + 1 and a_is_last and b_is_first and a.method == b.method and columns_match(a, b)


def continuation(a: Fragment, b: Fragment, a_is_last: bool, b_is_first: bool) -> Fragment | None:
    """``b`` as the next part of ``a`` (laid on ``a``'s columns), or None when it is not.

    Besides same-column parts (``continues``), an aligned part with fewer columns
    continues when each of its columns falls in one of ``a``'s (``column_map``).
    """
    if continues(a, b, a_is_last, b_is_first):
        return b
    if not (b.page == a.page + 1 and a_is_last and b_is_first and a.method == b.method == "aligned"):
        return None
    mapping = column_map(a, b)
    if mapping is None or b.ncols == a.ncols:
        return None
    return conform(b, mapping, a.ncols, a.col_edges)


def repeated_header_rows(head: Fragment, cont: Fragment) -> int:
    """How many of ``head``'s header rows are repeated at the top of ``cont``."""
    n = 0
    for k in range(min(head.header_rows, len(cont.grid) - 1)):
        if [c.text for c in head.grid[k]] == [c.text for c in cont.grid[k]]:
            n += 1
        else:
            break
    return n


def group_fragments(
    frags: Sequence[Fragment], last_on_page: set[int], first_on_page: set[int]
) -> list[list[Fragment]]:
    """Chain fragments (in reading order) into tables.

    ``last_on_page``/``first_on_page`` hold the ``id()`` of fragments with no other page
    content below/above them (running headers and footers aside).
    """
    groups: list[list[Fragment]] = []
    prev_id = 0  # id() of the original of the last part (a conformed part is a copy)
    for f in frags:
        if groups:
            cont = continuation(groups[-1][-1], f, prev_id in last_on_page, id(f) in first_on_page)
            if cont is not None:
                groups[-1].append(cont)
                prev_id = id(f)
                continue
        groups.append([f])
        prev_id = id(f)
    return groups


def row_goes_on(last: Sequence[GridCell], first: Sequence[GridCell]) -> bool:
    """Is ``first``, the first row carried to the next page, the rest of ``last`` - a
    row whose wrapped cells the page break cut?  Its first (label) cell is empty, a
    cell of it goes on in lower case, and no column holds a figure in both (a figure
    is never split)."""
    if not first or first[0].text.strip() or not any(c.text.strip() for c in first):
        return False
    stacked = any(
        is_figure_like(a.text) and is_figure_like(b.text) for a, b in zip(last, first, strict=False)
    )
    lower = any(c.text.strip()[:1].islower() for c in first)
    return lower and not stacked


def join_rows(last: Sequence[GridCell], first: Sequence[GridCell]) -> list[GridCell]:
    """``last`` with ``first``'s text run on cell by cell; each cell keeps the page and
    box where its row starts."""
    out = list(last)
    for k, c in enumerate(first):
        if k < len(out) and c.text.strip():
            out[k] = replace(out[k], text=join_lines([out[k].text, c.text]))
    return out
