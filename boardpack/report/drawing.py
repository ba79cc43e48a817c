"""Page images: the pages of a paper that hold a table or a failing cell, drawn as PNG
with table bboxes (blue) and failing cells (red: error, orange: warning) outlined.

Drawing is bounded: a page is drawn at ``SCALE`` pixels per point, or smaller so that
its longer side stays within ``MAX_SIDE_PX`` whatever size the PDF claims, and only
pages that hold something to check are drawn.  The outline arithmetic is pure; only
``render_page`` and ``draw_pages`` touch the PDF and the disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw

from boardpack.report.links import image_name
from boardpack.report.records import CellInfo, CellKey, Finding, TableInfo
from extractors.records import BBox

if TYPE_CHECKING:
    from boardpack.report.kept_images import KeptImages

SCALE = 1.5
"""Pixels per PDF point of a page image of ordinary size (A4: 893 × 1263 px)."""
MAX_SIDE_PX = 1800
"""The longest side of any page image, in pixels: a page claiming to be metres wide is
drawn small rather than exhausting memory."""

ERROR_RGB = (220, 0, 0)
WARNING_RGB = (255, 140, 0)
TABLE_RGB = (30, 90, 230)
CELL_PAD, CELL_WIDTH = 3, 3
"""A failing cell's outline sits ``CELL_PAD`` px outside its bbox, ``CELL_WIDTH`` px wide,
so it frames the figure without covering it."""
TABLE_PAD, TABLE_WIDTH = 2, 1

SEVERITY_ORDER = {"error": 0, "warning": 1}
SAVE_THREADS = 2


@dataclass(frozen=True)
class Outline:
    """A rectangle to draw on a page image, in pixels (x0, top, x1, bottom)."""

    box: tuple[int, int, int, int]
    colour: tuple[int, int, int]
    width: int


@dataclass(frozen=True)
class PageImage:
    """A page drawn as an image: its size in points, pixels per point, and its path
    relative to the site."""

    page: int
    size: tuple[float, float]
    scale: float
    name: str

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the image in pixels."""
        return (round(self.size[0] * self.scale), round(self.size[1] * self.scale))


def page_scale(size: tuple[float, float]) -> float:
    """Pixels per point for a page of ``size`` points: ``SCALE``, or less so that the
    longer side is at most ``MAX_SIDE_PX``."""
    longest = max(size[0], size[1], 1.0)
    return min(SCALE, MAX_SIDE_PX / longest)


def worst(findings: Iterable[Finding]) -> str:
    """``error`` if any finding is an error, else ``warning``."""
    return "error" if any(f.severity == "error" for f in findings) else "warning"


def pixel_box(bbox: BBox, scale: float = SCALE, pad: int = 0) -> tuple[int, int, int, int]:
    """A bbox in PDF points (top-left origin) as pixels of a page image at ``scale``,
    grown by ``pad`` pixels on every side."""
    x0, top, x1, bottom = bbox
    return (
        round(x0 * scale) - pad,
        round(top * scale) - pad,
        round(x1 * scale) + pad,
        round(bottom * scale) + pad,
    )


def page_outlines(
    page: int,
    tables: Iterable[TableInfo],
    cells: Iterable[CellInfo],
    flagged: Mapping[CellKey, Sequence[Finding]],
    scale: float = SCALE,
) -> list[Outline]:
    """What to draw on one page: table bboxes (thin blue) first, then failing cells,
    warnings (orange) before errors (red) so errors stay on top."""
    out = [
        Outline(pixel_box(b.bbox, scale, TABLE_PAD), TABLE_RGB, TABLE_WIDTH)
        for t in tables
        for b in t.parts
        if b.page == page
    ]
    hits = []
    for c in cells:
        found = flagged.get(c.key)
        if found and c.page == page and c.bbox is not None:
            hits.append((worst(found), c.bbox))
    for severity, bbox in sorted(hits, key=lambda h: -SEVERITY_ORDER.get(h[0], 2)):
        colour = ERROR_RGB if severity == "error" else WARNING_RGB
        out.append(Outline(pixel_box(bbox, scale, CELL_PAD), colour, CELL_WIDTH))
    return out


def draw_outlines(image: Image.Image, outlines: Iterable[Outline]) -> Image.Image:
    """Draw the outlines on ``image`` (in place) and return it."""
    draw = ImageDraw.Draw(image)
    for o in outlines:
        draw.rectangle(o.box, outline=o.colour, width=o.width)
    return image


def pages_to_render(
    tables: Iterable[TableInfo], cells: Iterable[CellInfo], flagged: Mapping[CellKey, Sequence[Finding]]
) -> list[int]:
    """The pages of one paper that hold a table part or a failing cell."""
    pages = {p for t in tables for p in t.part_pages}
    pages |= {c.page for c in cells if c.key in flagged}
    return sorted(pages)


def render_page(pdf: Any, page: int) -> tuple[Image.Image, tuple[float, float], float]:
    """Page ``page`` (from 1) of an open ``pypdfium2.PdfDocument`` as an RGB image at
    ``page_scale`` of its size, with the size in points and the scale used."""
    pdf_page = pdf[page - 1]
    try:
        size = (float(pdf_page.get_width()), float(pdf_page.get_height()))
        scale = page_scale(size)
        image = pdf_page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf_page.close()
    return image, size, scale


def kept_pages(
    stem: str,
    tables: Sequence[TableInfo],
    cells: Sequence[CellInfo],
    flagged: Mapping[CellKey, Sequence[Finding]],
    out_dir: Path,
    sha256: str = "",
    kept: KeptImages | None = None,
) -> tuple[dict[int, PageImage], list[int]]:
    """The paper's page images kept from the previous site (put into ``out_dir``), and
    the pages still to draw."""
    from boardpack.report.kept_images import image_key

    written: dict[int, PageImage] = {}
    pages = []
    for page in pages_to_render(tables, cells, flagged):
        if kept is not None:
            key = image_key(sha256, page, tables, cells, flagged)
            old = kept.keep(image_name(stem, page), key, page, out_dir)
            if old is not None:
                written[page] = old
                continue
        pages.append(page)
    return written, pages


def record_drawn(
    drawn: Mapping[int, PageImage],
    sha256: str,
    tables: Sequence[TableInfo],
    cells: Sequence[CellInfo],
    flagged: Mapping[CellKey, Sequence[Finding]],
    kept: KeptImages | None,
) -> None:
    """Note the keys of freshly drawn images, so the next site can keep them."""
    from boardpack.report.kept_images import image_key

    if kept is not None:
        for page, image in drawn.items():
            kept.drawn(image, image_key(sha256, page, tables, cells, flagged))


@dataclass(frozen=True)
class PagesToDraw:
    """One paper's pages to draw, with what decides their outlines (plain data: it may
    go to another process)."""

    pdf_path: str
    stem: str
    pages: list[int]
    tables: Sequence[TableInfo]
    cells: Sequence[CellInfo]
    flagged: Mapping[CellKey, Sequence[Finding]]
    out_dir: Path

    def draw(self) -> dict[int, PageImage]:
        """``draw_pages`` of these pages."""
        return draw_pages(self.pdf_path, self.stem, self.pages, self.tables, self.cells, self.flagged,
                          self.out_dir)  # fmt: skip


def draw_pages(
    pdf_path: str,
    stem: str,
    pages: Sequence[int],
    tables: Sequence[TableInfo],
    cells: Sequence[CellInfo],
    flagged: Mapping[CellKey, Sequence[Finding]],
    out_dir: Path,
) -> dict[int, PageImage]:
    """Draw ``pages`` of the PDF with their outlines (tables, failing cells) and write
    them as ``img/<stem>-p<N>.png`` under ``out_dir``; the images written, by page.  A PDF
    that cannot be opened gives none, a page that cannot be drawn is left out (its
    tables are still shown as grids).

    PNG encoding, most of the time, runs in threads (Pillow releases the GIL) while
    pdfium, which must not, draws the next page under its lock."""
    import pypdfium2 as pdfium

    from extractors.pdfium_io import PDFIUM_LOCK

    written: dict[int, PageImage] = {}
    if not pages:
        return written
    saving: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=SAVE_THREADS) as pool, PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(pdf_path)
        except (OSError, pdfium.PdfiumError):
            return {}
        try:
            for page in pages:
                if not 1 <= page <= len(pdf):
                    continue
                try:
                    image, size, scale = render_page(pdf, page)
                except pdfium.PdfiumError:
                    continue
                draw_outlines(image, page_outlines(page, tables, cells, flagged, scale))
                name = image_name(stem, page)
                saving.append(pool.submit(image.save, out_dir / name, compress_level=1))
                written[page] = PageImage(page, size, scale, name)
        finally:
            pdf.close()
    for done in saving:
        done.result()  # an image that could not be written is an error, not a silent gap
    return written
