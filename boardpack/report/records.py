"""The audit site's records: what it shows, read once from the store (``reading.py``).

Each record is one row of a store table, typed; ``SiteData`` holds them all.  Records
from tables that a store may not have yet (``table_mappings``, ``tidy_cells``, the
paper-fact columns, the ``dataset_*`` release tables) are empty or None when absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from boardpack.quarantine import QuarantineItem
from extractors.records import BBox, PageBox

CellKey = tuple[str, str, int, int]
"""(paper sha256, table id, row, col): one cell of one extracted table."""


@dataclass(frozen=True)
class PaperInfo:
    """One paper of the store with its counts.

    ``*_source`` say where each fact came from (manifest, cover, metadata, filename);
    None when the store does not record it."""

    sha256: str
    file: str
    path: str
    board: str | None
    meeting_date: str | None
    title: str | None
    pages: int
    extraction_errors: int
    tables: int
    observations: int
    meeting_date_source: str | None = None
    board_source: str | None = None
    title_source: str | None = None


@dataclass(frozen=True)
class TableInfo:
    """One extracted table; ``parts`` are its bboxes, one per page it sits on."""

    sha256: str
    table_id: str
    kind: str
    pages: tuple[int, ...]
    caption: str | None
    header_rows: int
    method: str
    confidence: float
    parts: tuple[PageBox, ...]

    @property
    def part_pages(self) -> list[int]:
        """The pages the table sits on, in order (from its bboxes, else its pages)."""
        return sorted({p.page for p in self.parts} or set(self.pages))


@dataclass(frozen=True)
class CellInfo:
    """One cell of an extracted table (full grid: header rows first)."""

    sha256: str
    table_id: str
    row: int
    col: int
    is_header: bool
    text: str
    page: int
    bbox: BBox | None

    @property
    def key(self) -> CellKey:
        """The cell's key."""
        return (self.sha256, self.table_id, self.row, self.col)


@dataclass(frozen=True)
class Finding:
    """One failed validation result, as stored."""

    suite: str
    check: str
    severity: str
    message: str
    series_id: str | None
    paper_sha256: str | None
    paper_file: str | None
    page: int | None
    table_id: str | None
    row: int | None
    col: int | None
    expected: str | None
    observed: str | None
    also_cells: tuple[tuple[int, int], ...] = ()
    """Further (row, col) cells of the same table the result covers."""

    @property
    def cell_key(self) -> CellKey | None:
        """(paper sha, table, row, col) when the result names a cell."""
        if self.paper_sha256 and self.table_id and self.row is not None and self.col is not None:
            return (self.paper_sha256, self.table_id, self.row, self.col)
        return None

    @property
    def covered_keys(self) -> list[CellKey]:
        """Every cell the result covers: the one it names, then ``also_cells``."""
        key = self.cell_key
        if key is None:
            return []
        return [key, *((key[0], key[1], r, c) for r, c in self.also_cells)]


@dataclass(frozen=True)
class CheckTally:
    """How often one check of one suite ran and passed."""

    suite: str
    check: str
    total: int
    passed: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class ExtractionErrorRow:
    """A page of a paper that extraction could not parse."""

    sha256: str
    paper_file: str
    page: int | None
    message: str


@dataclass(frozen=True)
class TableMapping:
    """How mapping treated one table (store table ``table_mappings``): ``status`` is
    ``mapped`` or ``unmapped``, ``reason`` why a table was left unmapped; ``tidy_cells``
    counts its cells kept as tidy data (None when the store has no ``tidy_cells``)."""

    sha256: str
    table_id: str
    status: str
    family: str | None
    reason: str | None
    observations: int
    tidy_cells: int | None = None


@dataclass(frozen=True)
class SeriesInfo:
    """One series of the release's data dictionary (``dataset_series``)."""

    series_id: str
    title: str
    dimension: str
    unit: str
    definition: str
    first_period: str | None
    last_period: str | None
    observations: int


@dataclass(frozen=True)
class FigureSource:
    """One paper cell behind a published figure (``dataset_sources``)."""

    paper_sha256: str
    paper_file: str
    meeting_date: str | None
    page: int | None
    table_id: str
    row: int
    col: int
    value_text: str
    validation_status: str

    @property
    def cell_key(self) -> CellKey:
        """The cell's key."""
        return (self.paper_sha256, self.table_id, self.row, self.col)


@dataclass(frozen=True)
class Revision:
    """An earlier paper's value that a later paper printed differently (``dataset_revisions``)."""

    earlier_text: str
    earlier_paper: str
    later_text: str
    later_paper: str


@dataclass(frozen=True)
class Figure:
    """One published figure (``dataset_observations_full``) with its sources and revisions.

    ``chosen`` is the source the published value is taken from (the latest paper);
    ``sources`` every paper cell that reported it, earliest meeting first."""

    observation_id: str
    series_id: str
    category_id: str
    category_label: str
    period_start: str
    period_end: str
    period_label: str
    value: float | None
    value_text: str
    value_status: str
    validation_status: str
    chosen: FigureSource | None
    sources: tuple[FigureSource, ...]
    revisions: tuple[Revision, ...] = ()

    @property
    def revised(self) -> bool:
        """A later paper printed this figure differently from an earlier one."""
        return bool(self.revisions)


@dataclass
class SiteData:
    """Everything the audit site shows, read once from the store."""

    release_id: str | None
    papers: list[PaperInfo]
    tables: list[TableInfo]
    cells: list[CellInfo]
    findings: list[Finding]
    quarantine: list[QuarantineItem]
    tallies: list[CheckTally]
    extraction_errors: list[ExtractionErrorRow] = field(default_factory=list)
    mappings: list[TableMapping] | None = None
    """None when the store has no ``table_mappings`` (written by an older run)."""
    series: list[SeriesInfo] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
