"""The records extraction produces: tables of a paper, each cell with its page and bbox.

Extraction owns these records; the layers above (``schemas``, ``boardpack``) read them and
never the other way round.

Coordinates: every bounding box is ``(x0, top, x1, bottom)`` in PDF points with the
origin at the *top-left* corner of the page (pdfplumber's convention), pages numbered
from 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from extractors.pickling import pickled_by_position

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, top-left origin."""

BBOX_COLUMNS = ("x0", "top", "x1", "bottom")
"""The four columns a bbox is stored as in tables and files."""


def bbox_columns(bbox: BBox | None) -> dict[str, float | None]:
    """A bbox as its four named columns (all None when there is no bbox)."""
    return dict(zip(BBOX_COLUMNS, bbox or (None, None, None, None), strict=True))


TableKind = Literal["data", "layout"]


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of an extracted table.

    ``row`` and ``col`` index the table's full grid: header rows first, then body rows
    (so ``row < len(header_rows)`` means a header cell).  ``text`` is cleaned
    (whitespace collapsed, wrapped lines joined, bullet glyphs removed).  A cell that a
    merged (spanning) cell covers has empty text and the spanning cell's bbox.
    """

    row: int
    col: int
    text: str
    page: int
    bbox: BBox | None


@dataclass(frozen=True)
class PageBox:
    """The part of a table that sits on one page."""

    page: int
    bbox: BBox


@dataclass
class Table:
    """One table found in a paper (stitched across pages when it breaks).

    ``id`` is ``t01``, ``t02`` … in reading order within the paper.  ``kind`` is
    ``"layout"`` for grids that only lay out prose or chart legends.  ``method`` names
    the engine that read it (``ruled``, ``aligned``; ``camelot-network`` or
    ``pdfplumber-text`` for a second reading, ``mixed`` across pages) and ``confidence``
    how sure it is, 0 to 1 (``extractors.consistency``); ``confidence_note`` says why when
    it is low.
    """

    id: str
    kind: TableKind
    pages: list[int]
    caption: str | None
    header_rows: list[list[str]]
    rows: list[list[str]]
    bbox: list[PageBox]
    method: str
    confidence: float = 1.0
    cells: list[Cell] = field(default_factory=list)
    confidence_note: str | None = None

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell at full-grid position (row, col), header rows counted first."""
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None

    def to_contract(self) -> dict[str, Any]:
        """The public ``boardpack extract --json`` shape of this table."""
        return {
            "id": self.id,
            "kind": self.kind,
            "pages": self.pages,
            "caption": self.caption,
            "header_rows": self.header_rows,
            "rows": self.rows,
            "bbox": [{"page": b.page, "bbox": list(b.bbox)} for b in self.bbox],
            "method": self.method,
            "confidence": round(self.confidence, 3),
            "confidence_note": self.confidence_note,
            "cells": [asdict(c) for c in self.cells],
        }


@dataclass(frozen=True)
class ExtractionError:
    """A page (or region) that could not be parsed; the rest of the paper goes on."""

    file: str
    page: int | None
    message: str


FactSource = Literal["cover", "metadata", "filename"]
"""Where extraction read a paper fact: its first pages, its PDF metadata, its file name."""


@dataclass(frozen=True)
class Fact:
    """One fact about a paper (a meeting date ``YYYY-MM-DD`` or ``YYYY-MM``, a board, a
    title), where it was read and the printed text it was read from."""

    value: str
    source: FactSource
    evidence: str


@dataclass(frozen=True)
class PaperFacts:
    """A paper's meeting date, board and title as the paper itself gives them (None when
    not found); ``extractors.cover`` reads them."""

    meeting_date: Fact | None = None
    board: Fact | None = None
    title: Fact | None = None


@dataclass
class PaperTables:
    """Everything extraction found in one paper: its tables, the pages that failed, and
    the facts its cover block and metadata give."""

    file: str
    sha256: str
    pages: int
    tables: list[Table]
    errors: list[ExtractionError] = field(default_factory=list)
    facts: PaperFacts = field(default_factory=PaperFacts)

    def to_contract(self) -> dict[str, Any]:
        """The public ``boardpack extract --json`` shape of this paper."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "pages": self.pages,
            "tables": [t.to_contract() for t in self.tables],
            "errors": [asdict(e) for e in self.errors],
        }
