"""Small PDFs drawn with reportlab for the failure modes the extractor must survive.

Each helper writes a one-page A4 PDF and returns its path.  Coordinates given to the
helpers are top-left based (like the extractor's), converted to PDF space here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
FONT, BOLD = "Helvetica", "Helvetica-Bold"


@dataclass(frozen=True)
class Text:
    """One run of text: left edge ``x`` (right edge with ``align="right"``, middle with
    ``"centre"``), baseline ``y`` from the top of the page."""

    text: str
    x: float
    y: float
    size: float = 9.0
    bold: bool = False
    align: str = "left"


def text_width(t: Text) -> float:
    """Width of ``t`` as drawn."""
    return stringWidth(t.text, BOLD if t.bold else FONT, t.size)


def draw_text(c: Canvas, t: Text) -> None:
    """Draw one run of text on the canvas (top-left coordinates)."""
    c.setFont(BOLD if t.bold else FONT, t.size)
    x = t.x - text_width(t) if t.align == "right" else t.x - text_width(t) / 2 if t.align == "centre" else t.x
    c.drawString(x, PAGE_H - t.y, t.text)


def draw_hline(c: Canvas, x0: float, x1: float, y: float) -> None:
    """A horizontal rule at ``y`` from the top."""
    c.setLineWidth(0.5)
    c.line(x0, PAGE_H - y, x1, PAGE_H - y)


def draw_vline(c: Canvas, x: float, y0: float, y1: float) -> None:
    """A vertical rule at ``x`` between ``y0`` and ``y1`` from the top."""
    c.setLineWidth(0.5)
    c.line(x, PAGE_H - y0, x, PAGE_H - y1)


def write_pdf(path: Path, draw: Callable[[Canvas], None]) -> Path:
    """A one-page A4 PDF drawn by ``draw``."""
    c = Canvas(str(path), pagesize=A4, invariant=True)
    draw(c)
    c.showPage()
    c.save()
    return path


def texts_pdf(path: Path, texts: Sequence[Text], hlines: Sequence[tuple[float, float, float]] = ()) -> Path:
    """A page holding ``texts`` and horizontal rules ``(x0, x1, y)``."""

    def draw(c: Canvas) -> None:
        for t in texts:
            draw_text(c, t)
        for x0, x1, y in hlines:
            draw_hline(c, x0, x1, y)

    return write_pdf(path, draw)


def grid_texts(
    rows: Sequence[Sequence[str]],
    lefts: Sequence[float],
    top: float = 100.0,
    pitch: float = 12.0,
    size: float = 9.0,
    right_from: int = 1,
    widths: Sequence[float] | None = None,
    bold_rows: int = 1,
) -> list[Text]:
    """Texts laying ``rows`` out as an unruled table: column ``k`` starts at ``lefts[k]``;
    columns from ``right_from`` on are right-aligned on ``lefts[k] + widths[k]``; the first
    ``bold_rows`` rows are bold.  Empty cells draw nothing."""
    out = []
    for i, row in enumerate(rows):
        for k, text in enumerate(row):
            if not text:
                continue
            if widths is not None and k >= right_from:
                out.append(Text(text, lefts[k] + widths[k], top + i * pitch, size, i < bold_rows, "right"))
            else:
                out.append(Text(text, lefts[k], top + i * pitch, size, i < bold_rows))
    return out
