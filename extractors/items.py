"""Borderless "item | notes" layouts (minutes, action logs) told from numbered paragraphs.

Both look alike on the page: a short marker ("1", "2.") in a left gutter and text
hanging at an indent.  What sets an item layout apart is that each marker opens a
*heading* - a line standing on its own (bold, or followed by a paragraph gap) - and
that the item's notes then stay in the indent column, paragraph after paragraph, until
the next marker, often across pages.  A numbered paragraph runs straight on from its
marker line; a numbered section heading is followed by body text back in the gutter.

The decision is taken once per paper (``item_column``) so that pages holding only the
continuation of a long item still join the table (``item_fragments``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.geometry import Fragment, GridCell, union_bbox
from extractors.lines import Line, is_enumerator
from extractors.text import join_lines

_TOL = 2.5  # x tolerance for "starts at the same place" (justified text wobbles ~1 pt)


@dataclass(frozen=True)
class ItemColumn:
    """Where an item layout's two columns start: the marker gutter and the notes indent."""

    gutter: float
    indent: float


def marker_of(line: Line) -> tuple[float, float] | None:
    """``(marker x0, text x0)`` when ``line`` is an enumerator followed by text, else None."""
    segs = line.segments
    if len(segs) < 2 or not is_enumerator(segs[0].text):
        return None
    return segs[0].x0, segs[1].x0


def _in_notes(line: Line, col: ItemColumn) -> bool:
    return line.x0 >= col.indent - _TOL


def _is_marker(line: Line, col: ItemColumn) -> bool:
    m = marker_of(line)
    return m is not None and abs(m[0] - col.gutter) <= _TOL and abs(m[1] - col.indent) <= _TOL


def is_item_heading(lines: Sequence[Line], i: int, col: ItemColumn) -> bool:
    """Does the marker line ``lines[i]`` open an item: a heading (bold, or set apart from
    the next line by a paragraph gap) whose next line stays in the notes column?"""
    if i + 1 >= len(lines):
        return False
    line, nxt = lines[i], lines[i + 1]
    if not _in_notes(nxt, col) or _is_marker(nxt, col):
        return False
    gap = nxt.top - line.bottom
    return line.bold or gap >= 0.45 * line.size


def item_column(pages: Sequence[Sequence[Line]], min_items: int = 3) -> ItemColumn | None:
    """The paper's item layout columns, or None when its numbered lines are ordinary
    numbered paragraphs or headings.

    Candidates are (gutter, indent) pairs of marker lines.  One qualifies when at least
    ``min_items`` of its markers, and two thirds of them, open headings whose notes
    stay in the indent column (``is_item_heading``).
    """
    seen: list[tuple[ItemColumn, bool]] = []
    for lines in pages:
        for i, ln in enumerate(lines):
            m = marker_of(ln)
            if m is None:
                continue
            col = ItemColumn(*m)
            seen.append((col, is_item_heading(lines, i, col)))
    best: ItemColumn | None = None
    best_n = 0
    for col, _ in seen:
        same = [
            h for c, h in seen if abs(c.gutter - col.gutter) <= _TOL and abs(c.indent - col.indent) <= _TOL
        ]
        n = sum(same)
        if n >= min_items and 3 * n >= 2 * len(same) and n > best_n:
            best, best_n = col, n
    return best


def _row(marker: str, lines: Sequence[Line]) -> list[str]:
    notes = [
        " ".join(s.text for s in ln.segments[1:]) if i == 0 and marker else ln.text
        for i, ln in enumerate(lines)
    ]
    return [marker, join_lines(notes)]


def page_items(lines: Sequence[Line], col: ItemColumn, open_above: bool) -> tuple[list[list[Line]], int, int]:
    """The item rows on one page (top to bottom) as runs of lines.

    A row starts at a marker line, or - when the previous page ended inside an item
    (``open_above``) - at the page's first line if it sits in the notes column.  It
    runs while lines stay in the notes column.  Returns ``(rows, index of the first
    line used, index after the last line used)``; ``rows`` is empty when there are none.
    """
    rows: list[list[Line]] = []
    start = end = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        opens = _is_marker(ln, col) and is_item_heading(lines, i, col)
        cont = i == 0 and open_above and _in_notes(ln, col) and not _is_marker(ln, col)
        if not (opens or cont or (rows and end == i and _is_marker(ln, col))):
            i += 1
            continue
        if not rows:
            start = i
        elif end != i:
            break  # one item layout per page: other text came between
        run = [ln]
        i += 1
        while i < len(lines) and _in_notes(lines[i], col) and not _is_marker(lines[i], col):
            run.append(lines[i])
            i += 1
        rows.append(run)
        end = i
    return rows, start, end


def item_fragment(page: int, rows: Sequence[Sequence[Line]], col: ItemColumn) -> Fragment:
    """A two-column fragment ``marker | notes`` from a page's item rows (no header)."""
    grid: list[list[GridCell]] = []
    right = max(ln.x1 for r in rows for ln in r)
    for r in rows:
        marker = r[0].segments[0].text if _is_marker(r[0], col) else ""
        texts = _row(marker, r)
        top, bottom = min(ln.top for ln in r), max(ln.bottom for ln in r)
        mbox = r[0].segments[0].words[0].bbox if marker else (col.gutter, top, col.indent, bottom)
        words = [w for ln in r for w in ln.words if w.x0 >= col.indent - _TOL]
        nbox = union_bbox(w.bbox for w in words) if words else (col.indent, top, right, bottom)
        grid.append([GridCell(texts[0], mbox), GridCell(texts[1], nbox)])
    bbox = union_bbox(ln.words[0].bbox for r in rows for ln in r)
    bbox = (min(col.gutter, bbox[0]), bbox[1], right, max(ln.bottom for r in rows for ln in r))
    edges = [col.gutter, col.indent - _TOL, right]
    return Fragment(page, bbox, grid, "aligned", 0.6, edges, header_rows=0, kind="layout")


def item_fragments(
    pages: dict[int, list[Line]], col: ItemColumn
) -> tuple[list[Fragment], dict[int, list[Line]]]:
    """Item-layout fragments page by page, and each page's lines left over.

    A page continues the previous page's item when that page's item rows ran to its last
    line (running headers/footers are already gone)."""
    frags: list[Fragment] = []
    rest: dict[int, list[Line]] = {}
    open_above = False
    prev = None
    for n in sorted(pages):
        lines = pages[n]
        rows, start, end = page_items(lines, col, open_above and prev == n - 1)
        if rows:
            frags.append(item_fragment(n, rows, col))
            rest[n] = list(lines[:start]) + list(lines[end:])
        else:
            rest[n] = list(lines)
        open_above = bool(rows) and end == len(lines)
        prev = n
    return frags, rest
