"""Unruled (and semi-ruled) tables from word alignment.

The chain: page lines → ``find_blocks`` (runs of lines with column gaps) →
``column_intervals`` (x ranges covered by the block's segments) → ``row_bands`` (line
groups separated by row-sized vertical gaps or rulings) → ``block_to_fragment`` (grid).
All functions are pure over ``Line``/``Segment`` records.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.columns import (
    assign_column,
    block_columns,
    column_intervals,
    has_figure,
    is_spanning,
    place,
    rule_under,
)
from extractors.geometry import FilledBox, Fragment, GridCell, Rule, Word, median, overlap, union_bbox
from extractors.lines import Line, Segment, is_enumerator
from extractors.offgrid import onto_columns
from extractors.records import BBox
from extractors.text import is_figure_like, is_year_like, join_lines


@dataclass
class Block:
    """Consecutive lines that look like one aligned table."""

    lines: list[Line]

    @property
    def size(self) -> float:
        return median(ln.size for ln in self.lines)

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)


def is_multi(line: Line) -> bool:
    """A line with two or more segments that is not just an enumerated paragraph/list item."""
    segs = line.segments
    if len(segs) < 2:
        return False
    # "5.   The following ..." is a numbered paragraph, not a two-column row.
    return not (len(segs) == 2 and is_enumerator(segs[0].text))


def _starts(block_lines: Sequence[Line]) -> list[float]:
    return [s.x0 for ln in block_lines if is_multi(ln) for s in ln.segments]


def _max_gap(size: float) -> float:
    # Rows of a table sit closer than paragraphs; a gap of a full line height ends it.
    return 1.0 * size


def _padded_gap(size: float) -> float:
    # Padded rows (shaded or airy tables) may sit up to ~2 line heights apart.
    return 2.2 * size


def shares_columns(line: Line, block: Block) -> bool:
    """Do two or more of ``line``'s segments start or end where the block's segments do?

    That is what a further row of the same table looks like, however far below it sits.
    """
    segs = [s for ln in block.lines if is_multi(ln) for s in ln.segments]
    hits = sum(
        1 for s in line.segments if any(abs(s.x0 - t.x0) <= 2.0 or abs(s.x1 - t.x1) <= 2.0 for t in segs)
    )
    return hits >= 2


def _fits(line: Line, block: Block) -> bool:
    """Can a single-segment ``line`` continue ``block`` (a wrapped cell line)?"""
    if all(abs(line.size - ln.size) > 0.6 for ln in block.lines[-3:]):
        return False
    if line.x0 < block.x0 - 2.0 or line.x1 > block.x1 + 0.5 * (block.x1 - block.x0):
        return False
    starts = _starts(block.lines)
    # It must start where a column starts, or inside the block's extent to the right of
    # the first column (wrapped text in a later column).
    return any(abs(line.x0 - s) <= 2.0 for s in starts) or line.x0 > block.x0 + 10.0


def find_blocks(
    lines: Sequence[Line], rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = (), min_multi: int = 2
) -> list[Block]:
    """Maximal runs of lines that look like an aligned table.

    A run starts at a multi-segment line and continues while the next line is close
    (gap below one line height, or ~2 for a multi-segment line on the block's columns),
    of the same font size (a header of another size may precede the body when its
    columns line up), and either multi-segment or a plausible wrapped-cell line.  Runs with
    fewer than ``min_multi`` multi-segment lines are dropped.  A title line merged across the columns just above a block joins it
    (``is_title_row``).
    """
    blocks: list[Block] = []
    cur: Block | None = None
    for i, ln in enumerate(lines):
        if cur is not None:
            prev = cur.lines[-1]
            gap = ln.top - prev.bottom
            close = gap <= _max_gap(cur.size) or (
                gap <= _padded_gap(cur.size)
                and (
                    (is_multi(ln) and shares_columns(ln, cur))
                    or padded_label_row(ln, lines[i + 1] if i + 1 < len(lines) else None, cur)
                    or padded_figure_row(ln, cur)
                )
            )
            # Compared with the line above too: after a multi-line header in another
            # size the block's median size sits between header and cells.
            same = (
                abs(ln.size - cur.size) <= 0.6
                or abs(ln.size - prev.size) <= 0.6
                or (
                    # a header set bigger (or smaller) than the cells under it
                    len(cur.lines) <= 3 and is_multi(ln) and shares_columns(ln, cur)
                )
            )
            if close and same and (is_multi(ln) or _fits(ln, cur)):
                cur.lines.append(ln)
                continue
            blocks.append(cur)
            cur = None
        if is_multi(ln):
            cur = Block([ln])
    if cur is not None:
        blocks.append(cur)
    out = []
    for b in blocks:
        # Trailing single-segment lines are prose after the table unless they align.
        while b.lines and not is_multi(b.lines[-1]) and not _aligned_to_column(b.lines[-1], b):
            b.lines.pop()
        if sum(1 for ln in b.lines if is_multi(ln)) >= min_multi:
            out.append(b)
    for b in out:
        i = next(k for k, ln in enumerate(lines) if ln is b.lines[0])
        for _ in range(_MAX_LINES_ABOVE):
            above = lines[i - 1] if i > 0 else None
            if above is None or any(above is ln for ob in out for ln in ob.lines):
                break
            if not (
                is_wrapped_header_line(above, b)
                or is_title_row(above, b, rules, fills)
                or is_header_row_above(above, b, rules, fills)
                or is_spanner_row_above(above, b, rules)
            ):
                break
            b.lines.insert(0, above)
            i -= 1
    return out


_MAX_LINES_ABOVE = 6  # a title row, a heading row, lines of wrapped headings


def heads_size(line: Line, first: Line) -> bool:
    """Is ``line`` set in a size a header over ``first`` can have: the same (within
    0.6 pt), or bold and up to a quarter bigger?"""
    return abs(line.size - first.size) <= 0.6 or (line.bold and first.size < line.size <= 1.25 * first.size)


def is_wrapped_header_line(line: Line, block: Block) -> bool:
    """Is ``line`` (just above ``block``) an upper line of header cells that wrap - the
    cells set at the middle or bottom of a header row whose other cells take one line?

    It sits as close as wrapped lines do (overlapping the block's first line, or less
    than half a line height above it), in the heads' size (``heads_size``), bold if
    that line is, and each
    of its runs of words overlaps one of the block's columns and no other: a caption or
    title would run across the gutters.
    """
    first = block.lines[0]
    # Header cells may be bold over plain cells, never plain over bold ones.
    if not heads_size(line, first) or (first.bold and not line.bold):
        return False
    if first.top - line.bottom > 0.5 * first.size or _NOT_TITLE.search(line.text.strip()):
        return False
    cols = column_intervals(block.lines)
    return len(cols) >= 2 and all(
        sum(1 for a, b in cols if overlap(s.x0, s.x1, a, b) > 0) == 1 for s in line.segments
    )


def padded_label_row(line: Line, nxt: Line | None, block: Block) -> bool:
    """Is single-segment ``line`` a padded row with only its first cell filled?

    It is set like the row under it, ends before the block's second column starts (a caption or title would run across the
    columns), and the line after it, as close as padded rows sit, is a further row of
    the block (``shares_columns``).
    """
    if is_multi(line) or nxt is None or abs(line.x0 - block.x0) > 2.0:
        return False
    # A heading or caption above a table is set apart: bold (labels are not), another
    # size, or reads like a caption.
    if abs(line.size - nxt.size) > 0.6 or _NOT_TITLE.search(line.text.strip()):
        return False
    if line.bold and not all(w.bold for w in nxt.segments[0].words):
        return False
    seconds = [ln.segments[1].x0 for ln in block.lines if is_multi(ln) and abs(ln.x0 - block.x0) <= 2.0]
    if not seconds or line.x1 >= min(seconds):
        return False
    return nxt.top - line.bottom <= _padded_gap(block.size) and is_multi(nxt) and shares_columns(nxt, block)


def padded_figure_row(line: Line, block: Block) -> bool:
    """Is single-segment ``line`` a padded row with one figure only, under a value column
    (an unlabelled total such as ``1667`` below a column of counts)?

    The figure starts or ends where a column of the block other than the first does and
    is set in the block's size."""
    if is_multi(line) or len(line.segments) != 1 or not _FIGURE.match(line.text.strip()):
        return False
    if abs(line.size - block.size) > 0.6:
        return False
    seg = line.segments[0]
    cols = column_intervals(block.lines)
    return any(abs(seg.x0 - a) <= 2.0 or abs(seg.x1 - b) <= 2.0 for a, b in cols[1:])


_NOT_TITLE = re.compile(r"^(Table|Figure|Fig\.|Graph|Chart|Exhibit)\s*[0-9IVX]+\b|[:.]$", re.IGNORECASE)


def is_title_row(
    line: Line, block: Block, rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = ()
) -> bool:
    """Is ``line`` (just above ``block``) a title cell merged across the table's columns?

    It must be one segment in the table's font size, inside the table's width, reaching
    past the column it starts in, sit no further above it than the table's rows sit
    apart, not read like a caption ("Table N", ending ':' or '.'), and be marked as part of
    the table: bold, shaded with the header, or under a rule that opens the table.
    """
    first = block.lines[0]
    if len(line.segments) != 1 or abs(line.size - first.size) > 0.6 or _NOT_TITLE.search(line.text.strip()):
        return False
    if line.x0 < block.x0 - 2.0 or line.x1 > block.x1 + 2.0:
        return False
    cols = column_intervals(block.lines)
    if len(cols) < 2 or line.x1 <= cols[assign_column(line.segments[0], cols)][1] + 1.0:
        return False  # it must reach past the column it starts in
    return sits_as_row_above(line, block) and marked_as_table(line, first, rules, fills)


def sits_as_row_above(line: Line, block: Block) -> bool:
    """Is ``line`` no further above the block's first line than the block's rows sit apart
    (and no further than padded rows ever do)?"""
    first = block.lines[0]
    tops = sorted({round(ln.top, 1): ln for ln in block.lines}.values(), key=lambda ln: ln.top)
    row_gaps = [b.top - a.bottom for a, b in itertools.pairwise(tops[:4])]
    gap = first.top - line.bottom
    return -0.5 <= gap <= min(_padded_gap(first.size), max(row_gaps, default=0.0) + 1.0)


def marked_as_table(
    line: Line, first: Line, rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = ()
) -> bool:
    """Is ``line`` (above ``first``) set as part of the table: bold, shaded together with
    the line under it or by a shading of its own, or under a rule?"""
    shaded = any(f.top - 1 <= line.top and first.bottom <= f.bottom + 1 for f in fills)
    own_shade = any(
        f.top - 1 <= line.top and line.bottom <= f.bottom + 1 and overlap(f.x0, f.x1, line.x0, line.x1) > 0
        for f in fills
    )
    ruled = any(
        r.orientation == "h"
        and line.top - 1.2 * line.size <= r.top <= line.top
        and overlap(r.x0, r.x1, line.x0, line.x1) > 0
        for r in rules
    )
    return line.bold or shaded or own_shade or ruled


def is_header_row_above(
    line: Line, block: Block, rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = ()
) -> bool:
    """Is multi-segment ``line`` just above ``block`` a row of column headings the block
    did not take in - one sharing too few columns with the body to have joined it, such as
    a heading over the value columns only or a group heading over several of them?

    Each of its segments starts (or ends) where a column of the block does, or lies right
    of the block (a column only the header fills); one lines up with a column after the
    first; none is a figure or reads like a caption.  It is set in the table's size (a bold
    header up to 25% bigger), sits no further above than the rows sit apart
    (``sits_as_row_above``) and is marked as part of the table (``marked_as_table``).
    """
    first = block.lines[0]
    if not is_multi(line) or any(_FIGURE.match(s.text) or _NOT_TITLE.search(s.text) for s in line.segments):
        return False
    bigger_header = line.bold and first.size < line.size <= 1.25 * first.size
    if abs(line.size - first.size) > 0.6 and not bigger_header:
        return False
    cols = column_intervals(block.lines)
    if len(cols) < 2 or line.x0 < block.x0 - 2.0:
        return False

    def lined_up(s: Segment) -> int | None:
        return next(
            (k for k, (a, b) in enumerate(cols) if abs(s.x0 - a) <= 2.0 or abs(s.x1 - b) <= 2.0), None
        )

    places = [lined_up(s) for s in line.segments]
    if any(k is None and s.x0 <= block.x1 for k, s in zip(places, line.segments, strict=True)):
        return False
    if not any(k is not None and k > 0 for k in places):
        return False
    return sits_as_row_above(line, block) and marked_as_table(line, first, rules, fills)


def is_spanner_row_above(line: Line, block: Block, rules: Sequence[Rule] = ()) -> bool:
    """Is ``line`` just above ``block`` a row of spanner heads - heads over groups of the
    value columns ("2010", "Percent")?

    Every run lies over the value columns (right of the stub column, within the block),
    none is a figure other than a year, a caption or a units note in brackets; it is set
    in the heads' size, no further above them than one and a half lines (or with a rule
    drawn under one of its runs, as spanners often are)."""
    first = block.lines[0]
    cols = column_intervals(block.lines)
    if len(cols) < 2 or not heads_size(line, first):
        return False
    stub_end = cols[0][1]
    for s in line.segments:
        t = s.text.strip()
        if s.x0 <= stub_end or s.x1 > block.x1 + 2.0 or t[:1] in "([" or _NOT_TITLE.search(t):
            return False
        if is_figure_like(t) and not is_year_like(t):
            return False
    gap = first.top - line.bottom
    ruled = any(rule_under(s, rules) is not None for s in line.segments)
    return -0.5 <= gap <= (3.0 if ruled else 1.5) * first.size


def _aligned_to_column(line: Line, block: Block) -> bool:
    """Does ``line`` start where a column of the block starts, or - a figure - end where
    figures of a column end (figures are set flush right)?"""
    starts = _starts(block.lines)
    if any(abs(line.x0 - s) <= 2.0 for s in starts):
        return True
    ends = [s.x1 for ln in block.lines if is_multi(ln) for s in ln.segments if is_figure_like(s.text)]
    return is_figure_like(line.text) and any(abs(line.x1 - e) <= 2.0 for e in ends)


def row_bands(
    lines: Sequence[Line], rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = ()
) -> list[list[Line]]:
    """Group a block's lines into table rows.

    Lines that overlap vertically form one band.  Between bands, a ruling or a change of
    shading always separates rows.  When at least two gaps are ruled/shaded (rows
    ruled one by one), other gaps are wrapped lines unless nearly as wide.  Otherwise the gaps are split into "line leading"
    (wrapped text inside a cell) and "row gaps" (cell padding added) at the largest jump
    between sorted gap sizes, when that jump is clear (≥ 0.8 pt).  With no clear jump
    every band is its own row.
    """
    bands: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if bands and ln.top < max(x.bottom for x in bands[-1]) - 0.5:
            bands[-1].append(ln)
        else:
            bands.append([ln])
    if len(bands) <= 1:
        return bands
    gaps: list[tuple[float, bool]] = []
    for a, b in itertools.pairwise(bands):
        lo = max(x.bottom for x in a)
        hi = min(x.top for x in b)
        forced = any(r.orientation == "h" and lo - 0.5 <= r.top <= hi + 0.5 for r in rules)
        forced = forced or _shade_changes(lo, hi, fills)
        gaps.append((hi - lo, forced))
    free = sorted(g for g, f in gaps if not f)
    forced_gaps = [g for g, f in gaps if f]
    threshold = float("-inf")
    if len(forced_gaps) >= 2:
        # Rows are ruled or shaded one by one: an unruled gap is a wrapped line unless
        # it is about as wide as the ruled ones.
        threshold = 0.8 * median(forced_gaps)
    elif len(free) >= 2:
        jumps = [(free[i + 1] - free[i], i) for i in range(len(free) - 1)]
        jump, i = max(jumps)
        if jump >= 0.8:
            threshold = (free[i] + free[i + 1]) / 2
            narrow = [(a, b) for (a, b), (g, f) in zip(itertools.pairwise(bands), gaps, strict=True)]
            narrow = [(a, b) for (a, b), (g, f) in zip(narrow, gaps, strict=True) if not f and g <= threshold]
            if 2 * sum(figures_stack(a, b) for a, b in narrow) >= len(narrow):
                # Figures stack across most narrow gaps: those are row gaps and the wide
                # ones extra space between groups of rows, not padding.
                threshold = float("-inf")
    no_jump = threshold == float("-inf")
    rows: list[list[Line]] = [list(bands[0])]
    for band, (gap, forced) in zip(bands[1:], gaps, strict=False):
        forced = forced or figures_stack(rows[-1], band) or weight_changes(rows[-1], band)
        if no_jump:
            wrapped = not forced and is_wrap_continuation(rows[-1], band, lines)
        else:
            wrapped = not forced and gap <= threshold and not label_could_go_on(rows[-1], band, lines)
        if wrapped:
            rows[-1].extend(band)
        else:
            rows.append(list(band))
    return rows


def figures_stack(row: Sequence[Line], band: Sequence[Line]) -> bool:
    """Does a figure of ``band``'s first line sit under a figure of one of ``row``'s
    lines?  A cell holds one figure and a figure never wraps onto a second line, so
    ``band`` then starts a row."""
    first = min(band, key=lambda ln: ln.top)
    figures = [s for s in first.segments if is_figure_like(s.text)]
    return any(
        overlap(s.x0, s.x1, t.x0, t.x1) > 0 and is_figure_like(t.text)
        for ln in row
        for t in ln.segments
        for s in figures
    )


def label_could_go_on(row: Sequence[Line], band: Sequence[Line], lines: Sequence[Line]) -> bool:
    """Could the label ending ``row`` (its last line's text in the first column) have
    taken the first word of ``band``'s label on its own line?  Then the typesetter did
    not wrap it there, and ``band`` is a row of its own (a section label, the next row)."""
    left = min(ln.x0 for ln in lines)
    last = max(row, key=lambda ln: ln.top)
    first = min(band, key=lambda ln: ln.top)
    if not last.segments or not first.segments or abs(last.segments[0].x0 - left) > 2.0:
        return False
    seg, nxt = last.segments[0], first.segments[0]
    cols = column_intervals(lines)
    if not cols or nxt.x0 > cols[0][1]:
        return False  # the band has nothing in the label column
    word = nxt.words[0]
    return seg.x1 + 0.25 * word.size + (word.x1 - word.x0) <= _column_limit(seg, lines) + 0.5


def weight_changes(row: Sequence[Line], band: Sequence[Line]) -> bool:
    """Is ``row``'s last line all bold and ``band``'s first line all plain, or the other
    way round?  A cell's wrapped lines keep its weight; a bold header does not run on
    into plain cells."""
    last = max(row, key=lambda ln: ln.top)
    first = min(band, key=lambda ln: ln.top)
    a = {w.bold for w in last.words}
    b = {w.bold for w in first.words}
    return len(a) == 1 and len(b) == 1 and a != b


def _has_figure(row: Sequence[Line], lines: Sequence[Line]) -> bool:
    """Does ``row`` hold a figure outside the first (label) column?"""
    cols = column_intervals(lines)
    label_end = cols[0][1] if cols else float("-inf")
    return any(is_figure_like(s.text) and s.x0 > label_end for ln in row for s in ln.segments)


def join_wrapped_header_rows(
    rows: list[list[Line]], lines: Sequence[Line], rules: Sequence[Rule] = ()
) -> list[list[Line]]:
    """``rows`` with the header rows above the first row of figures joined where they are
    lines of wrapped header cells: as close as wrapped lines sit (less than half a line
    height apart), no rule between them, and each run of the upper row within the extent
    of its column's other text (``within_column``; a title over several columns, or
    running out of its column, is a header row of its own).  A block without
    figures is left as it is: nothing tells its header from its body."""
    first_figures = next((i for i, r in enumerate(rows) if _has_figure(r, lines)), None)
    if not first_figures:
        return rows
    out = [rows[0]]
    for row in rows[1:first_figures]:
        above = out[-1]
        lo = max(ln.bottom for ln in above)
        hi = min(ln.top for ln in row)
        size = median(ln.size for ln in row)
        ruled = any(r.orientation == "h" and lo - 0.5 <= r.top <= hi + 0.5 for r in rules)
        spanning = any(is_spanning(s, lines) for ln in above for s in ln.segments)
        centred = all(
            any(_centred(s, t) for ln2 in row for t in ln2.segments) for ln in above for s in ln.segments
        )
        confined = centred or all(
            within_column(s, [ln for ln in lines if ln not in above]) for ln in above for s in ln.segments
        )
        restyled = weight_changes(above, row) or abs(median(ln.size for ln in above) - size) > 0.6
        if hi - lo <= 0.5 * size and not ruled and not spanning and confined and not restyled:
            out[-1] = [*above, *row]
        else:
            out.append(row)
    return out + rows[first_figures:]


def within_column(seg: Segment, others: Sequence[Line]) -> bool:
    """Does ``seg`` stay in the column it overlaps: not past the middle of the gutters
    beside the other lines' text in that column (the lines of one wrapped cell are set
    in one column's width; a title over several columns runs out of it)?"""
    cols = column_intervals(others)
    k = next((i for i, (a, b) in enumerate(cols) if overlap(seg.x0, seg.x1, a, b) > 0), None)
    if k is None:
        return False
    a, b = cols[k]
    gutters = [c[0] - p[1] for p, c in itertools.pairwise(cols)]
    half = median(gutters) / 2 if gutters else 2.0  # beyond the first and last columns
    left = (a + cols[k - 1][1]) / 2 if k > 0 else a - half
    right = (b + cols[k + 1][0]) / 2 if k + 1 < len(cols) else b + half
    return left <= seg.x0 and seg.x1 <= right


def _column_limit(seg: Segment, lines: Sequence[Line]) -> float:
    """Right edge of the widest text in ``seg``'s column (segments starting where it does),
    merged cells spanning into the next columns left out."""
    return max(
        (
            s.x1
            for ln in lines
            for s in ln.segments
            if abs(s.x0 - seg.x0) <= 2.0 and not is_spanning(s, lines)
        ),
        default=seg.x1,
    )


_FIGURE = re.compile(r"^[-–—+±£$€%0-9.,()]+$")


def is_wrap_continuation(row: Sequence[Line], band: Sequence[Line], lines: Sequence[Line]) -> bool:
    """Is ``band`` the wrapped tail of ``row``'s cells rather than a row of its own?

    For tables whose rows are not set apart (no padding, rules or shading): each of
    ``band``'s segments starts under a segment of ``row``'s last line, and that
    segment's text could not take one more word there (``cannot_take_word``) - the only
    reason a typesetter moves text to the next line.  When ``band`` fills fewer columns
    than that line, every segment must pass; when it fills as many, its first (label)
    column must be empty - a tall row wrapping in every column - and most must pass, as
    a list item inside a cell also starts a line of its own.
    """
    last = max(row, key=lambda ln: ln.top)
    first = min(band, key=lambda ln: ln.top)
    label_empty = first.x0 > min(ln.x0 for ln in lines) + 2.0
    if len(first.segments) > len(last.segments):
        return False
    if len(first.segments) == len(last.segments) and not label_empty:
        return False
    votes = []
    for s in first.segments:
        above = [a for a in last.segments if abs(a.x0 - s.x0) <= 2.0]
        if not above:
            return False
        # A figure is never broken over lines: a cell of figures alone is no wrapped text.
        votes.append(not _FIGURE.match(s.text) and cannot_take_word(above[0], s.words[0], lines))
    if len(first.segments) < len(last.segments) and not label_empty:
        return all(votes)
    # Text going on in lower case also tells a wrapped line (cells start capitalised).
    votes = [v or s.text[:1].islower() for v, s in zip(votes, first.segments, strict=True)]
    return 2 * sum(votes) > len(votes)


def cannot_take_word(seg: Segment, word: Word, lines: Sequence[Line]) -> bool:
    """Would ``seg`` plus a space plus ``word`` pass the widest text of its column, while
    ``seg`` already fills half the column's width or more?"""
    limit = _column_limit(seg, lines)
    return seg.x1 + 0.25 * word.size + (word.x1 - word.x0) > limit + 0.5


def _shade_changes(lo: float, hi: float, fills: Sequence[FilledBox]) -> bool:
    """True when a shading box starts or ends between ``lo`` and ``hi`` (zebra rows)."""
    return any(lo - 1.0 <= f.top <= hi + 1.0 or lo - 1.0 <= f.bottom <= hi + 1.0 for f in fills)


def _cell_words(segs: Sequence[Segment]) -> list[Word]:
    return [w for s in segs for w in s.words]


def block_to_fragment(
    block: Block, page: int, rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = (), min_rows: int = 2
) -> Fragment | None:
    """Lay a block out as a grid; ``None`` when it has fewer than 2 columns or
    ``min_rows`` rows."""
    # A row drawn off the columns is read as if drawn on them; its cells keep the boxes
    # of the words as printed (``printed``).
    lines, printed = onto_columns(block.lines, [has_figure(ln) for ln in block.lines])
    cols = block_columns(lines)
    if len(cols) < 2:
        return None
    x0, x1 = block.x0, block.x1
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    inside_rules = [r for r in rules if r.orientation == "h" and top - 2 <= r.top <= bottom + 2]
    inside_fills = [
        f for f in fills if overlap(f.top, f.bottom, top, bottom) > 0 and overlap(f.x0, f.x1, x0, x1) > 0
    ]
    rows = join_wrapped_header_rows(row_bands(lines, inside_rules, inside_fills), lines, inside_rules)
    if len(rows) < min_rows:
        return None
    edges = [cols[0][0]] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [cols[-1][1]]
    grid: list[list[GridCell]] = []
    heads = column_heads(rows)
    for i, row in enumerate(rows):
        row_top, row_bottom = min(ln.top for ln in row), max(ln.bottom for ln in row)
        per_col: list[list[Segment]] = [[] for _ in cols]
        spans = [1] * len(cols)
        runs = [[s] for ln in sorted(row, key=lambda ln: ln.top) for s in ln.segments]
        if i <= heads:
            runs = stacked_runs(row)
        for run in runs:
            k, n = place(
                Segment(tuple(sorted((w for s in run for w in s.words), key=lambda w: w.x0))),
                cols,
                i < heads,
                inside_rules,
            )
            per_col[k].extend(run)
            spans[k] = max(spans[k], n)
        cells = []
        for k, segs in enumerate(per_col):
            if not segs:
                # An empty cell still has a place on the page: its column band across its row.
                cells.append(GridCell("", (edges[k], row_top, edges[k + 1], row_bottom)))
                continue
            words = [printed.get(w, w) for w in _cell_words(segs)]
            cells.append(GridCell(_text(segs), union_bbox(w.bbox for w in words), spans=spans[k]))
        grid.append(cells)
    n_multi = sum(1 for ln in block.lines if is_multi(ln))
    confidence = round(min(0.9, 0.5 + 0.4 * n_multi / len(block.lines)), 3)
    bbox: BBox = (x0, top, x1, bottom)
    return Fragment(page, bbox, grid, "aligned", confidence, edges)


def _centred(a: Segment, b: Segment) -> bool:
    """Are ``a`` and ``b`` centred on one another (within 2 pt)?"""
    return abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 4.0


def _aligned(a: Segment, b: Segment) -> bool:
    """Set flush left, centred or flush right on the same line (within 2 pt)."""
    return abs(a.x0 - b.x0) <= 2.0 or abs(a.x1 - b.x1) <= 2.0 or abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 4.0


def stacked_runs(row: Sequence[Line]) -> list[list[Segment]]:
    """The runs of a header row grouped into cells: a run joins the cell of a run on the
    line above that it overlaps and is aligned with (the lines of one wrapped head),
    so the cell is placed by its whole width, not line by line."""
    cells: list[list[Segment]] = []
    for ln in sorted(row, key=lambda ln: ln.top):
        for s in ln.segments:
            home = next(
                (
                    c
                    for c in cells
                    if overlap(s.x0, s.x1, c[-1].x0, c[-1].x1) > 0
                    and _aligned(s, c[-1])
                    and s.top > c[-1].top
                ),
                None,
            )
            if home is None:
                cells.append([s])
            else:
                home.append(s)
    return cells


def column_heads(rows: Sequence[Sequence[Line]]) -> int:
    """Index of the row of column heads: the last row above the first row of figures
    with runs in two columns or more (0 when there is none).  Rows above it are
    spanner or title rows."""
    first = next((i for i, r in enumerate(rows) if any(has_figure(ln) for ln in r)), 0)
    multi = [i for i in range(first) if sum(len(ln.segments) for ln in rows[i]) >= 2]
    return multi[-1] if multi else 0


def _text(segs: Sequence[Segment]) -> str:
    # Segments come line by line (top to bottom), so their order is the reading order.
    ordered = sorted(segs, key=lambda s: (round(s.top, 0), s.x0))
    return join_lines(s.text for s in ordered)


def lead_block(
    lines: Sequence[Line], rules: Sequence[Rule] = (), fills: Sequence[FilledBox] = ()
) -> Block | None:
    """The page's first lines as a small aligned block - the candidate tail of a table
    broken at the page above - or None.

    Unlike ``find_blocks`` one multi-segment line is enough (the last row alone can be
    carried over); label-only rows just above it (``padded_label_row``) join it.  The
    block must start at the page's first line: it is only worth anything as a
    continuation, which the caller decides.
    """
    if not lines:
        return None
    blocks = find_blocks(lines, rules, fills, min_multi=1)
    if not blocks:
        return None
    block = blocks[0]
    i = next(k for k, ln in enumerate(lines) if ln is block.lines[0])
    while i > 0 and padded_label_row(lines[i - 1], lines[i], block):
        i -= 1
        block.lines.insert(0, lines[i])
    return block if i == 0 else None
