"""Streamed hashing and the PDF header check, shared by the folder and HTTP sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 16

# The PDF spec lets readers accept the "%PDF-" header anywhere in the first 1024 bytes
# (some producers prepend junk), so we look there rather than only at offset 0.
PDF_HEADER = b"%PDF-"
HEADER_WINDOW = 1024


def looks_like_pdf(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) carries a PDF header."""
    return PDF_HEADER in head[:HEADER_WINDOW]


def sha256_file(path: Path) -> tuple[str, bytes]:
    """The hex sha256 of the file at ``path`` and its first ``HEADER_WINDOW`` bytes.

    Reads in chunks, so memory stays flat whatever the file size.
    """
    digest = hashlib.sha256()
    head = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if len(head) < HEADER_WINDOW:
                head += chunk[: HEADER_WINDOW - len(head)]
            digest.update(chunk)
    return digest.hexdigest(), head
