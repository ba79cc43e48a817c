"""Read one paper in this process: check it, repair it if it must, extract its tables,
and say what was not read.  The worker process runs this under its limits
(``boardpack.worker.child``); tests call it directly.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from boardpack.problems import Kind, Problem
from boardpack.worker.limits import Limits
from boardpack.worker.pdf_check import check_pdf
from boardpack.worker.records import PaperRead, PaperStatus
from extractors import extract_paper
from extractors.geometry import PageContent
from extractors.pdfium_io import PageObjectLimitError, check_object_count, page_content
from extractors.records import ExtractionError, PaperTables


class Progress(Protocol):
    """Told the page count once the file is checked, then each page as it is read."""

    def pages(self, count: int) -> None: ...

    def start(self, number: int) -> None: ...

    def done(self, number: int) -> None: ...


def read_pdf(path: Path, label: str, limits: Limits, progress: Progress | None = None) -> PaperRead:
    """Everything ``path`` yields, named ``label`` (the paper's file name in the run).

    A file that cannot be read as a whole (password, damage beyond repair, no pages, a
    stream over the limit, no text layer) comes back ``quarantined`` with no tables; a
    page that cannot be read is a page problem and the rest is extracted.  ``progress``
    is told each page number before the page is read.
    """
    started = time.monotonic()
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    checked = check_pdf(data, label, limits.stream_bytes)
    if checked.problem is not None:
        return quarantined(label, sha, checked.pages, checked.problem, started)
    if progress is not None:
        progress.pages(checked.pages)
    pages = PageTally()
    reader = pages.reader(limits.page_objects, progress)
    if checked.repaired:
        with tempfile.TemporaryDirectory(prefix="boardpack-repaired-") as tmp:
            copy = Path(tmp) / label
            copy.write_bytes(checked.data)
            tables = extract_paper(copy, reader)
    else:
        tables = extract_paper(path, reader)
    tables = relabel(tables, label, sha)
    if tables.pages == 0:
        message = _message(tables)
        kind = Kind.PASSWORD if "password" in message.lower() else Kind.DAMAGED
        problem = Problem(kind, f"{label}: the PDF reader cannot open it: {message}")
        return quarantined(label, sha, 0, problem, started)
    if pages.read and not pages.with_text:
        problem = Problem(
            Kind.NO_TEXT,
            f"{label}: no text layer: needs OCR ({tables.pages} pages, "
            f"{pages.image_only} of them only images)",
        )
        return quarantined(label, sha, tables.pages, problem, started)
    problems = [page_problem(e, pages.over_limit) for e in tables.errors]
    status: PaperStatus = "repaired" if checked.repaired else "ok"
    return PaperRead(tables, status, problems, time.monotonic() - started)


class PageTally:
    """What the page reader saw: pages read, pages with text, image-only pages, and
    pages over the object cap (page number → the error)."""

    def __init__(self) -> None:
        self.read = 0
        self.with_text = 0
        self.image_only = 0
        self.over_limit: dict[int, PageObjectLimitError] = {}

    def reader(self, limit: int, progress: Progress | None) -> Callable[[Any, int], PageContent]:
        """A page reader for ``extract_paper`` that caps objects and keeps this tally."""

        def read(page: Any, number: int) -> PageContent:
            if progress is not None:
                progress.start(number)
            try:
                check_object_count(page, number, limit)
            except PageObjectLimitError as exc:
                self.over_limit[number] = exc
                raise
            content = page_content(page, number)
            if progress is not None:
                progress.done(number)
            self.read += 1
            if content.words:
                self.with_text += 1
            elif content.images:
                self.image_only += 1
            return content

        return read


def page_problem(error: ExtractionError, over_limit: dict[int, PageObjectLimitError]) -> Problem:
    """The quarantine record of one page the extractor could not read."""
    hit = over_limit.get(error.page) if error.page is not None else None
    if hit is not None:
        return Problem(
            Kind.OVER_OBJECTS,
            f"{error.file} page {hit.page}: more than {hit.limit} objects on the page "
            "(the per-page object cap); page not read",
            hit.page,
        )
    return Problem(Kind.PAGE_ERROR, f"{error.file} page {error.page}: {error.message}", error.page)


def relabel(tables: PaperTables, label: str, sha: str) -> PaperTables:
    """``tables`` named ``label`` and keyed ``sha`` (the pulled bytes), also when a
    repaired copy under another name was read."""
    errors = [replace(e, file=label) for e in tables.errors]
    return replace(tables, file=label, sha256=sha, errors=errors)


def quarantined(label: str, sha: str, pages: int, problem: Problem, started: float) -> PaperRead:
    """A paper held back whole: no tables, one error naming why."""
    tables = PaperTables(label, sha, pages, [], [ExtractionError(label, problem.page, problem.message)])
    return PaperRead(tables, "quarantined", [problem], time.monotonic() - started)


def _message(tables: PaperTables) -> str:
    return tables.errors[0].message if tables.errors else "no pages"
