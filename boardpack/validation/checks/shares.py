"""Percentage shares of one whole sum to 100 within rounding (each printed share may be off
by half a unit of its last digit; 100 itself is exact).  A printed total of the shares
("Grand Total 100%") must itself be 100 within its rounding.

The shares of one whole are the ordinary cells of a share series in one table that lie in
one row or one column (periods may differ: "120 (10%)" shares of an uplift spread over
years); in a grid, each column is a whole, or each row when the table has a total column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from boardpack.models import ValidationResult
from boardpack.validation.checks.base import Check, CheckContext, label
from boardpack.validation.checks.numbers import figure, fmt, places, show, slack, within
from boardpack.validation.checks.table_lines import TableGrid
from schemas.records import Observation

WHOLE = 100.0


def wholes(grid: TableGrid, series_id: str) -> list[list[Observation]]:
    """The observations of a share series grouped into wholes (see the module docstring),
    totals included, in grid order."""
    cells = [o for _, o in sorted(grid.cells.get(series_id, {}).items())]
    ordinary = [o for o in cells if o.row not in grid.total_rows and o.col not in grid.total_cols]
    across = len({o.row for o in ordinary}) <= 1 or bool(grid.total_cols)
    groups: dict[int, list[Observation]] = defaultdict(list)
    for o in cells:
        groups[o.row if across else o.col].append(o)
    return list(groups.values())


class SharesSumTo100(Check):
    """The shares of one whole, and any printed total of them, make 100 % (within printed rounding).

    Checks ``aggregate: share`` series."""

    name = "shares_sum_to_100"
    aggregates = frozenset({"share"})

    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """One result per whole, plus one per printed total of shares that is not 100."""
        for grid in ctx.tables.values():
            for series in grid.series():
                rule = ctx.rules.get(series)
                if rule is None or rule.aggregate != "share":
                    continue
                for whole in wholes(grid, series):
                    yield from self.whole(grid, whole)

    def whole(self, grid: TableGrid, cells: Sequence[Observation]) -> Iterator[ValidationResult]:
        """Results for one whole: the parts against 100, and any printed total."""
        is_total = [o.row in grid.total_rows or o.col in grid.total_cols for o in cells]
        parts = [o for o, t in zip(cells, is_total, strict=True) if not t and figure(o) is not None]
        totals = [o for o, t in zip(cells, is_total, strict=True) if t and figure(o) is not None]
        if len(parts) >= 2:
            yield self._parts(parts, totals)
        for total in totals:
            if not within((figure(total) or 0.0) - WHOLE, slack(total, False)):
                msg = f"{label(total)}: a total of shares is printed as {total.value_text}, not 100%"
                yield self.result(total, msg, success=False, expected="100", observed=total.value_text)

    def _parts(self, parts: Sequence[Observation], totals: Sequence[Observation]) -> ValidationResult:
        """The shares of one whole against 100."""
        value = sum(figure(p) or 0.0 for p in parts)
        tolerance = sum(slack(p, False) for p in parts)
        d = places(parts)
        ok = within(value - WHOLE, tolerance)
        relation = "=" if value == WHOLE else ("≈" if ok else "≠")
        terms = " + ".join(show(p) for p in parts)
        rows, cols = {p.row for p in parts}, {p.col for p in parts}
        where_text = "grid"
        if len(rows) == 1 or len(cols) == 1:
            where_text = f"row {parts[0].row}" if len(rows) == 1 else f"col {parts[0].col}"
        msg = (f"{parts[0].series_id}, shares in {where_text}: {terms} = {fmt(value, d)} {relation} 100 "
               f"(rounding allows ±{fmt(tolerance, d + 1)})")  # fmt: skip
        where = totals[0] if totals else parts[-1]
        return self.result(where, msg, success=ok, expected="100", observed=fmt(value, d))
