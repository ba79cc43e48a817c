"""A paper's page (pure): its facts, failed checks, and each page that holds a table as
an image with a link over every cell, followed by the tables' extracted grids.

Every cell on a drawn page has an anchor on the image (``t08-r11-c2``), positioned in
percent of the page so it stays on its cell however the image is scaled; the stylesheet
outlines the anchor a link lands on (``:target``).  Every cell of a grid has an anchor
too (``t08-r11-c2-grid``), so a cell whose page could not be drawn is still reached.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from boardpack.report.drawing import PageImage, pages_to_render, worst
from boardpack.report.findings import FindingRow, finding_rows, findings_by_cell
from boardpack.report.links import cell_anchor, grid_anchor, table_anchor
from boardpack.report.records import (
    CellInfo,
    CellKey,
    ExtractionErrorRow,
    Finding,
    PaperInfo,
    SiteData,
    TableInfo,
    TableMapping,
)
from boardpack.report.targets import Targets
from extractors.records import BBox


@dataclass(frozen=True)
class GridCell:
    """One cell of an extracted grid as shown."""

    tag: str
    text: str
    classes: str = ""
    anchor: str | None = None
    title: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class GridView:
    """The part of one table's grid that sits on one page."""

    anchor: str
    table_id: str
    caption: str | None
    continued_from: int | None
    meta: str
    mapping: str | None
    rows: list[list[GridCell]]


@dataclass(frozen=True)
class Overlay:
    """A transparent link over a region of a page image."""

    anchor: str | None
    link: str
    title: str
    classes: str
    style: str


@dataclass(frozen=True)
class PageView:
    """One page of a paper: its image (None when it could not be drawn) with overlays,
    then the grids of the tables on it."""

    page: int
    image: PageImage | None
    overlays: list[Overlay]
    grids: list[GridView]


@dataclass
class PaperView:
    """Everything one paper's page shows."""

    paper: PaperInfo
    findings: list[FindingRow]
    extraction_errors: list[ExtractionErrorRow]
    pages: list[PageView]
    tables: list[TableInfo]
    fact_sources: list[tuple[str, str]] = field(default_factory=list)


def is_number(text: str) -> bool:
    """The cell text reads as a number (thousands separators, % and £ allowed)."""
    stripped = text.replace(",", "").replace("%", "").replace("£", "").strip()
    try:
        float(stripped)
    except ValueError:
        return False
    return True


def row_pages(table: TableInfo, cells: Sequence[CellInfo]) -> dict[int, int]:
    """The page each row sits on (that of its first cell with text), forced onto one of
    the table's pages."""
    pages = table.part_pages
    out: dict[int, int] = {}
    by_row: dict[int, list[CellInfo]] = defaultdict(list)
    for c in cells:
        by_row[c.row].append(c)
    for row, row_cells in by_row.items():
        texted = [c for c in sorted(row_cells, key=lambda c: c.col) if c.text] or row_cells
        page = texted[0].page
        out[row] = page if page in pages else (pages[0] if pages else page)
    return out


def messages(found: Sequence[Finding], with_check: bool = True) -> str:
    """The failed results on one cell, one line each."""
    return "\n".join(
        f"{f.severity}: {f.check}: {f.message}" if with_check else f"{f.severity}: {f.message}" for f in found
    )


def grid_cell(
    cell: CellInfo | None,
    header: bool,
    repeat: bool,
    flagged: Mapping[CellKey, Sequence[Finding]],
    targets: Targets,
) -> GridCell:
    """A cell of the grid: numbers right-aligned, failing cells marked and titled with
    their messages, linked to their outline when their page was drawn.  A header cell
    repeated on a later page gets no anchor (its first showing has it)."""
    tag = "th" if header else "td"
    if cell is None:
        return GridCell(tag, "")
    classes = ["num"] if is_number(cell.text) else []
    if repeat:
        classes.append("repeat")
    found = flagged.get(cell.key)
    title = None
    if found:
        classes.append("err" if worst(found) == "error" else "warn")
        title = messages(found)
    anchor = None if repeat else grid_anchor(cell.table_id, cell.row, cell.col)
    link = (
        "#" + cell_anchor(cell.table_id, cell.row, cell.col)
        if targets.on_image(cell) and not repeat
        else None
    )
    return GridCell(tag, cell.text, " ".join(classes), anchor, title, link)


def grid_view(
    table: TableInfo,
    cells: Sequence[CellInfo],
    page: int,
    flagged: Mapping[CellKey, Sequence[Finding]],
    targets: Targets,
    mapping: TableMapping | None = None,
) -> GridView:
    """The part of one table's grid that sits on ``page``: its header rows (repeated,
    unanchored, on later pages) and the body rows of that page."""
    first = page == table.part_pages[0] if table.part_pages else True
    homes = row_pages(table, cells)
    grid = {(c.row, c.col): c for c in cells}
    ncols = max((c.col for c in cells), default=-1) + 1
    nrows = max((c.row for c in cells), default=-1) + 1
    rows = []
    for r in range(nrows):
        header = r < table.header_rows
        if not header and homes.get(r, page) != page:
            continue
        repeat = header and not first
        rows.append([grid_cell(grid.get((r, c)), header, repeat, flagged, targets) for c in range(ncols)])
    meta = (
        f"method {table.method} · confidence {table.confidence:.2f} · {table.kind} · "
        f"pages {', '.join(map(str, table.part_pages))} · {table.header_rows} header row(s), "
        f"{max(nrows - table.header_rows, 0)} body rows × {ncols} cols"
    )
    return GridView(
        table_anchor(table.table_id, None if first else page),
        table.table_id,
        table.caption,
        None if first else table.part_pages[0],
        meta,
        mapping_note(mapping),
        rows,
    )


def mapping_note(mapping: TableMapping | None) -> str | None:
    """How mapping treated a table, in words (None when the store does not say)."""
    if mapping is None:
        return None
    if mapping.status == "mapped":
        return f"mapped by family {mapping.family or '?'}: {mapping.observations} observations"
    note = f"not mapped: {mapping.reason or 'no reason given'}"
    if mapping.tidy_cells is not None:
        note += f"; {mapping.tidy_cells} cells kept as tidy data"
    return note


def _pct(value: float, whole: float) -> str:
    return f"{100.0 * value / whole:.3f}%"


def overlay_style(bbox: BBox, size: tuple[float, float]) -> str:
    """CSS placing a box over ``bbox`` of a page of ``size`` points, in percent."""
    x0, top, x1, bottom = bbox
    width, height = size
    return (
        f"left:{_pct(x0, width)};top:{_pct(top, height)};"
        f"width:{_pct(x1 - x0, width)};height:{_pct(bottom - top, height)}"
    )


def page_overlays(
    page: int,
    image: PageImage,
    tables: Sequence[TableInfo],
    cells: Sequence[CellInfo],
    flagged: Mapping[CellKey, Sequence[Finding]],
) -> list[Overlay]:
    """Links over one page image: each part of ``tables`` on it (to its grid), then each of
    ``cells`` on it (anchored, to its grid cell), failing cells marked and titled with
    their messages."""
    out = [
        Overlay(
            None,
            "#" + table_anchor(t.table_id, None if page == t.part_pages[0] else page),
            f"{t.table_id}: {t.caption or ''}",
            "tbl",
            overlay_style(b.bbox, image.size),
        )
        for t in tables
        for b in t.parts
        if b.page == page
    ]
    for c in cells:
        if c.page != page or c.bbox is None:
            continue
        found = flagged.get(c.key)
        classes = "cell"
        title = c.text
        if found:
            classes += " hit " + ("err" if worst(found) == "error" else "warn")
            title = messages(found, with_check=False)
        out.append(
            Overlay(
                cell_anchor(c.table_id, c.row, c.col),
                "#" + grid_anchor(c.table_id, c.row, c.col),
                title,
                classes,
                overlay_style(c.bbox, image.size),
            )
        )
    return out


def fact_sources(paper: PaperInfo) -> list[tuple[str, str]]:
    """(fact, where it came from) for the facts whose source the store records."""
    facts = [
        ("meeting date", paper.meeting_date_source),
        ("board", paper.board_source),
        ("title", paper.title_source),
    ]
    return [(name, source) for name, source in facts if source]


def paper_view(
    data: SiteData,
    paper: PaperInfo,
    images: Mapping[int, PageImage],
    targets: Targets,
) -> PaperView:
    """One paper's page: facts, failed checks (linked to the cells), extraction errors,
    then each page that holds a table (image with overlays, then grids)."""
    tables = [t for t in data.tables if t.sha256 == paper.sha256]
    cells = [c for c in data.cells if c.sha256 == paper.sha256]
    cells_by_table: dict[str, list[CellInfo]] = defaultdict(list)
    for c in cells:
        cells_by_table[c.table_id].append(c)
    mine = [f for f in data.findings if f.paper_sha256 == paper.sha256]
    flagged = findings_by_cell(mine)
    mappings = {m.table_id: m for m in data.mappings or [] if m.sha256 == paper.sha256}
    pages = []
    for page in pages_to_render(tables, cells, flagged):
        image = images.get(page)
        here = [t for t in tables if page in t.part_pages]
        overlays = page_overlays(page, image, here, cells, flagged) if image else []
        grids = [
            grid_view(t, cells_by_table.get(t.table_id, []), page, flagged, targets, mappings.get(t.table_id))
            for t in here
        ]
        pages.append(PageView(page, image, overlays, grids))
    return PaperView(
        paper=paper,
        findings=finding_rows(mine, targets, root=""),
        extraction_errors=[e for e in data.extraction_errors if e.sha256 == paper.sha256],
        pages=pages,
        tables=tables,
        fact_sources=fact_sources(paper),
    )
