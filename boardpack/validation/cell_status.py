"""Each tidy cell's validation status, from the results of the run (pure).

A family's checks own the cells of the tables it maps (its suite knows what its totals
total): such a cell takes the worst status of the observations read from it, and is
``not_checked`` when none was.  The cells of every other table take the results of the
checks that need no family: ``failed`` where an error names the cell, ``warning`` where
only a warning does, ``not_checked`` where a check could not decide about it, else
``passed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from boardpack.models import ValidationResult
from boardpack.validation.cell_checks import CELL_SUITE
from schemas.records import Observation, TableMapping, TidyCell

CellKey = tuple[str, str, int, int]
"""(paper_sha256, table_id, row, col): one cell of one paper's table."""

RANK = {"passed": 0, "not_checked": 1, "warning": 2, "failed": 3}
"""How bad each status is: a cell takes the worst any result gives it."""


def cell_key(c: TidyCell | Observation) -> CellKey:
    """The cell a tidy cell or an observation sits in."""
    return (c.paper_sha256, c.table_id, c.row, c.col)


def _worst(found: dict[CellKey, str], key: CellKey, status: str) -> None:
    """Keep the worse of the cell's status so far and ``status``."""
    if key not in found or RANK[status] > RANK[found[key]]:
        found[key] = status


def cell_results(results: Iterable[ValidationResult]) -> dict[CellKey, str]:
    """The status each cell-check result gives the cells it names (located and also)."""
    found: dict[CellKey, str] = {}
    for r in results:
        if (
            r.suite != CELL_SUITE
            or r.paper_sha256 is None
            or r.table_id is None
            or r.row is None
            or r.col is None
        ):
            continue
        if not r.checked:
            status = "not_checked"
        elif r.success:
            continue
        else:
            status = "failed" if r.severity == "error" else "warning"
        for row, col in ((r.row, r.col), *r.also_cells):
            _worst(found, (r.paper_sha256, r.table_id, row, col), status)
    return found


def cell_status(
    cells: Sequence[TidyCell],
    tables: Iterable[TableMapping],
    observations: Iterable[Observation],
    observation_status: Mapping[tuple[str, str, str, str], str],
    results: Iterable[ValidationResult],
) -> dict[CellKey, str]:
    """Every cell's status (see the module docstring); ``observation_status`` maps an
    observation's key to its status, ``tables`` says which tables a family maps."""
    mapped = {(t.paper_sha256, t.table_id) for t in tables if t.status == "mapped"}
    by_family: dict[CellKey, str] = {}
    for o in observations:
        _worst(by_family, cell_key(o), observation_status.get(o.key, "passed"))
    by_cells = cell_results(results)
    out: dict[CellKey, str] = {}
    for c in cells:
        key = cell_key(c)
        if (c.paper_sha256, c.table_id) in mapped:
            out[key] = by_family.get(key, "not_checked")
        else:
            out[key] = by_cells.get(key, "passed")
    return out
