"""The typed records that cross a stage boundary, documented once.

Data flows one way: ``Paper`` → ``Table`` (made of ``Cell``) → ``Observation`` →
``ValidationResult`` → release.  Every record is a plain frozen-ish dataclass so each
stage can be tested on its own with plain values.

Coordinates: every bounding box is ``(x0, top, x1, bottom)`` in PDF points with the
origin at the *top-left* corner of the page (pdfplumber's convention), pages numbered
from 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, top-left origin."""

BBOX_COLUMNS = ("x0", "top", "x1", "bottom")
"""The four columns a bbox is stored as in tables and files."""


def bbox_columns(bbox: BBox | None) -> dict[str, float | None]:
    """A bbox as its four named columns (all None when there is no bbox)."""
    return dict(zip(BBOX_COLUMNS, bbox or (None, None, None, None), strict=True))


TableKind = Literal["data", "layout"]


@dataclass(frozen=True)
class Paper:
    """One board paper as pulled from a source.

    ``file`` is the file name (no directory); ``sha256`` the hex digest of its bytes,
    which keys the paper everywhere downstream.  Metadata comes from the source's
    manifest or index page and may be missing.
    """

    file: str
    sha256: str
    path: str
    board: str | None = None
    meeting_date: str | None = None
    title: str | None = None
    source: str = "local"


@dataclass(frozen=True)
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
    the extractor that produced it (``ruled``, ``aligned`` …) and ``confidence`` how sure
    it was, 0 to 1.
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
            "cells": [asdict(c) for c in self.cells],
        }


@dataclass(frozen=True)
class ExtractionError:
    """A page (or region) that could not be parsed; the rest of the paper goes on."""

    file: str
    page: int | None
    message: str


@dataclass
class PaperTables:
    """Everything extraction found in one paper."""

    file: str
    sha256: str
    pages: int
    tables: list[Table]
    errors: list[ExtractionError] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The public ``boardpack extract --json`` shape of this paper."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "pages": self.pages,
            "tables": [t.to_contract() for t in self.tables],
            "errors": [asdict(e) for e in self.errors],
        }


ValueStatus = Literal["ok", "nil", "not_applicable", "missing", "note", "qualified", "invalid"]


@dataclass(frozen=True)
class Observation:
    """One tidy figure: a value of a series for a category and a period, with provenance.

    ``value`` is None unless ``value_status`` says a figure was read (``ok``, ``note``,
    ``qualified``).  Periods are ISO dates (``period_start``/``period_end`` inclusive);
    ``period_label`` is the label as printed.  ``row``/``col`` index the table's full
    grid as in ``Cell``.
    """

    series_id: str
    series_title: str
    dimension: str
    category_id: str
    category_label: str
    period_start: str
    period_end: str
    period_label: str
    value: float | None
    value_status: ValueStatus
    value_text: str
    unit: str
    is_total: bool
    paper_file: str
    paper_sha256: str
    meeting_date: str | None
    page: int
    table_id: str
    row: int
    col: int
    bbox: BBox | None
    method: str
    decimals: int | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """(series, category, period, paper): unique within one run."""
        return (
            self.series_id,
            self.category_id,
            self.period_start + "/" + self.period_end,
            self.paper_sha256,
        )


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of one check on one place in the data.

    Failed results name where (paper, page, table, row, col), what was expected and
    observed, and the arithmetic behind it, so an auditor can check it by hand.
    """

    suite: str
    check: str
    success: bool
    severity: Severity
    message: str
    series_id: str | None = None
    paper_file: str | None = None
    page: int | None = None
    table_id: str | None = None
    row: int | None = None
    col: int | None = None
    expected: str | None = None
    observed: str | None = None
    also_cells: tuple[tuple[int, int], ...] = ()
    """Further (row, col) cells of the same table the result applies to (a period
    printed once in a caption covers every figure of the table)."""
