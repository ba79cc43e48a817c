"""Failed checks as rows of the site's tables (pure): the arithmetic and a link to the cell."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from boardpack.report.records import CellKey, Finding
from boardpack.report.targets import Target, Targets


@dataclass(frozen=True)
class FindingRow:
    """One failed result as shown: where, expected and observed, the message with the
    arithmetic, and a link to what it names (``link_label`` says what: cell, table,
    paper)."""

    severity: str
    suite: str
    check: str
    paper_file: str
    page: int | None
    table_id: str
    row: int | None
    col: int | None
    expected: str
    observed: str
    message: str
    link: str | None
    link_label: str


def finding_rows(findings: Iterable[Finding], targets: Targets, root: str = "") -> list[FindingRow]:
    """One row per failed result, in the given order; links are prefixed with ``root``
    (the way from the page being written to the site's folder)."""
    rows = []
    for f in findings:
        target = targets.finding(f)
        rows.append(
            FindingRow(
                f.severity,
                f.suite,
                f.check,
                f.paper_file or "",
                f.page,
                f.table_id or "",
                f.row,
                f.col,
                f.expected or "",
                f.observed or "",
                f.message,
                root + target.link if target else None,
                link_label(target),
            )
        )
    return rows


def link_label(target: Target | None) -> str:
    """What a link to ``target`` is called in a table: ``cell`` (outlined or in the grid),
    ``table`` or ``paper``; empty when there is no link."""
    if target is None:
        return ""
    return "cell" if target.kind == "grid" else target.kind


def findings_by_cell(findings: Iterable[Finding]) -> dict[CellKey, list[Finding]]:
    """Failed results grouped by the cell they name; results naming no cell are left out."""
    out: dict[CellKey, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.cell_key is not None:
            out[f.cell_key].append(f)
    return dict(out)
