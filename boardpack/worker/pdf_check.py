"""Say what a PDF is before the table reader sees it: password, damage (and repair), no
pages or a broken page tree, and streams that would inflate past the limit.

qpdf (through pikepdf) reads the file structure only: streams are read raw and inflated
here under a bound, so a compression bomb is measured, never held.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

from boardpack.problems import Kind, Problem
from boardpack.worker.inflate import InflateLimitError, inflated_size

_FLATE = ("/FlateDecode", "/Fl")
_PAGE_TREE = re.compile(r"page tree|pages tree|/Kids|/Pages", re.IGNORECASE)
_MAX_DEPTH = 12
_TAIL = 2048


@dataclass(frozen=True)
class Checked:
    """The outcome of the checks: a problem that holds the paper back, or the bytes to
    read (``repaired`` when qpdf had to rebuild the file) and the page count."""

    problem: Problem | None = None
    data: bytes = b""
    repaired: bool = False
    pages: int = 0


def check_pdf(data: bytes, label: str, stream_limit: int) -> Checked:
    """Open ``data`` with qpdf and check it; ``label`` names the file in messages."""
    truncated = b"%%EOF" not in data[-_TAIL:]
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return Checked(
            Problem(Kind.PASSWORD, f"{label} is password-protected: it cannot be read without its password")
        )
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        return Checked(unrecoverable(label, _first_line(exc), truncated))
    with pdf:
        try:
            pages = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError, ValueError) as exc:
            return Checked(
                Problem(Kind.NO_PAGES, f"{label}: its page tree cannot be read: {_first_line(exc)}")
            )
        if pages == 0:
            return Checked(Problem(Kind.NO_PAGES, f"{label} has no pages"))
        problem = scan_streams(pdf, label, stream_limit)
        if problem is not None:
            return Checked(problem, pages=pages)
        repaired = truncated or bool(pdf.get_warnings())
        if not repaired:
            return Checked(data=data, pages=pages)
        out = io.BytesIO()
        try:
            pdf.save(out)
        except (pikepdf.PdfError, RuntimeError, ValueError) as exc:
            return Checked(unrecoverable(label, _first_line(exc), truncated), pages=pages)
        return Checked(data=out.getvalue(), repaired=True, pages=pages)


def unrecoverable(label: str, reason: str, truncated: bool) -> Problem:
    """The problem of a file qpdf could not open or rebuild: truncated, a broken page
    tree, or otherwise damaged."""
    if truncated:
        return Problem(
            Kind.TRUNCATED, f"{label} is truncated (cut short) and repair could not recover it: {reason}"
        )
    if _PAGE_TREE.search(reason):
        return Problem(Kind.NO_PAGES, f"{label}: its page tree is broken: {reason}")
    return Problem(Kind.DAMAGED, f"{label} is damaged and repair could not recover it: {reason}")


def scan_streams(pdf: pikepdf.Pdf, label: str, limit: int) -> Problem | None:
    """The first stream of any page (contents, fonts, images, forms) that inflates past
    ``limit`` bytes, as a problem naming the page; None when all are within it."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        try:
            for stream in _page_streams(page.obj, seen):
                if _first_filter(stream) not in _FLATE:
                    continue
                try:
                    inflated_size(stream.read_raw_bytes(), limit)
                except InflateLimitError:
                    mb = limit // (1024 * 1024)
                    return Problem(
                        Kind.OVER_STREAM,
                        f"{label} page {number}: a compressed stream (object {stream.objgen[0]}) inflates "
                        f"past the stream-size limit of {mb} MB",
                        number,
                    )
        except (pikepdf.PdfError, RuntimeError, ValueError):
            continue  # a broken object here is for the reader to report, page by page
    return None


def _page_streams(
    obj: pikepdf.Object, seen: set[tuple[int, int]], depth: int = 0
) -> Iterator[pikepdf.Stream]:
    """Every stream reachable from a page object (not through ``/Parent``), once each."""
    if depth > _MAX_DEPTH or not isinstance(obj, pikepdf.Object):
        return  # scalars (numbers, booleans) come back as plain Python values
    if obj.is_indirect:
        if obj.objgen in seen:
            return
        seen.add(obj.objgen)
    if isinstance(obj, pikepdf.Stream):
        yield obj
        children = [v for k, v in obj.stream_dict.items() if k != "/Parent"]
    elif isinstance(obj, pikepdf.Dictionary):
        children = [v for k, v in obj.items() if k not in ("/Parent", "/Annots")]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        yield from _page_streams(child, seen, depth + 1)


def _first_filter(stream: pikepdf.Stream) -> str:
    found = stream.stream_dict.get("/Filter")
    if isinstance(found, pikepdf.Array):
        found = found[0] if len(found) else None
    return str(found) if found is not None else ""


_QPDF_WHERE = re.compile(r"^stream <[^>]*>:\s*|^[^:]*BytesIO[^:]*:\s*")


def _first_line(exc: BaseException) -> str:
    # qpdf prefixes messages with the in-memory stream's repr: noise for a reader.
    text = str(exc).strip().splitlines()
    return _QPDF_WHERE.sub("", text[0])[:200] if text else type(exc).__name__
