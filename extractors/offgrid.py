"""Rows of an aligned table drawn off its columns, read back onto them.

A typesetter can draw one row of a table translated sideways as a whole: a table split
at a page break whose remainder is drawn with another alignment (centred instead of flush
left), a total row pasted in from elsewhere.  Its label and every figure then sit the
same distance right (or left) of the columns every other row shares, so placing its runs
by where they fall reads the row one column off and invents a column for its last
figure.  Such a row is recognised by that shape alone: most of its runs sit on no edge
the other rows share, yet one sideways shift puts every run on one.  Its runs are placed as
if drawn there; the cells keep the boxes where the words are printed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from extractors.geometry import Word
from extractors.lines import Line, Segment

EDGE_TOL = 1.0
"""How near (pt) a run's edge must come to a shared edge to sit on it: the edges of one
column agree to within rounding."""
MIN_RUNS = 3
"""Runs a row needs before a shift is believed: a label and two figures at least, so
one coincidence of widths cannot move it."""


def _near(x: float, edges: Sequence[float]) -> bool:
    """Is ``x`` within ``EDGE_TOL`` of one of the sorted ``edges``?"""
    i = bisect_left(edges, x - EDGE_TOL)
    return i < len(edges) and edges[i] <= x + EDGE_TOL


def _sits(seg: Segment, dx: float, lefts: Sequence[float], rights: Sequence[float]) -> bool:
    """Does ``seg`` moved by ``-dx`` sit flush left or flush right on a shared edge?"""
    return _near(seg.x0 - dx, lefts) or _near(seg.x1 - dx, rights)


def row_offset(line: Line, others: Sequence[Line]) -> float:
    """How far ``line`` is drawn right (negative: left) of the columns ``others`` share;
    0.0 when it sits on them, is too short to tell, or no one shift fits all its runs.

    On the columns means most runs are flush left, flush right or centred on a run of
    another line.  Off them, the shift must put every run flush with one; the smallest
    such shift is taken."""
    segs = line.segments
    runs = [s for ln in others for s in ln.segments]
    if len(segs) < MIN_RUNS or not runs:
        return 0.0
    lefts = sorted(s.x0 for s in runs)
    rights = sorted(s.x1 for s in runs)
    mids = sorted((s.x0 + s.x1) / 2 for s in runs)
    on = sum(_sits(s, 0.0, lefts, rights) or _near((s.x0 + s.x1) / 2, mids) for s in segs)
    if 2 * on >= len(segs):
        return 0.0  # most runs on shared edges: the row is on the columns (or merely ragged)
    first = segs[0]
    # one candidate per distinct edge (to a tenth of a point): a column's edges repeat
    shifts = sorted(
        {round(first.x0 - x, 1) for x in lefts} | {round(first.x1 - x, 1) for x in rights}, key=abs
    )
    return next((dx for dx in shifts if all(_sits(s, dx, lefts, rights) for s in segs)), 0.0)


def _moved(line: Line, dx: float, back: dict[Word, Word]) -> Line:
    """``line`` drawn ``dx`` further left; ``back`` learns each moved word's original."""

    def move(w: Word) -> Word:
        new = replace(w, x0=w.x0 - dx, x1=w.x1 - dx)
        back[new] = w
        return new

    segments = tuple(Segment(tuple(move(w) for w in s.words)) for s in line.segments)
    return Line(tuple(w for s in segments for w in s.words), segments)


def onto_columns(lines: Sequence[Line], is_body: Sequence[bool]) -> tuple[list[Line], dict[Word, Word]]:
    """``lines`` with each body row drawn off the columns moved onto them (see the module
    doc), and a map from every moved word to the word as printed (for its box)."""
    back: dict[Word, Word] = {}
    body = [ln for ln, b in zip(lines, is_body, strict=True) if b and len(ln.segments) >= 2]
    out = []
    for ln, b in zip(lines, is_body, strict=True):
        dx = row_offset(ln, [o for o in body if o is not ln]) if b else 0.0
        out.append(_moved(ln, dx, back) if dx else ln)
    return out, back
