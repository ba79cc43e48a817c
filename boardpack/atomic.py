"""Replace a whole output folder or file at once: written beside the old one, then
swapped in.

A reader (or a run killed at any moment) sees the old folder or the new one, never a
half-written one.  On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call; where
that is missing, two renames (a kill between them leaves the old folder under
``.<name>.old-*`` and no folder at the name, which the next run writes afresh).
"""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def sweep(final: Path) -> None:
    """Remove what a killed replacement of ``final`` left beside it."""
    for left in final.parent.glob(f".{final.name}.*-*"):
        shutil.rmtree(left, ignore_errors=True)


def replace_dir(final: Path, write: Callable[[Path], T]) -> T:
    """Call ``write(staging)`` on an empty folder beside ``final``, then put it in place
    of ``final`` in one step; returns what ``write`` returned.  If ``write`` raises,
    ``final`` is left as it was."""
    staging = new_staging(final)
    return swap_in(staging, final, lambda: write(staging))


def new_staging(final: Path) -> Path:
    """An empty folder beside ``final`` (named for this process) to write its next
    contents in, what killed writers left there swept first; ``swap_in`` puts it in place."""
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep(final)
    staging = final.parent / f".{final.name}.new-{os.getpid()}"
    staging.mkdir()
    return staging


def swap_in(staging: Path, final: Path, finish: Callable[[], T]) -> T:
    """Call ``finish()`` (which completes ``staging``), then put ``staging`` in place of
    ``final`` in one step; returns what ``finish`` returned.  If ``finish`` raises,
    ``staging`` is removed and ``final`` left as it was."""
    try:
        result = finish()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not final.exists():
        os.replace(staging, final)
    elif _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old folder
    else:
        old = final.parent / f".{final.name}.old-{os.getpid()}"
        os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)
    return result


def moved_into(path: Path, staging: Path, final: Path) -> Path:
    """``path`` (inside ``staging``) as it is named once ``staging`` became ``final``."""
    return final / path.relative_to(staging)


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: into a temporary file beside it
    (named for this process, so concurrent writers do not meet), then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
