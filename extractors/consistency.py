"""How consistent a table's grid is: the measure behind confidence and second readings.

A well-read table has columns of one kind (figures under figures, labels under labels),
no column left empty, no row that is a stray piece of another, and no cell holding
several figures (rows run together).  ``assess`` scores a grid on those four counts
(each a share between 0 and 1, multiplied) and names what pulled it down:

    score = purity × (1 − empty columns / columns)
                   × (1 − stray rows / body rows)
                   × (1 − cells with several figures / filled cells)

* purity: over the body's filled cells, the share that are of their column's main kind
  (figure or text); nil marks ("-", "n/a") count as figures;
* an empty column has no text in header or body;
* a stray row holds one filled cell, not in the first column (a wrapped tail read as a
  row; a section row fills the first column);
* a cell with several figures holds two or more figure tokens that do not make one
  number ("928 791", not "15 455").

The same measure picks between our grid and a second reading (``extractors.second``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.text import is_figure_like

_GROUP = re.compile(r"^\d{3}(?:[.,]\d+)?%?$")  # a thousands group after a space: "15 455"


@dataclass(frozen=True)
class Assessment:
    """A grid's consistency score (0 to 1) and what lowered it, in words."""

    score: float
    reasons: tuple[str, ...] = ()


def several_figures(text: str) -> bool:
    """Does ``text`` hold two or more plain figures side by side - not one space-grouped
    number ("15 455"), nor a figure with its share in brackets ("120 (10%)")?"""
    tokens = text.split()
    if len(tokens) < 2 or not all(is_figure_like(t) and t[:1] not in "([" for t in tokens):
        return False
    return not all(_GROUP.match(t) for t in tokens[1:])


def column_purity(body: Sequence[Sequence[str]]) -> float:
    """Share of the body's filled cells that are of their column's main kind."""
    ncols = max((len(r) for r in body), default=0)
    same = total = 0
    for k in range(ncols):
        kinds = [is_figure_like(r[k]) for r in body if k < len(r) and r[k].strip()]
        if kinds:
            figures = sum(kinds)
            same += max(figures, len(kinds) - figures)
            total += len(kinds)
    return same / total if total else 1.0


def assess(header: Sequence[Sequence[str]], body: Sequence[Sequence[str]]) -> Assessment:
    """Score a grid given as header rows and body rows of cell texts (see the module doc)."""
    rows = [*header, *body]
    ncols = max((len(r) for r in rows), default=0)
    if not body or ncols == 0:
        return Assessment(0.0, ("no body rows",))
    purity = column_purity(body)
    empty = sum(1 for k in range(ncols) if not any(k < len(r) and r[k].strip() for r in rows))
    stray = sum(
        1
        for r in body
        if [k for k, c in enumerate(r) if c.strip()] not in ([], [0]) and sum(1 for c in r if c.strip()) == 1
    )
    filled = [c for r in body for c in r if c.strip()]
    multi = sum(1 for c in filled if several_figures(c))
    score = purity * (1 - empty / ncols) * (1 - stray / len(body)) * (1 - multi / max(1, len(filled)))
    reasons = []
    if purity < 0.9:
        reasons.append(f"columns mix figures and text ({purity:.0%} of cells of their column's kind)")
    if empty:
        reasons.append(f"{empty} of {ncols} columns empty")
    if stray:
        reasons.append(f"{stray} of {len(body)} rows hold a single stray cell")
    if multi:
        reasons.append(f"{multi} cells hold several figures (rows run together?)")
    return Assessment(round(score, 3), tuple(reasons))


LOW_CONFIDENCE = 0.7
"""Below this a table's confidence is low: it gets a note saying why, and a second
reading (``extractors.second``)."""


def table_confidence(
    base: float, header: Sequence[Sequence[str]], body: Sequence[Sequence[str]]
) -> tuple[float, str | None]:
    """A table's confidence - the reading's own (``base``: 0.95 for a ruled grid, less for
    an aligned block with few lines in columns) times its grid's consistency - and, when
    that is low, a note saying why."""
    a = assess(header, body)
    confidence = round(base * a.score, 3)
    if confidence >= LOW_CONFIDENCE:
        return confidence, None
    reasons = list(a.reasons)
    if base < LOW_CONFIDENCE:
        reasons.append("few of its lines fall in columns")
    return confidence, "; ".join(reasons) or "low confidence"
