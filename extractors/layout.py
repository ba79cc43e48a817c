"""Tell layout grids (chart legends, prose laid out in columns) from data tables."""

from __future__ import annotations

import re
from typing import Literal

_ALNUM = re.compile(r"[0-9A-Za-z]")


def is_legend(texts: list[list[str]]) -> bool:
    """A chart legend: a column whose body cells are all glyphs (line/marker swatches)
    with no letters or digits, beside a column of labels."""
    body = texts[1:] if len(texts) > 1 else texts
    ncols = len(texts[0]) if texts else 0
    for k in range(ncols):
        col = [r[k] for r in body]
        if len(col) >= 2 and all(c and not _ALNUM.search(c) for c in col):
            return True
    return False


def is_prose_grid(texts: list[list[str]]) -> bool:
    """Prose laid out in a grid: non-empty cells average 20+ words.

    A data table can hold a few long cells (a row of deliverables), but its labels and
    figures keep the average low; minutes or notes set out as item | text do not.
    """
    cells = [c for r in texts for c in r if c]
    if not cells:
        return False
    return sum(len(c.split()) for c in cells) / len(cells) >= 20


def classify(texts: list[list[str]]) -> Literal["data", "layout"]:
    """``"layout"`` for legends and prose grids, else ``"data"`` (on a whole table)."""
    return "layout" if is_legend(texts) or is_prose_grid(texts) else "data"
