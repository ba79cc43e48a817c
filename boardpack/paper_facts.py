"""A pulled paper completed with what the paper says about itself, and relabelled by name.

The source's manifest (or index page) wins for each of board, meeting date and title;
then the paper's cover block, its PDF metadata (both read at extraction), and last its
file name.  Each fact records its source (``Paper.*_source``).  The file name is only a
label: extraction results cached under the paper's sha256 take the name of the copy at
hand.
"""

from __future__ import annotations

from dataclasses import replace

from boardpack.models import Paper
from extractors.cover import combine, file_name_facts
from extractors.records import ExtractionError, Fact, PaperFacts, PaperTables


def _chosen(
    manifest_value: str | None, manifest_source: str | None, found: Fact | None
) -> tuple[str | None, str | None]:
    """(value, source): the manifest's value if it gave one, else the fact found."""
    if manifest_value:
        return manifest_value, manifest_source or "manifest"
    return (found.value, found.source) if found is not None else (None, None)


def with_facts(paper: Paper, facts: PaperFacts) -> Paper:
    """``paper`` with each missing fact taken from ``facts`` (cover, metadata) or its file
    name, and the source of every fact recorded."""
    found = combine(facts, file_name_facts(paper.file))
    meeting_date, meeting_source = _chosen(paper.meeting_date, paper.meeting_date_source, found.meeting_date)
    board, board_source = _chosen(paper.board, paper.board_source, found.board)
    title, title_source = _chosen(paper.title, paper.title_source, found.title)
    return replace(
        paper,
        meeting_date=meeting_date,
        meeting_date_source=meeting_source,
        board=board,
        board_source=board_source,
        title=title,
        title_source=title_source,
    )


def relabelled(extracted: PaperTables, file: str) -> PaperTables:
    """``extracted`` under the file name ``file`` (the same bytes may arrive under another
    name than the one they were extracted, and cached, under)."""
    if extracted.file == file:
        return extracted
    errors = [ExtractionError(file, e.page, e.message) for e in extracted.errors]
    return replace(extracted, file=file, errors=errors)
