"""What the worker process and its parent agree on (``child`` and ``run``).

The child writes marks on stderr as it goes, so a parent that must kill it, or finds it
dead, can say where it was: ``@paper K`` as it starts its K-th request, ``@pages P``
once the file is checked, ``@page N`` before page N is read and ``@done N`` after.
Each result goes on stdout framed by its length (``frame``), since one worker sends
many.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MEMORY_EXIT = 86
"""The child's exit code when it ran out of memory under its limit."""

PAPER_MARK = "@paper "
PAGES_MARK = "@pages "
PAGE_MARK = "@page "
DONE_MARK = "@done "

LENGTH = struct.Struct(">Q")
"""The frame header: the payload's length in bytes."""


def frame(payload: bytes) -> bytes:
    """``payload`` with its length in front, as the child sends a result."""
    return LENGTH.pack(len(payload)) + payload


def current_paper(err: bytes) -> bytes:
    """The part of a worker's stderr written since it started its latest request."""
    start = err.rfind(b"\n" + PAPER_MARK.encode())
    if start >= 0:
        return err[start + 1 :]
    return err


@dataclass(frozen=True)
class Whereabouts:
    """Where a worker was when it stopped: the page it was on (None: before the first
    page or after the last) and a phrase for messages."""

    page: int | None
    phrase: str


def whereabouts(err: bytes) -> Whereabouts:
    """Read a dead or killed worker's marks about its latest paper (see the module
    docstring)."""
    pages: int | None = None
    last: tuple[str, int] | None = None
    for line in current_paper(err).decode("utf-8", "replace").splitlines():
        for mark in (PAGES_MARK, PAGE_MARK, DONE_MARK):
            value = line[len(mark) :].strip()
            if line.startswith(mark) and value.isdigit():
                if mark == PAGES_MARK:
                    pages = int(value)
                else:
                    last = (mark, int(value))
    if last is None:  # died opening the document or loading page 1
        return Whereabouts(1, " page 1") if pages else Whereabouts(None, "")
    mark, n = last
    if mark == PAGE_MARK:
        return Whereabouts(n, f" page {n}")
    if pages is not None and n >= pages:
        return Whereabouts(None, " (after its last page, building tables)")
    return Whereabouts(n + 1, f" page {n + 1}")
