"""Why a file, a page or a cell was not read: one stable code per kind of problem.

Every quarantined item carries one of these codes (``quarantine.kind`` in the store) and
a human message naming the file (and page).  The codes are stable: scripts and
dashboards may count them; the messages may be reworded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What went wrong, by stage.  The docstring of each member is its meaning."""

    # pull: said from the first bytes, before any parser sees the file
    EMPTY = "empty"
    HTML = "html"
    WORD = "word"
    ZIP = "zip"
    IMAGE = "image"
    NOT_PDF = "not_pdf"
    UNREADABLE_FILE = "unreadable_file"
    MANIFEST = "manifest"
    FETCH = "fetch"
    TOO_LARGE = "too_large"
    # extract, whole paper: the PDF itself
    DAMAGED = "damaged"
    TRUNCATED = "truncated"
    NO_PAGES = "no_pages"
    PASSWORD = "password"
    NO_TEXT = "no_text"
    # extract, over a limit of the per-paper worker
    OVER_TIME = "over_time"
    OVER_MEMORY = "over_memory"
    OVER_STREAM = "over_stream"
    OVER_OBJECTS = "over_objects"
    CRASHED = "crashed"
    # extract, one page
    PAGE_ERROR = "page_error"
    # map, one cell or table
    UNMAPPED = "unmapped"


KIND_MEANINGS: dict[Kind, str] = {
    Kind.EMPTY: "the file is empty (0 bytes)",
    Kind.HTML: "an HTML page (often a web server's error page) saved as a PDF",
    Kind.WORD: "a Word document (.docx or .doc), not its PDF",
    Kind.ZIP: "a ZIP archive (an Office or OpenDocument file, or a plain zip)",
    Kind.IMAGE: "an image file (PNG, JPEG, GIF, TIFF, BMP, WebP)",
    Kind.NOT_PDF: "some other content without a PDF header",
    Kind.UNREADABLE_FILE: "the file could not be read (permissions, I/O error)",
    Kind.MANIFEST: "the manifest.json beside the papers is malformed",
    Kind.FETCH: "an HTTP download failed (status, timeout, connection)",
    Kind.TOO_LARGE: "a download went past the size limit",
    Kind.DAMAGED: "a damaged PDF that repair could not recover",
    Kind.TRUNCATED: "a truncated PDF (cut short) that repair could not recover",
    Kind.NO_PAGES: "a PDF with no pages, or a page tree that cannot be read",
    Kind.PASSWORD: "a password-protected PDF",
    Kind.NO_TEXT: "no text layer on any page (scanned images): needs OCR",
    Kind.OVER_TIME: "reading the paper took longer than the time limit",
    Kind.OVER_MEMORY: "reading the paper needed more than the memory limit",
    Kind.OVER_STREAM: "a compressed stream inflates past the stream-size limit",
    Kind.OVER_OBJECTS: "a page holds more drawn objects than the per-page cap",
    Kind.CRASHED: "the PDF reader died on the paper",
    Kind.PAGE_ERROR: "one page could not be parsed (the rest of the paper was read)",
    Kind.UNMAPPED: "a cell or table that could not be mapped to a series",
}
"""One line per kind, for README and ``--help`` (generated from here, never retyped)."""

WHOLE_PAPER = frozenset(
    {
        Kind.EMPTY, Kind.HTML, Kind.WORD, Kind.ZIP, Kind.IMAGE, Kind.NOT_PDF, Kind.UNREADABLE_FILE,
        Kind.FETCH, Kind.TOO_LARGE, Kind.DAMAGED, Kind.TRUNCATED, Kind.NO_PAGES, Kind.PASSWORD,
        Kind.NO_TEXT, Kind.OVER_TIME, Kind.OVER_MEMORY, Kind.OVER_STREAM, Kind.CRASHED,
    }
)  # fmt: skip
"""Kinds that hold back a whole paper (none of its tables is read)."""


@dataclass(frozen=True)
class Problem:
    """One reason a paper (``page`` None) or one of its pages was not read.

    ``message`` is a whole sentence for a person and names the file (and page and limit
    where there is one); ``kind`` is the stable code.
    """

    kind: Kind
    message: str
    page: int | None = None

    @property
    def whole_paper(self) -> bool:
        """True when the problem holds back the whole paper."""
        return self.kind in WHOLE_PAPER
