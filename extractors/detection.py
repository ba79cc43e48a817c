"""Tell an aligned block that is a table from the look-alikes that are not.

Text set in columns is not always a table.  Each check here names one kind of page
furniture that lines up like a table, and what gives it away:

* ``is_contents``: a contents list - headings with page numbers that only go up.
* ``is_code``: a code listing - statements and comments aligned by spaces, in a
  typewriter font or dense with ``= ; { } ( )``.
* ``is_running_text``: prose in two or three columns - every column wordy, lines that
  go on in lower case, no figures.
* ``is_sparse_drawing``: a chart or diagram whose gridlines or boxes made a ruled grid -
  mostly empty cells.
* ``is_chart_axis``: a chart's tick labels beside its legend - a first column of round
  numbers going down by one step.

``lookalike`` returns the reason a block is not a table (or None).  Chart legends and
prose laid out in a grid stay tables of kind ``layout`` (``extractors.layout``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from extractors.lines import Line, is_enumerator
from extractors.text import is_figure_like

_PAGE = re.compile(r"^\d{1,4}$")
_CODE = re.compile(r"[=;{}]|^(def|class|for|if|while|return|import|from|var|let|const)\b|^(#|//)|[:({]$")


def _last_filled(row: Sequence[str]) -> int | None:
    return next((k for k in range(len(row) - 1, -1, -1) if row[k].strip()), None)


def is_contents(texts: Sequence[Sequence[str]]) -> bool:
    """A contents list: three columns at most; at least three rows, and four in five of
    them, end with a page number, and the page numbers never go down; nothing else is
    a figure (section numbers such as "2.1" aside)."""
    if not texts or max(len(r) for r in texts) > 3:
        return False
    pages: list[int] = []
    rows = 0
    for row in texts:
        k = _last_filled(row)
        if k is None:
            continue
        rows += 1
        last = row[k].strip()
        if _PAGE.match(last) and k > 0:
            pages.append(int(last))
        rest = [c.strip() for c in row[:k] if c.strip()]
        if any(is_figure_like(c) and not (j == 0 and is_enumerator(c + ".")) for j, c in enumerate(rest)):
            return False
    if len(pages) < 3 or 5 * len(pages) < 4 * rows:
        return False
    return all(b >= a for a, b in itertools.pairwise(pages))


def is_code(lines: Sequence[Line]) -> bool:
    """A code listing: two in five lines or more read like code (``_CODE``) and the block
    is mostly in a typewriter font - or three in five lines read like code whatever the font."""
    if len(lines) < 3:
        return False
    code = sum(1 for ln in lines if _CODE.search(ln.text.strip())) / len(lines)
    chars = sum(len(w.text) for ln in lines for w in ln.words)
    mono = sum(len(w.text) for ln in lines for w in ln.words if w.mono) / max(1, chars)
    return code >= 0.6 or (code >= 0.4 and mono >= 0.5)


def is_spread_line(line: Line) -> bool:
    """A justified line stretched so wide that its word spaces pass for column gaps:
    three runs or more, the gaps between them all equal (within a point)."""
    segs = line.segments
    if len(segs) < 3:
        return False
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(segs)]
    return max(gaps) - min(gaps) <= 1.0


def _prose_line(line: Line) -> bool:
    """At most three runs, one of four words or more, none a figure."""
    segs = line.segments
    return (
        len(segs) <= 3
        and any(len(s.text.split()) >= 4 for s in segs)
        and not any(is_figure_like(s.text) for s in segs)
    )


def is_running_text(lines: Sequence[Line]) -> bool:
    """Prose in columns, or justified prose whose stretched spaces look like gutters:
    three lines or more, no bold first line (a table's header), hardly a figure, a
    quarter of the runs going on in lower case, and seven in ten lines reading as prose -
    at most three runs, one of four words or more, no figure - or stretched justified
    lines (``is_spread_line``)."""
    if len(lines) < 3 or lines[0].bold:
        return False
    segs = [s for ln in lines for s in ln.segments]
    lower = sum(1 for s in segs if s.text[:1].islower()) / len(segs)
    figures = sum(1 for s in segs if is_figure_like(s.text)) / len(segs)
    prose = sum(1 for ln in lines if is_spread_line(ln) or _prose_line(ln)) / len(lines)
    return prose >= 0.7 and lower >= 0.25 and figures < 0.1


def is_chart_axis(texts: Sequence[Sequence[str]]) -> bool:
    """A chart's axis read with its legend: the first column, three values or more, is
    a run of round numbers going down by one step (``14000, 12000, 10000``), as tick
    labels are; a table's first column holds labels."""
    values = []
    for row in texts:
        t = row[0].replace(",", "").replace(" ", "") if row else ""
        if t:
            if not re.fullmatch(r"-?\d+(?:\.\d+)?", t):
                return False
            values.append(float(t))
    if len(values) < 3:
        return False
    steps = {round(a - b, 6) for a, b in itertools.pairwise(values)}
    if len(steps) != 1:
        return False
    step = steps.pop()
    return step > 0 and all(abs(v / step - round(v / step)) < 1e-6 for v in values)


def is_sparse_drawing(texts: Sequence[Sequence[str]]) -> bool:
    """A chart or diagram whose lines made a grid: under a fifth of its cells filled and
    no column even half filled (a table's grid is mostly text; gridlines are mostly air)."""
    ncols = max((len(r) for r in texts), default=0)
    cells = sum(len(r) for r in texts)
    if not cells or not texts:
        return False
    filled = sum(1 for r in texts for c in r if c.strip())
    best = max(sum(1 for r in texts if k < len(r) and r[k].strip()) for k in range(ncols))
    return filled < 0.2 * cells and best < 0.5 * len(texts)


def lookalike(lines: Sequence[Line], texts: Sequence[Sequence[str]]) -> str | None:
    """Why a block is not a table (its ``lines``, none for a ruled grid, and its grid's
    ``texts``), or None."""
    if is_sparse_drawing(texts):
        return "a chart or diagram (a grid of lines mostly empty)"
    if is_chart_axis(texts):
        return "a chart's axis and legend"
    if is_contents(texts):
        return "a contents list (headings and rising page numbers)"
    if is_code(lines):
        return "a code listing"
    if is_running_text(lines):
        return "running text set in columns"
    return None
