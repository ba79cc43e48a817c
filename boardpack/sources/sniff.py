"""What a file is, said from its first bytes before any parser sees it.

A web server's error page, a Word document or a scan saved with a ``.pdf`` name is
named for what it is (``Kind``), not reported as a vague "format error" by the PDF
reader.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from boardpack.problems import Kind
from boardpack.sources.digest import HEADER_WINDOW, looks_like_pdf

# (magic at offset 0, kind, what it is)
_MAGIC: tuple[tuple[bytes, Kind, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Kind.WORD, "a Word 97-2003 (.doc) or other OLE2 Office file"),
    (b"\x89PNG\r\n\x1a\n", Kind.IMAGE, "a PNG image"),
    (b"\xff\xd8\xff", Kind.IMAGE, "a JPEG image"),
    (b"GIF87a", Kind.IMAGE, "a GIF image"),
    (b"GIF89a", Kind.IMAGE, "a GIF image"),
    (b"II*\x00", Kind.IMAGE, "a TIFF image"),
    (b"MM\x00*", Kind.IMAGE, "a TIFF image"),
    (b"BM", Kind.IMAGE, "a BMP image"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<meta", b"<title")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Sniffed:
    """A file's kind (``None`` for a PDF) and a phrase saying what it is."""

    kind: Kind | None
    what: str

    @property
    def is_pdf(self) -> bool:
        """True when the bytes carry a PDF header."""
        return self.kind is None


def sniff(head: bytes, size: int) -> Sniffed:
    """Say what a file is from ``head`` (its first ``HEADER_WINDOW`` bytes) and ``size``.

    A PDF header anywhere in the window wins (the spec allows leading junk); then
    known magic numbers; then HTML (after any BOM and whitespace); else ``NOT_PDF``.
    """
    if size == 0:
        return Sniffed(Kind.EMPTY, "an empty file (0 bytes)")
    if looks_like_pdf(head):
        return Sniffed(None, "a PDF")
    if head.startswith(_ZIP):
        return _sniff_zip(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(Kind.IMAGE, "a WebP image")
    for magic, kind, what in _MAGIC:
        if head.startswith(magic):
            return Sniffed(kind, what)
    if _looks_like_html(head):
        return Sniffed(Kind.HTML, "an HTML page, not a PDF")
    if not head[:HEADER_WINDOW].strip(b" \t\r\n\x00"):
        return Sniffed(Kind.EMPTY, f"blank ({size} bytes of whitespace or zeros)")
    preview = head[:24].decode("latin-1").replace("\n", " ").replace("\r", " ").strip()
    return Sniffed(Kind.NOT_PDF, f"not a PDF (no %PDF- header; starts {preview!r})")


def sniff_file(path: Path, head: bytes, size: int) -> Sniffed:
    """``sniff`` plus, for a ZIP, a look at its member names (a .docx is named for what
    it is even when its first member is not ``word/...``)."""
    found = sniff(head, size)
    if found.kind is Kind.ZIP:
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (OSError, zipfile.BadZipFile, ValueError):
            return found
        if any(n.startswith("word/") for n in names):
            return Sniffed(Kind.WORD, "a Word document (.docx)")
    return found


def _sniff_zip(head: bytes) -> Sniffed:
    # The first local file header names the first member: Office files put
    # [Content_Types].xml or word/... first, OpenDocument puts "mimetype" first.
    if b"word/" in head:
        return Sniffed(Kind.WORD, "a Word document (.docx)")
    if b"[Content_Types].xml" in head or b"mimetype" in head:
        return Sniffed(Kind.ZIP, "an Office or OpenDocument file (a ZIP archive)")
    return Sniffed(Kind.ZIP, "a ZIP archive")


def _looks_like_html(head: bytes) -> bool:
    text = head
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom) :]
            break
    text = text.lstrip().lower()
    return text.startswith(_HTML_STARTS) or b"<html" in text[:HEADER_WINDOW]
