"""The folder source: PDFs already on disk, with metadata from a manifest.json beside them."""

from __future__ import annotations

import logging
from pathlib import Path

from boardpack.models import Paper
from boardpack.problems import Kind
from boardpack.sources.config import FolderSource
from boardpack.sources.digest import sha256_file
from boardpack.sources.errors import NotAPdfError, SourceError
from boardpack.sources.manifest import Manifest, ManifestEntry, parse_manifest
from boardpack.sources.result import PullFailure, PullResult
from boardpack.sources.sniff import sniff_file

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"


def pull_folder(source: FolderSource) -> PullResult:
    """Every ``*.pdf`` directly in ``source.path``, hashed, sorted by file name.

    Metadata comes from ``manifest.json`` in the same folder when it is there.  The files
    stay where they are (``Paper.path`` points at them).  A missing folder, a malformed
    manifest or a file that is not a PDF is a failure in the result, never an exception;
    a malformed manifest still lets the papers through, without metadata.
    """
    result = PullResult()
    folder = source.path
    if not folder.is_dir():
        result.failures.append(PullFailure(str(folder), "folder does not exist"))
        return result
    manifest = _read_manifest(folder, result)
    for pdf in list_pdfs(folder):
        try:
            result.papers.append(_paper(pdf, manifest.get(pdf.name), source.name))
        except NotAPdfError as exc:
            result.failures.append(PullFailure(str(pdf), exc.reason, exc.kind, exc.sha256))
        except (OSError, SourceError) as exc:
            result.failures.append(PullFailure(str(pdf), _reason(exc), Kind.UNREADABLE_FILE))
    return result


def list_pdfs(folder: Path) -> list[Path]:
    """Regular files in ``folder`` (not below it) named ``*.pdf`` in any case, by name."""
    return sorted(
        (p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()),
        key=lambda p: p.name,
    )


def _read_manifest(folder: Path, result: PullResult) -> Manifest:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        return parse_manifest(path.read_bytes(), str(path))
    except (OSError, SourceError) as exc:
        result.failures.append(PullFailure(str(path), _reason(exc), Kind.MANIFEST))
        return {}


def _paper(pdf: Path, entry: ManifestEntry | None, source_name: str) -> Paper:
    sha256, head = sha256_file(pdf)
    found = sniff_file(pdf, head, pdf.stat().st_size)
    if not found.is_pdf:
        raise NotAPdfError(str(pdf), f"{pdf.name} is {found.what}", found.kind, sha256)
    if entry and entry.sha256 and entry.sha256.lower() != sha256:
        # The bytes are the truth (they key the paper downstream); a stale manifest
        # hash is worth a warning, not a lost paper.
        log.warning("%s: sha256 %s differs from manifest's %s", pdf, sha256, entry.sha256)
    return Paper(
        file=pdf.name,
        sha256=sha256,
        path=str(pdf),
        board=entry.board if entry else None,
        meeting_date=entry.meeting_date if entry else None,
        title=entry.title if entry else None,
        source=source_name,
    )


def _reason(exc: Exception) -> str:
    # SourceError already starts with the path, which PullFailure carries separately.
    if isinstance(exc, SourceError):
        return exc.reason
    return str(exc)
