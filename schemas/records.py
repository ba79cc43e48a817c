"""The records mapping produces: tidy observations, each with its cell's provenance.

The schemas layer owns these records; it reads extraction's records below it and knows
nothing of the application above (sources, validation, publishing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

from extractors.pickling import pickled_by_position
from extractors.records import BBox
from schemas.columns import bbox_column, column, record_columns


class PaperRef(Protocol):
    """What mapping needs to know of a paper: its label, its key and its meeting date
    (``YYYY-MM-DD`` or ``YYYY-MM``, None when unknown).  ``boardpack.models.Paper`` is one."""

    @property
    def file(self) -> str: ...

    @property
    def sha256(self) -> str: ...

    @property
    def meeting_date(self) -> str | None: ...


ValueStatus = Literal["ok", "nil", "not_applicable", "missing", "note", "qualified", "invalid"]
VALUE_STATUSES: tuple[ValueStatus, ...] = get_args(ValueStatus)

# Columns that several records share, described once.
_SHA256 = "SHA-256 of the paper's bytes: the key of the paper."
_TABLE_ID = "Table of the paper (t01, ... in reading order)."
_ROW = "Row of the cell in the table grid, header rows first."
_COL = "Column of the cell in the table grid."
_PAGE = "Page of the cell (from 1)."
_METHOD = "Extractor that read the table (ruled, aligned, ...)."
_VALUE_STATUS = "How the cell was read: " + ", ".join(VALUE_STATUSES) + "."
_VALUE_TEXT = "The cell text as printed."
_DECIMALS = "Decimal places printed: the precision of the figure."


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Observation:
    """One tidy figure: a value of a series for a category and a period, with provenance.

    ``value`` is None unless ``value_status`` says a figure was read (``ok``, ``note``,
    ``qualified``).  Periods are ISO dates (``period_start``/``period_end`` inclusive);
    ``period_label`` is the label as printed.  ``row``/``col`` index the table's full
    grid as in ``Cell``.  Each field's column metadata is the one definition of the
    ``observations`` columns (store, dataset, README).
    """

    series_id: str = column(
        "string", "The series (e.g. `ethnic_minority_pct_by_staff_type`); see series.csv."
    )
    series_title: str = column("string", "Human title of the series.")
    dimension: str = column("string", "What the series is broken down by (staff_type, rank, ...).")
    category_id: str = column("string", "Stable id of the category (normalised printed label).")
    category_label: str = column("string", "The category as printed.")
    period_start: str = column("date", "First day of the period (inclusive).")
    period_end: str = column("date", "Last day of the period (inclusive).")
    period_label: str = column("string", "The period as printed.")
    value: float | None = column("number", "The figure, in `unit`; empty when the cell held no number.")
    value_status: ValueStatus = column("string", _VALUE_STATUS)
    value_text: str = column("string", _VALUE_TEXT)
    unit: str = column("string", "Unit of `value` (percent, count, gbp, fte, ...).")
    is_total: bool = column("boolean", "The figure is a total of other figures of its table.")
    paper_file: str = column("string", "File name of the paper (a label; `paper_sha256` is the key).")
    paper_sha256: str = column("string", _SHA256)
    meeting_date: str | None = column("string", "Meeting date of the paper (YYYY-MM-DD or YYYY-MM).")
    page: int = column("integer", _PAGE)
    table_id: str = column("string", _TABLE_ID)
    row: int = column("integer", _ROW)
    col: int = column("integer", _COL)
    bbox: BBox | None = bbox_column()
    method: str = column("string", _METHOD)
    decimals: int | None = column("integer", _DECIMALS, default=None)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """(series, category, period, paper): unique within one run."""
        return (
            self.series_id,
            self.category_id,
            self.period_start + "/" + self.period_end,
            self.paper_sha256,
        )


@dataclass(frozen=True)
class MappingIssue:
    """A cell (or table) that could not be mapped as the schema says."""

    file: str
    page: int
    table_id: str
    row: int | None
    col: int | None
    message: str


TableStatus = Literal["mapped", "unmapped"]


@dataclass(frozen=True)
class TableMapping:
    """What mapping did with one table: mapped by a family (with how many observations it
    gave) or left unmapped, and why.  Every table of a paper gets one, so nothing is
    dropped unseen."""

    paper_sha256: str = column("string", _SHA256)
    table_id: str = column("string", _TABLE_ID)
    status: TableStatus = column("string", "mapped (a family turned it into observations) or unmapped.")
    family: str | None = column(
        "string", "The family that recognised the table (empty when none did, e.g. no family matched)."
    )
    reason: str = column(
        "string",
        "Why: the family's match (score) for a mapped table; for an unmapped one no family matched, "
        "ambiguous, layout table, low confidence, or the family's own reason.",
    )
    observations: int = column("integer", "Observations the family gave (0 when unmapped).")
    tidy_cells: int = column("integer", "Tidy cells of the table (every table of kind data has them).")


@pickled_by_position
@dataclass(frozen=True, slots=True)
class TidyCell:
    """One numeric cell of a data table with its labels, whatever family (if any) maps it.

    ``row_labels`` is the row's header path as printed, outer level first: the section row
    above it (also in ``section``), then the row's label cells (an empty one under a
    vertically merged cell takes the label above).  ``col_labels`` is the column's header
    path, top header row first (a spanning header cell labels every column it spans).
    ``*_keys`` are the same levels normalised (``schemas.categories.slug``).  ``value`` is
    scaled to ``unit`` (a ``£000`` header multiplies by ``scale`` 1000).  The period is the
    one a column header, else a row label, else the caption names (``period_from``).
    Each field's column metadata defines the ``tidy_cells`` store table and the ``cells``
    dataset resource.
    """

    paper_sha256: str = column("string", _SHA256)
    paper_file: str = column("string", "File name of the paper (a label).")
    table_id: str = column("string", _TABLE_ID)
    row: int = column("integer", _ROW)
    col: int = column("integer", _COL)
    page: int = column("integer", _PAGE)
    bbox: BBox | None = bbox_column()
    method: str = column("string", _METHOD)
    caption: str | None = column("string", "The table's caption as printed (empty when it has none).")
    section: str = column("string", "The section row above the cell's row, as printed ('' when none).")
    row_labels: tuple[str, ...] = column(
        "string", "The row's header path as printed, outer level first (section, label columns), joined with ` | `.",
        join=" | ",
    )  # fmt: skip
    row_keys: tuple[str, ...] = column(
        "string", "`row_labels` normalised (lower_snake_case), joined with `/`.", join="/"
    )
    col_labels: tuple[str, ...] = column(
        "string", "The column's header path as printed, top header row first, joined with ` | `.", join=" | "
    )
    col_keys: tuple[str, ...] = column(
        "string", "`col_labels` normalised (lower_snake_case), joined with `/`.", join="/"
    )
    value: float | None = column(
        "number", "The figure in `unit` (scaled by `scale`); empty when no number was read."
    )
    value_status: ValueStatus = column("string", _VALUE_STATUS)
    value_text: str = column("string", _VALUE_TEXT)
    unit: str = column("string", "percent, gbp, fte, seconds (a printed duration) or number.")
    scale: float = column(
        "number", "The multiplier applied to the printed figure (1000 under a £000 header)."
    )
    decimals: int | None = column("integer", _DECIMALS)
    period_start: str | None = column(
        "date", "First day of the cell's period (inclusive); empty when none is printed."
    )
    period_end: str | None = column("date", "Last day of the cell's period (inclusive).")
    period_label: str | None = column("string", "The period as printed.")
    period_from: str | None = column(
        "string", "Where the period was printed: col (a column header), row, caption."
    )
    row_is_total: bool = column(
        "boolean", "The row is labelled as a total (Total, Grand Total, Overall, ...)."
    )
    col_is_total: bool = column("boolean", "The column is labelled as a total.")


OBSERVATION_COLUMNS = record_columns(Observation)
TIDY_CELL_COLUMNS = record_columns(TidyCell)
TABLE_MAPPING_COLUMNS = record_columns(TableMapping)


@dataclass
class MappingResult:
    """Everything mapping found in one paper: observations, the tidy cells of every data
    table, one ``TableMapping`` per table, and the cells that could not be mapped."""

    observations: list[Observation] = field(default_factory=list)
    issues: list[MappingIssue] = field(default_factory=list)
    tables: list[TableMapping] = field(default_factory=list)
    cells: list[TidyCell] = field(default_factory=list)

    @property
    def mapped(self) -> list[TableMapping]:
        """The tables a family mapped."""
        return [t for t in self.tables if t.status == "mapped"]

    @property
    def unmapped(self) -> list[TableMapping]:
        """The tables left out of the observations, each with its reason."""
        return [t for t in self.tables if t.status == "unmapped"]
