"""Read a paper's facts (meeting date, board, title) from its first pages and metadata.

The one small step of extraction that needs the open document: its metadata, read under
``PDFIUM_LOCK`` as every pypdfium2 call is.  The parsing is ``extractors.cover``'s.
"""

from __future__ import annotations

from collections.abc import Mapping

import pypdfium2 as pdfium

from extractors.cover import CoverLine, combine, cover_facts, metadata_facts
from extractors.geometry import PageContent
from extractors.lines import group_lines
from extractors.pdfium_io import PDFIUM_LOCK
from extractors.records import PaperFacts

FRONT_PAGES = 2
"""The cover block of a paper sits on its first page; a title page may push it to the second."""


def cover_lines(contents: Mapping[int, PageContent], pages: int = FRONT_PAGES) -> list[CoverLine]:
    """The text lines of the first ``pages`` read pages, top to bottom, with size and weight."""
    out: list[CoverLine] = []
    for n in sorted(contents)[:pages]:
        out.extend(CoverLine(ln.text, ln.size, ln.bold) for ln in group_lines(contents[n].words))
    return out


def document_metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    """The document information dictionary (Title, Subject, …); empty when unreadable."""
    with PDFIUM_LOCK:
        try:
            return {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
        except Exception:  # a broken Info dictionary costs the metadata facts, not the paper
            return {}


def read_facts(pdf: pdfium.PdfDocument, contents: Mapping[int, PageContent]) -> PaperFacts:
    """The paper's facts: from its cover block where printed, else from its metadata."""
    return combine(cover_facts(cover_lines(contents)), metadata_facts(document_metadata(pdf)))
