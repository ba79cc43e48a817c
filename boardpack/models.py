"""The application's records: a pulled paper and a validation result.

Each layer owns the records it produces: extraction's tables and cells are in
``extractors.records``, mapping's observations in ``schemas.records``; these two belong
to the application (sources and validation) that sits on top of both.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from schemas.columns import Column


@dataclass(frozen=True)
class Paper:
    """One board paper as pulled from a source.

    ``file`` is the file name (no directory), only a label; ``sha256`` the hex digest of
    its bytes, which keys the paper everywhere downstream.  Board, meeting date and title
    come from the source's manifest or index page, else from the paper itself
    (``boardpack.paper_facts``), and may be missing; each ``*_source`` says where its fact
    came from (``FACT_SOURCES``), None when the fact is missing.
    """

    file: str
    sha256: str
    path: str
    board: str | None = None
    meeting_date: str | None = None
    title: str | None = None
    source: str = "local"
    meeting_date_source: str | None = None
    board_source: str | None = None
    title_source: str | None = None


FACT_SOURCES = ("manifest", "cover", "metadata", "filename")
"""Where a paper's board, meeting date and title came from, strongest first: the source's
manifest (or index page), the paper's first pages, its PDF metadata, its file name."""

VALIDATION_STATUS = Column(
    "validation_status", "string", "passed, warning or failed (an error-severity check failed on the figure)."
)
"""The column validation adds to each observation (store and dataset)."""

CELL_VALIDATION_STATUS = Column(
    "validation_status",
    "string",
    "passed, warning, failed (an error-severity check failed on the cell) or not_checked (no check could decide: "
    "a total that may not be a sum, a period of a plan, a cell of a mapped table no figure came from). A family's "
    "checks give the status of the cells it maps; the checks that need no family, of the rest.",
)
"""The column validation adds to each tidy cell (store ``tidy_cells`` and dataset ``cells``)."""


Severity = Literal["error", "warning"]

FigureKey = tuple[str, str, str, str]
"""(series_id, category_id, ``period_start/period_end``, paper_sha256): a figure's key,
as ``schemas.records.Observation.key`` gives it."""


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
    paper_sha256: str | None = None
    """The key of the paper the result is about (``paper_file`` is only its label);
    None for results about no single paper."""
    category_id: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    """With ``series_id`` and ``paper_sha256``: the key of the figure the result is
    located at (None for results about no single figure)."""
    also_figures: tuple[FigureKey, ...] = ()
    """The keys of the further figures the result covers (those of ``also_cells``)."""
    checked: bool = True
    """False for what a check could not decide (a total that may not be a sum, a period
    of a plan): reported as not checked, with the reason in ``message``; never a failure
    (``success`` is then True)."""

    @property
    def figure_keys(self) -> tuple[FigureKey, ...]:
        """Every figure the result is about, by key: where it is located, then the rest."""
        parts = (self.series_id, self.category_id, self.period_start, self.period_end, self.paper_sha256)
        if any(p is None for p in parts):
            return self.also_figures
        here = (str(self.series_id), str(self.category_id), f"{self.period_start}/{self.period_end}",
                str(self.paper_sha256))  # fmt: skip
        return (here, *self.also_figures)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (what a GX result carries in its details)."""
        return dict(vars(self))  # shallow: tuples stay tuples, JSON writes them as lists

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationResult:
        """The result ``to_dict`` gave, read back (lists become tuples again)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("also_cells", "also_figures"):
            values[name] = tuple(tuple(item) for item in values.get(name) or ())
        return cls(**values)
