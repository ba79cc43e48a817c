"""Where a link to a cell, table or paper lands (pure): the best anchor the site has.

A cell whose page was drawn and whose bbox is known lands on its outline on the page
image; any other cell of the store on its place in the extracted grid; a result that
names only a table on the table; one that names only a paper on the paper page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from boardpack.report.drawing import PageImage
from boardpack.report.links import cell_anchor, grid_anchor, href, paper_page, table_anchor
from boardpack.report.records import CellInfo, CellKey, Finding, TableInfo


@dataclass(frozen=True)
class Target:
    """A place in the site: a link relative to the site's folder and what it shows
    (``cell`` outlined on a page image, ``grid`` cell, ``table`` or ``paper``)."""

    link: str
    kind: str


class Targets:
    """Links to the cells, tables and papers of one site."""

    def __init__(
        self,
        names: Mapping[str, str],
        cells: Sequence[CellInfo],
        tables: Sequence[TableInfo],
        images: Mapping[str, Mapping[int, PageImage]],
    ) -> None:
        self.names = names
        self.cells = {c.key: c for c in cells}
        # a table with no page is never drawn as a grid: nothing of it to land on
        self.tables = {(t.sha256, t.table_id) for t in tables if t.part_pages}
        self.images = images

    def on_image(self, cell: CellInfo) -> bool:
        """The cell has an outline anchor on a drawn page image."""
        return cell.bbox is not None and cell.page in self.images.get(cell.sha256, {})

    def cell(self, key: CellKey) -> Target | None:
        """The best target for a cell: its outline, else its grid cell, else its table,
        else its paper; None when the paper is not in the site."""
        sha, table_id, row, col = key
        stem = self.names.get(sha)
        if stem is None:
            return None
        found = self.cells.get(key)
        if found is not None and self.on_image(found):
            return Target(href(paper_page(stem), cell_anchor(table_id, row, col)), "cell")
        if found is not None and (sha, table_id) in self.tables:
            return Target(href(paper_page(stem), grid_anchor(table_id, row, col)), "grid")
        return self.table(sha, table_id)

    def table(self, sha: str, table_id: str | None) -> Target | None:
        """A table's grid, else its paper; None when the paper is not in the site."""
        stem = self.names.get(sha)
        if stem is None:
            return None
        if table_id and (sha, table_id) in self.tables:
            return Target(href(paper_page(stem), table_anchor(table_id)), "table")
        return Target(href(paper_page(stem)), "paper")

    def finding(self, f: Finding) -> Target | None:
        """Where a failed result is shown: the cell it names, else its table or paper."""
        key = f.cell_key
        if key is not None:
            return self.cell(key)
        return self.table(f.paper_sha256 or "", f.table_id)
