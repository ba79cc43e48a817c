"""Test helper: the shared truth files as boardpack ``Paper`` and ``Table`` records."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from boardpack.models import Paper
from extractors.records import Cell, Table

PAPERS_DIR = Path(__file__).resolve().parents[3] / "shared" / "papers"
MANIFEST = PAPERS_DIR / "manifest.json"


def table_from_truth(t: dict[str, Any]) -> Table:
    """A Table from one truth table: cells for every grid position, bbox None, page = first page."""
    page = t["pages"][0]
    grid = [*t["header_rows"], *t["rows"]]
    cells = [Cell(r, c, text, page, None) for r, row in enumerate(grid) for c, text in enumerate(row)]
    return Table(
        id=t["id"],
        kind=t["kind"],
        pages=list(t["pages"]),
        caption=t["caption"],
        header_rows=[list(r) for r in t["header_rows"]],
        rows=[list(r) for r in t["rows"]],
        bbox=[],
        method="truth",
        cells=cells,
    )


@lru_cache(maxsize=1)
def manifest() -> dict[str, dict[str, Any]]:
    """Manifest entries by paper file name."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return {p["file"]: p for p in data["papers"]}


def paper(file: str) -> Paper:
    """The Paper record of a corpus file, from the manifest."""
    p = manifest()[file]
    return Paper(
        file=p["file"],
        sha256=p["sha256"],
        path=str(PAPERS_DIR / p["file"]),
        board=p.get("board"),
        meeting_date=p.get("meeting_date"),
        title=p.get("title"),
    )


def truth_tables(file: str) -> list[Table]:
    """Every truth table of a paper as Table records."""
    data = json.loads((PAPERS_DIR / manifest()[file]["truth"]).read_text(encoding="utf-8"))
    return [table_from_truth(t) for t in data["tables"]]


def truth_notes(file: str) -> dict[str, str]:
    """The truth file's notes per table id."""
    data = json.loads((PAPERS_DIR / manifest()[file]["truth"]).read_text(encoding="utf-8"))
    return {t["id"]: t.get("notes", "") for t in data["tables"]}


def corpus() -> list[tuple[Paper, list[Table]]]:
    """Every paper of the manifest with its truth tables."""
    return [(paper(f), truth_tables(f)) for f in sorted(manifest())]
