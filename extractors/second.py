"""Second readings: where our confidence in a table is low, read its region again with
another engine and keep the grid that is more consistent.

Engines (tried in this order, each only when installed and only on the table's region):

* ``camelot-network``: camelot 2.0's text-alignment parser (``flavor="network"``, the
  table's box as ``table_areas``);
* ``pdfplumber-text``: pdfplumber's ``extract_table`` with the ``text`` strategies on
  the page cropped to the table's box - only when camelot did no better.

The measure is ``extractors.consistency.assess`` (column purity, empty columns, stray
rows, cells holding several figures): a second reading replaces ours only when it
scores higher by ``MARGIN`` or more.  The engines parse the PDF again with their own
reader (pdfminer), so a second reading costs a tenth to half a second a page (camelot
also pays ~2 s to import once): it is taken for low-confidence tables of ``MIN_ROWS``
body rows or more only.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from extractors.consistency import LOW_CONFIDENCE, Assessment, assess
from extractors.geometry import GridCell
from extractors.headers import count_header_rows
from extractors.records import BBox, Cell, Table

MARGIN = 0.05
"""How much more consistent a second reading must be to replace ours."""

MIN_ROWS = 3
"""Body rows a low-confidence table needs for a second reading."""


@dataclass(frozen=True)
class Reading:
    """One engine's grid for a region: rows of cell texts and, per cell, its box
    (top-left origin, PDF points; None when the engine gives none)."""

    engine: str
    texts: list[list[str]]
    boxes: list[list[BBox | None]]


def _clean(text: Any) -> str:
    return " ".join(str(text or "").split())


def camelot_reading(path: Path, page: int, bbox: BBox, height: float) -> Reading | None:
    """camelot ``network`` on ``bbox`` of ``page`` (a page of displayed ``height``)."""
    import camelot  # heavy (OpenCV): imported on first use only

    x0, top, x1, bottom = bbox
    area = f"{x0 - 2:.1f},{height - top + 2:.1f},{x1 + 2:.1f},{height - bottom - 2:.1f}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(
            str(path), pages=str(page), flavor="network", table_areas=[area], suppress_stdout=True
        )
    if not tables:
        return None
    t = tables[0]
    texts = [[_clean(c.text) for c in row] for row in t.cells]
    boxes: list[list[BBox | None]] = [
        [(c.x1, height - c.y2, c.x2, height - c.y1) for c in row] for row in t.cells
    ]
    return Reading("camelot-network", texts, boxes)


def plumber_reading(path: Path, page: int, bbox: BBox, height: float) -> Reading | None:
    """pdfplumber's text strategy on ``bbox`` of ``page``."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        p = pdf.pages[page - 1]
        x0, top, x1, bottom = bbox
        box = (
            max(0.0, x0 - 2),
            max(0.0, top - 2),
            min(float(p.width), x1 + 2),
            min(float(p.height), bottom + 2),
        )
        found = p.crop(box).find_table({"vertical_strategy": "text", "horizontal_strategy": "text"})
        if found is None:
            return None
        texts = [[_clean(c) for c in row] for row in found.extract()]
        boxes: list[list[BBox | None]] = [[tuple(c) if c else None for c in row.cells] for row in found.rows]  # type: ignore[misc]
    return Reading("pdfplumber-text", texts, boxes)


ENGINES: tuple[Callable[[Path, int, BBox, float], Reading | None], ...] = (camelot_reading, plumber_reading)


def _squeezed(r: Reading) -> Reading:
    """``r`` without rows and columns empty everywhere (layout whitespace)."""
    rows = [i for i, row in enumerate(r.texts) if any(row)]
    ncols = max((len(row) for row in r.texts), default=0)
    cols = [k for k in range(ncols) if any(k < len(r.texts[i]) and r.texts[i][k] for i in rows)]
    texts = [[r.texts[i][k] if k < len(r.texts[i]) else "" for k in cols] for i in rows]
    boxes = [[r.boxes[i][k] if k < len(r.boxes[i]) else None for k in cols] for i in rows]
    return Reading(r.engine, texts, boxes)


def best_reading(
    path: Path,
    page: int,
    bbox: BBox,
    height: float,
    ours: Assessment,
    header_rows: Callable[[list[list[str]]], int],
) -> tuple[Reading, Assessment] | None:
    """The second reading of a region that beats ``ours`` by ``MARGIN`` (the best of the
    engines), or None.  ``header_rows`` says how many leading rows of a grid are header
    rows (the extractor's one header split).  An engine that fails or is missing is
    skipped: a second reading never costs the table."""
    best: tuple[Reading, Assessment] | None = None
    for engine in ENGINES:
        if best is not None:
            break  # the first engine that does better is enough (camelot is the cheaper)
        try:
            reading = engine(path, page, bbox, height)
        except Exception:
            continue
        if reading is None:
            continue
        reading = _squeezed(reading)
        if len(reading.texts) < 2 or max((len(r) for r in reading.texts), default=0) < 2:
            continue
        h = header_rows(reading.texts)
        score = assess(reading.texts[:h], reading.texts[h:])
        if score.score >= ours.score + MARGIN and (best is None or score.score > best[1].score):
            best = (reading, score)
    return best


def reread(path: Path, table: Table, heights: dict[int, float], widths: dict[int, float]) -> Table:
    """``table``, or - when its confidence is low, it sits on one upright page and a
    second reading of its region is more consistent (``best_reading``) - the table as
    that engine reads it: its grid, cells and boxes, ``method`` naming the engine and a
    note giving both scores.  Id, kind, caption and pages stay."""
    if table.kind != "data" or table.confidence >= LOW_CONFIDENCE or len(table.bbox) != 1:
        return table
    if len(table.rows) < MIN_ROWS:
        return table  # too small to be worth another engine's page parse
    page, bbox = table.bbox[0].page, table.bbox[0].bbox
    if widths.get(page, 0.0) > heights.get(page, 0.0):
        return table  # maybe a rotated page: the engines read it unrotated
    ours = assess(table.header_rows, table.rows)
    found = best_reading(path, page, bbox, heights[page], ours, _header_count)
    if found is None:
        return table
    reading, score = found
    h = _header_count(reading.texts)
    cells = [
        Cell(row=i, col=j, text=t, page=page, bbox=reading.boxes[i][j])
        for i, row in enumerate(reading.texts)
        for j, t in enumerate(row)
    ]
    note = f"second reading by {reading.engine}: consistency {score.score:.2f} against ours {ours.score:.2f}"
    return replace(
        table,
        header_rows=reading.texts[:h],
        rows=reading.texts[h:],
        method=reading.engine,
        confidence=round(0.9 * score.score, 3),
        cells=cells,
        confidence_note=note,
    )


def _header_count(texts: list[list[str]]) -> int:
    return count_header_rows([[GridCell(t, None) for t in row] for row in texts])
