"""The records mapping produces: tidy observations, each with its cell's provenance.

The schemas layer owns these records; it reads extraction's records below it and knows
nothing of the application above (sources, validation, publishing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from extractors.records import BBox


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


@dataclass(frozen=True)
class MappingIssue:
    """A cell (or table) that could not be mapped as the schema says."""

    file: str
    page: int
    table_id: str
    row: int | None
    col: int | None
    message: str


@dataclass(frozen=True)
class UnmappedTable:
    """A table left out of the dataset, and why."""

    table_id: str
    reason: str


@dataclass(frozen=True)
class MappedTable:
    """A table mapped by a family, with how many observations it gave."""

    table_id: str
    family: str
    observations: int


@dataclass
class MappingResult:
    """Everything mapping found in one paper."""

    observations: list[Observation] = field(default_factory=list)
    issues: list[MappingIssue] = field(default_factory=list)
    unmapped: list[UnmappedTable] = field(default_factory=list)
    mapped: list[MappedTable] = field(default_factory=list)
