"""The grid of one table as its observations describe it: total rows and columns, and
the lines (a total with its parts) that a check can add up.

A row is a total row when every figure in it is a total and it crosses at least one
ordinary column (so a lone total column does not make every row a total row); columns
likewise.  The parts of a total row are the ordinary rows between the previous total
row and it, so sections that each end in a total are checked section by section.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from schemas.records import Observation

TableKey = tuple[str, str]
"""(paper_sha256, table_id)."""

Place = tuple[int, int]
"""(row, col) in the table's full grid."""

Direction = Literal["down", "across"]


@dataclass(frozen=True)
class TotalLine:
    """A total cell and the parts printed beside it (down its column or across its row)."""

    total: Observation
    parts: tuple[Observation, ...]
    direction: Direction


def _all_total(observations: Sequence[Observation], axis: Literal["row", "col"]) -> dict[int, bool]:
    """For each row (or column) index: are all its observations totals?"""
    flags: dict[int, bool] = {}
    for o in observations:
        i = o.row if axis == "row" else o.col
        flags[i] = flags.get(i, True) and o.is_total
    return flags


def _totals(observations: Sequence[Observation]) -> tuple[frozenset[int], frozenset[int]]:
    """The total rows and total columns of one table (see the module docstring)."""
    rows, cols = _all_total(observations, "row"), _all_total(observations, "col")
    crosses_row: dict[int, bool] = defaultdict(bool)
    crosses_col: dict[int, bool] = defaultdict(bool)
    for o in observations:
        crosses_row[o.row] |= not cols[o.col]
        crosses_col[o.col] |= not rows[o.row]
    total_rows = frozenset(r for r, t in rows.items() if t and crosses_row[r])
    total_cols = frozenset(c for c, t in cols.items() if t and crosses_col[c])
    return total_rows, total_cols


def segment(indices: Sequence[int], totals: frozenset[int], at: int) -> list[int]:
    """The ordinary indices a total at ``at`` covers: those after the previous total and
    before ``at``; when there are none (a total printed first), those after ``at`` up to
    the next total."""
    before: list[int] = []
    for i in indices:
        if i >= at:
            break
        before = [] if i in totals else [*before, i]
    if before:
        return before
    after: list[int] = []
    for i in indices:
        if i <= at:
            continue
        if i in totals:
            break
        after.append(i)
    return after


class TableGrid:
    """The observations of one table, by series and place, with its total rows/columns."""

    def __init__(self, observations: Sequence[Observation]) -> None:
        self.observations = list(observations)
        self.total_rows, self.total_cols = _totals(self.observations)
        self.rows = sorted({o.row for o in self.observations})
        self.cols = sorted({o.col for o in self.observations})
        self.cells: dict[str, dict[Place, Observation]] = defaultdict(dict)
        for o in self.observations:
            self.cells[o.series_id][(o.row, o.col)] = o

    @property
    def first(self) -> Observation:
        """Any observation of the table (for paper and table provenance)."""
        return self.observations[0]

    def series(self) -> list[str]:
        """The series present in the table, sorted."""
        return sorted(self.cells)

    def lines(self, series_id: str) -> Iterator[TotalLine]:
        """Every total of the series with its parts, down the column for a total row and
        across the row for a total column (a grand total cell gives both)."""
        cells = self.cells.get(series_id, {})
        for (r, c), total in sorted(cells.items()):
            if r in self.total_rows:
                parts = [cells[(i, c)] for i in segment(self.rows, self.total_rows, r) if (i, c) in cells]
                yield TotalLine(total, tuple(parts), "down")
            if c in self.total_cols:
                parts = [cells[(r, j)] for j in segment(self.cols, self.total_cols, c) if (r, j) in cells]
                yield TotalLine(total, tuple(parts), "across")

    def with_status(self, series_id: str, status: str) -> list[Observation]:
        """The series' observations in the table with a given value status, in grid order."""
        cells = self.cells.get(series_id, {})
        return [o for _, o in sorted(cells.items()) if o.value_status == status]


def table_grids(observations: Sequence[Observation]) -> dict[TableKey, TableGrid]:
    """One grid per (paper, table), in first-seen order."""
    groups: dict[TableKey, list[Observation]] = defaultdict(list)
    for o in observations:
        groups[(o.paper_sha256, o.table_id)].append(o)
    return {k: TableGrid(v) for k, v in groups.items()}
