"""Columns of an aligned (unruled) block, and where each run of words goes in them.

Columns are the whitespace gaps measured over the whole block: the x ranges its runs of
words (segments) cover, merged where they touch.  They are measured over the block's
*body* - the rows from the first row of figures down - because header cells are set
wider or narrower than their column and, wrapped or centred, would open or close gaps
that the body does not have (a spurious column, two columns fused).  A header run that
falls outside every body column is a column of its own (a column only the header fills) when it lies left or right of the body; one in a gutter
between body columns goes to the nearer of the two.

Placement (``place``): a body or column-head run goes to the column holding its left
edge, spanning the further columns it covers; a run in a header row above the column
heads (a spanner head) covers the columns that a rule drawn under it covers, else - unless
it is set flush left with a column - the columns it is centred over.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.geometry import Rule, overlap
from extractors.lines import Line, Segment
from extractors.text import is_figure_like, is_nil_mark, is_year_like

Interval = tuple[float, float]


def is_spanning(seg: Segment, lines: Sequence[Line]) -> bool:
    """True when ``seg`` bridges the gap between two neighbouring segments of another
    line: a title or merged cell over several columns."""
    for ln in lines:
        for a, b in zip(ln.segments, ln.segments[1:], strict=False):
            if overlap(seg.x0, seg.x1, a.x0, a.x1) > 0 and overlap(seg.x0, seg.x1, b.x0, b.x1) > 0:
                return True
    return False


def merge_intervals(spans: Sequence[Interval]) -> list[Interval]:
    """Sorted ``spans`` merged where they overlap or touch (within 1 pt)."""
    cols: list[list[float]] = []
    for a, b in sorted(spans):
        if cols and a <= cols[-1][1] + 1.0:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


def column_intervals(lines: Sequence[Line]) -> list[Interval]:
    """Column x ranges: the union of the lines' segments, spanning segments left out.

    Segments that bridge two columns of another line (merged title cells) would fuse
    the columns under them, so they do not shape columns; they are placed later.
    """
    # The gaps between neighbouring segments of each line, once: a segment bridges one
    # when it reaches into the segments on both sides (``is_spanning``).
    gaps = {(a.x1, b.x0) for ln in lines for a, b in zip(ln.segments, ln.segments[1:], strict=False)}
    return merge_intervals(
        [(s.x0, s.x1) for ln in lines for s in ln.segments if not any(s.x0 < a and s.x1 > b for a, b in gaps)]
    )


def has_figure(line: Line) -> bool:
    """Does ``line`` hold a figure after its first run (a row of figures, not a label)?
    A line whose figures are all years is a row of column heads."""
    figures = [s.text for s in line.segments[1:] if is_figure_like(s.text)]
    return bool(figures) and not all(is_year_like(t) for t in figures)


def body_start(lines: Sequence[Line]) -> int:
    """Index of the block's first line with figures (0 when none has)."""
    return next((i for i, ln in enumerate(lines) if has_figure(ln)), 0)


def block_columns(lines: Sequence[Line]) -> list[Interval]:
    """Column x ranges of a block, measured over its body (see the module doc): header
    runs only add columns left or right of the body (a header run in a gutter between
    body columns belongs to one of them)."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    start = body_start(ordered)
    body = column_intervals(ordered[start:])
    if start == 0 or len(body) < 2:
        return column_intervals(ordered)
    body = join_split_columns(body, ordered[start:], ordered[:start])
    lo, hi = body[0][0], body[-1][1]
    extra = [
        (s.x0, s.x1)
        for ln in ordered[:start]
        for s in ln.segments
        if s.x1 < lo or s.x0 > hi  # beside the body: a column the header alone fills
    ]
    return merge_intervals([*body, *merge_intervals(extra)]) if extra else body


def _fills(line: Line, col: Interval) -> list[Segment]:
    return [s for s in line.segments if overlap(s.x0, s.x1, col[0], col[1]) > 0]


def _fills_apart(line: Line, a: Interval, b: Interval) -> bool:
    """Does ``line`` fill ``a`` and ``b`` with two different runs (not one run across)?"""
    in_a, in_b = _fills(line, a), _fills(line, b)
    return any(s not in in_b for s in in_a) and any(s not in in_a for s in in_b)


def join_split_columns(cols: list[Interval], body: Sequence[Line], header: Sequence[Line]) -> list[Interval]:
    """``cols`` with neighbours joined that are one column set two ways: no body line
    fills both, and one header run lies over both or one holds nothing but nil marks
    (a dash set flush left in a column of figures set flush right)."""
    out = [cols[0]]
    for col in cols[1:]:
        prev = out[-1]
        both = any(_fills_apart(ln, prev, col) for ln in body)
        headed = any(
            overlap(s.x0, s.x1, prev[0], prev[1]) > 0 and overlap(s.x0, s.x1, col[0], col[1]) > 0
            for ln in header
            for s in ln.segments
        )
        nil = any(all(is_nil_mark(s.text) for ln in body for s in _fills(ln, c)) for c in (prev, col))
        if not both and (headed or nil):
            out[-1] = (prev[0], max(prev[1], col[1]))
        else:
            out.append(col)
    return out


def assign_column(seg: Segment, cols: Sequence[Interval]) -> int:
    """Column index of a segment: the column holding its left edge, else the leftmost
    column it overlaps (a merged cell's text belongs to the first column it covers),
    else the column across the narrowest gap."""
    for i, (a, b) in enumerate(cols):
        if a - 1.0 <= seg.x0 <= b:
            return i
    for i, (a, b) in enumerate(cols):
        if overlap(seg.x0, seg.x1, a, b) > 0:
            return i
    return min(range(len(cols)), key=lambda i: max(cols[i][0] - seg.x1, seg.x0 - cols[i][1]))


def covered(seg: Segment, cols: Sequence[Interval], k: int) -> int:
    """How many columns from ``k`` on ``seg`` covers (by more than half a point)."""
    return max(1, sum(1 for a, b in cols[k:] if overlap(seg.x0, seg.x1, a, b) > 0.5))


def rule_under(seg: Segment, rules: Sequence[Rule]) -> Rule | None:
    """A horizontal rule drawn just under ``seg`` and at least as wide (a spanner rule)."""
    for r in rules:
        near = seg.bottom - 1.0 <= r.top <= seg.bottom + 0.8 * (seg.bottom - seg.top)
        if r.orientation == "h" and near and r.x0 <= seg.x0 + 1.0 and r.x1 >= seg.x1 - 1.0:
            return r
    return None


def centred_span(seg: Segment, cols: Sequence[Interval]) -> tuple[int, int]:
    """``(first column, columns)`` of the run of columns that ``seg`` is centred over:
    it starts at a column ``seg`` overlaps or, from a gutter, at one of the two columns
    beside it, and covers the columns ``seg`` overlaps after it; of those, the run whose
    middle comes closest to ``seg``'s (the fewest columns when two are as close)."""
    hit = [k for k, (a, b) in enumerate(cols) if overlap(seg.x0, seg.x1, a, b) > 0]
    mid = (seg.x0 + seg.x1) / 2
    if not hit:
        left = [k for k, (a, b) in enumerate(cols) if b <= mid]
        hit = [left[-1], left[-1] + 1] if left and left[-1] + 1 < len(cols) else [left[-1] if left else 0]
    best = (float("inf"), hit[0], 1)
    for i in hit:
        for j in range(i, len(cols)):
            off = abs((cols[i][0] + cols[j][1]) / 2 - mid)
            best = min(best, (off + 0.01 * (j - i), i, j - i + 1))
    return best[1], best[2]


def place(
    seg: Segment, cols: Sequence[Interval], spanner: bool, rules: Sequence[Rule] = ()
) -> tuple[int, int]:
    """``(column, columns spanned)`` of a run of words (see the module doc)."""
    if spanner:
        rule = rule_under(seg, rules)
        if rule is not None:
            hit = [k for k, (a, b) in enumerate(cols) if overlap(rule.x0, rule.x1, a, b) > 0]
            if hit and hit[0] > 0:  # a spanner rule; a rule across the stub too rules a row
                return hit[0], len(hit)
        if not any(abs(seg.x0 - a) <= 2.0 for a, b in cols):
            return centred_span(seg, cols)  # not flush left with a column: set centred
    k = assign_column(seg, cols)
    return k, covered(seg, cols, k)
