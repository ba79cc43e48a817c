"""Quarantine: every item a run could not read, kept with its reason.

Nothing is dropped silently: a file that is not a PDF, a page that cannot be parsed, a
cell whose value or label cannot be read all end up here (and in the DuckDB table
``quarantine``, and in the run's Prefect summary), naming the file, page, table and cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boardpack.models import Paper
from boardpack.problems import WHOLE_PAPER, Kind
from boardpack.sources import PullFailure
from boardpack.worker import PaperRead
from extractors.records import PaperTables
from schemas.records import MappingResult


@dataclass(frozen=True)
class QuarantineItem:
    """One unreadable item: which stage, where, and why."""

    stage: str
    file: str
    page: int | None
    table_id: str | None
    row: int | None
    col: int | None
    reason: str
    kind: str | None = None
    """The stable code of the reason (``boardpack.problems.Kind``)."""
    paper_sha256: str | None = None
    """The paper's key, where its bytes could be read."""

    @property
    def whole_paper(self) -> bool:
        """True when the item holds back a whole file (not one page or cell)."""
        return self.kind in WHOLE_PAPER

    def line(self) -> str:
        """One human line: ``stage: file page P table T row R col C: reason``."""
        where = [self.file]
        for name, value in (
            ("page", self.page),
            ("table", self.table_id),
            ("row", self.row),
            ("col", self.col),
        ):
            if value is not None:
                where.append(f"{name} {value}")
        if self.reason.startswith(self.file.rsplit("/", 1)[-1]):
            return f"{self.stage}: {self.reason}"  # the reason names the file (and page) already
        return f"{self.stage}: {' '.join(where)}: {self.reason}"


def from_pull(failures: Sequence[PullFailure]) -> list[QuarantineItem]:
    """Files or URLs that could not be pulled."""
    return [
        QuarantineItem(
            "pull", f.url_or_path, None, None, None, None, f.reason, f.kind or Kind.FETCH, f.sha256
        )
        for f in failures
    ]


def from_read(paper: Paper, read: PaperRead) -> list[QuarantineItem]:
    """The problems the worker found in one paper (whole paper or pages)."""
    return [
        QuarantineItem("extract", paper.file, p.page, None, None, None, p.message, p.kind, paper.sha256)
        for p in read.problems
    ]


def from_extraction(extracted: PaperTables) -> list[QuarantineItem]:
    """Pages of one paper that could not be parsed."""
    return [
        QuarantineItem(
            "extract", e.file, e.page, None, None, None, e.message, Kind.PAGE_ERROR, extracted.sha256
        )
        for e in extracted.errors
    ]


def from_mapping(mapped: MappingResult, sha256: str | None = None) -> list[QuarantineItem]:
    """Cells or tables of one paper (keyed ``sha256``) that could not be mapped."""
    return [
        QuarantineItem("map", i.file, i.page, i.table_id, i.row, i.col, i.message, Kind.UNMAPPED, sha256)
        for i in mapped.issues
    ]
