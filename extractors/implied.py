"""Rulings a ruled table implies but leaves undrawn, read from its text.

Producers often rule a table only in part: column rules in the header and none in the
body (each body row is then one box across the table), or rules under the header and
above the total with the body rows between them in one box.  The text still lays the
cells out; these functions turn what it shows into the missing rulings, so the ruled
chain reads the whole grid:

* ``column_rules``: a box spanning several columns whose text falls apart at the
  table's column edges (each run of words inside one column) is a row of cells, not a
  merged cell.
* ``gutter_rules``: a ruled column whose text stands in columns of its own - gutters of
  white space running down it, two lines or more with runs on both sides, a figure
  beside the gutter - is several columns (a table ruled between a few columns only).
* ``row_rules``: a box holding several text lines where some column has a figure on
  two consecutive lines is several rows: a figure never wraps onto a second line.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from extractors.columns import column_intervals
from extractors.geometry import Rule, Word
from extractors.lines import Line, Segment, group_lines
from extractors.records import BBox
from extractors.text import is_figure_like

_TOL = 1.0  # a run may touch its column's edge by this much (text set flush to a rule)


def _centre_in(w: Word, box: BBox) -> bool:
    x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def column_of(seg: Segment, xs: Sequence[float]) -> int | None:
    """The column (between ``xs[k]`` and ``xs[k + 1]``) holding the whole of ``seg``, or None."""
    for k in range(len(xs) - 1):
        if xs[k] - _TOL <= seg.x0 and seg.x1 <= xs[k + 1] + _TOL:
            return k
    return None


def falls_apart(lines: Sequence[Line], xs: Sequence[float]) -> bool:
    """Do the runs of words of ``lines`` each sit inside one column, two columns or more
    holding text?"""
    cols = [column_of(s, xs) for ln in lines for s in ln.segments]
    return bool(cols) and None not in cols and len(set(cols)) >= 2


def column_rules(cells: Sequence[BBox], xs: Sequence[float], words: Sequence[Word]) -> list[Rule]:
    """Vertical rules at the inner column edges of every box that spans several columns
    of ``xs`` while its text falls apart at them (``falls_apart``)."""
    out: list[Rule] = []
    for c in cells:
        inner = [x for x in xs if c[0] + _TOL < x < c[2] - _TOL]
        if not inner:
            continue
        lines = group_lines([w for w in words if _centre_in(w, c)])
        if falls_apart(lines, [c[0], *inner, c[2]]):
            out.extend(Rule("v", x, c[1], x, c[3]) for x in inner)
    return out


def line_cells(line: Line, xs: Sequence[float]) -> list[str]:
    """The text of ``line`` in each column of ``xs`` (by word centre)."""
    out = [""] * (len(xs) - 1)
    for k in range(len(xs) - 1):
        out[k] = " ".join(w.text for w in line.words if xs[k] <= (w.x0 + w.x1) / 2 < xs[k + 1])
    return out


def figures_stack(upper: Line, lower: Line, xs: Sequence[float]) -> bool:
    """Does some column hold a figure on both lines?"""
    a, b = line_cells(upper, xs), line_cells(lower, xs)
    return any(is_figure_like(x) and is_figure_like(y) for x, y in zip(a, b, strict=True))


def row_rules(ys: Sequence[float], xs: Sequence[float], words: Sequence[Word]) -> list[Rule]:
    """Horizontal rules, across the table, between the lines of a ruled row where figures
    stack (``figures_stack``)."""
    out: list[Rule] = []
    for top, bottom in itertools.pairwise(ys):
        lines = group_lines([w for w in words if _centre_in(w, (xs[0], top, xs[-1], bottom))])
        for upper, lower in itertools.pairwise(lines):
            if figures_stack(upper, lower, xs):
                y = (upper.bottom + lower.top) / 2
                out.append(Rule("h", xs[0], y, xs[-1], y))
    return out


def _figures_across(line: Line, left: tuple[float, float], right: tuple[float, float]) -> bool:
    """Does ``line`` have runs on both sides of the gutter between ``left`` and ``right``,
    one of them a figure?  (Justified words in a narrow cell stand apart too, but no
    column of figures runs down them.)"""
    before = [s for s in line.segments if s.x1 <= left[1] + _TOL]
    after = [s for s in line.segments if s.x0 >= right[0] - _TOL]
    return bool(before and after) and any(is_figure_like(s.text) for s in (before[-1], after[0]))


def gutter_rules(xs: Sequence[float], ys: Sequence[float], words: Sequence[Word]) -> list[Rule]:
    """Vertical rules, down the table, in the white gutters inside a ruled column (see
    the module doc); none where a run of words crosses the gutter."""
    out: list[Rule] = []
    for a, b in itertools.pairwise(xs):
        lines = group_lines([w for w in words if _centre_in(w, (a, ys[0], b, ys[-1]))])
        cols = column_intervals(lines)
        if len(cols) < 2:
            continue
        for left, right in itertools.pairwise(cols):
            both = sum(1 for ln in lines if _figures_across(ln, left, right))
            if both >= 2:
                x = (left[1] + right[0]) / 2
                out.append(Rule("v", x, ys[0], x, ys[-1]))
    return out
