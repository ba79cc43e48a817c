"""``boardpack extract``: PDFs given on the command line, each read in a worker process."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from boardpack.problems import Kind, Problem
from boardpack.sources.digest import HEADER_WINDOW
from boardpack.sources.sniff import sniff_file
from boardpack.worker import Limits, PaperRead, read_paper


def extract_files(paths: Sequence[Path], limits: Limits | None = None) -> tuple[list[dict[str, Any]], int]:
    """The ``--json`` contract of each file, and how many files had a problem.

    Progress and each problem go to stderr, one line each; a file that cannot be read at
    all is one error carrying its ``kind`` (``boardpack.problems.Kind``).
    """
    limits = limits or Limits.from_env()
    papers: list[dict[str, Any]] = []
    held = 0
    for i, path in enumerate(paths, 1):
        print(f"[{i}/{len(paths)}] {path}", file=sys.stderr)
        read = _read(path, limits)
        for p in read.problems:
            print(f"error ({p.kind}): {p.message}", file=sys.stderr)
        held += bool(read.problems)
        papers.append(contract(read))
    return papers, held


def contract(read: PaperRead) -> dict[str, Any]:
    """The public contract of one paper; errors carry the kind of their problem."""
    paper = read.tables.to_contract()
    kinds = {(p.page, p.message): p.kind for p in read.problems}
    paper["errors"] = [
        {**asdict(e), "kind": str(kinds.get((e.page, e.message), _page_kind(read, e.page)))}
        for e in read.tables.errors
    ]
    paper["status"] = read.status
    return paper


def _page_kind(read: PaperRead, page: int | None) -> Kind:
    return next((p.kind for p in read.problems if p.page == page), Kind.PAGE_ERROR)


def _read(path: Path, limits: Limits) -> PaperRead:
    from boardpack.worker.read import quarantined

    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_WINDOW)
        size = path.stat().st_size
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        problem = Problem(Kind.UNREADABLE_FILE, f"{path.name}: cannot read it: {exc.strerror or exc}")
        return quarantined(path.name, "", 0, problem, time.monotonic())
    found = sniff_file(path, head, size)
    if not found.is_pdf:
        return quarantined(
            path.name, sha, 0, Problem(found.kind or Kind.NOT_PDF, f"{path.name} is {found.what}"), 0.0
        )
    return read_paper(path, path.name, sha, limits)
