"""Plain records the extraction chain passes around, and small geometric helpers.

Everything here is pure: no PDF I/O.  Coordinates are PDF points with the origin at the
top-left of the page, as in ``boardpack.models``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.records import BBox


@dataclass(frozen=True)
class Word:
    """One word on a page with the style cues the heuristics use."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False
    mono: bool = False  # a monospaced (typewriter) font

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Rule:
    """A straight ruling (stroked line or a thin/edge of a rectangle), axis-aligned."""

    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def length(self) -> float:
        return (self.x1 - self.x0) if self.orientation == "h" else (self.bottom - self.top)


@dataclass(frozen=True)
class FilledBox:
    """A filled rectangle (cell shading, zebra stripe) - a row/cell hint, not a ruling."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageContent:
    """What one page offers to the extractors: words, rulings, shadings and images."""

    number: int
    width: float
    height: float
    words: list[Word]
    rules: list[Rule] = field(default_factory=list)
    rects: list[Rule] = field(default_factory=list)  # edges of rectangles (stroked or filled)
    fills: list[FilledBox] = field(default_factory=list)
    images: list[BBox] = field(default_factory=list)


@dataclass
class GridCell:
    """One cell of a page-level table grid before it becomes a ``extractors.records.Cell``."""

    text: str
    bbox: BBox | None
    spans: int = 1  # columns covered (a spanning header holds its text in its first column)


@dataclass
class Fragment:
    """The part of one table that sits on one page, as a rectangular grid of cells."""

    page: int
    bbox: BBox
    grid: list[list[GridCell]]
    method: str
    confidence: float
    col_edges: list[float]  # x boundaries of the columns (len = ncols + 1)
    header_rows: int = 1
    caption: str | None = None
    kind: str = "data"

    @property
    def ncols(self) -> int:
        return len(self.grid[0]) if self.grid else 0

    def texts(self) -> list[list[str]]:
        """The grid as plain text rows."""
        return [[c.text for c in row] for row in self.grid]


def union_bbox(boxes: Iterable[BBox]) -> BBox:
    """Smallest box holding all ``boxes`` (which must not be empty)."""
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length of the overlap of intervals [a0, a1] and [b0, b1] (0 when disjoint)."""
    return max(0.0, min(a1, b1) - max(a0, b0))


def median(values: Iterable[float]) -> float:
    """Median of a non-empty iterable."""
    vs = sorted(values)
    n = len(vs)
    mid = n // 2
    return vs[mid] if n % 2 else (vs[mid - 1] + vs[mid]) / 2
