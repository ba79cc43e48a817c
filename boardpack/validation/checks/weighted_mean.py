"""An overall percentage equals the count-weighted mean of its parts, where the counts are
printed in the same table (e.g. Female % of all hires vs the Female % and Recruits of each
entry route).

Each printed percentage may be off by half a unit of its last digit; a weighted mean of
parts is off by at most the largest of theirs, and the stated overall by its own half
unit, so the slack is their sum.  The counts are exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from boardpack.models import ValidationResult
from boardpack.validation.checks.base import Check, CheckContext, label
from boardpack.validation.checks.numbers import figure, fmt, places, show, slack, within
from boardpack.validation.checks.rules import SeriesRule
from boardpack.validation.checks.table_lines import TableGrid, TotalLine
from schemas.records import Observation

_CellKey = tuple[str, str, str]
"""(category_id, period_start, period_end): what ties a percentage to its count."""


def _key(o: Observation) -> _CellKey:
    """The category and period of an observation."""
    return (o.category_id, o.period_start, o.period_end)


@dataclass(frozen=True)
class _Mean:
    """The arithmetic of one weighted mean."""

    terms: tuple[tuple[Observation, Observation], ...]
    numerator: float
    denominator: float
    tolerance: float

    @property
    def value(self) -> float:
        """Σ count × percentage / Σ count."""
        return self.numerator / self.denominator

    def text(self, decimals: int) -> str:
        """``(w1 × p1 + …) / (w1 + …) = N / D = m``."""
        products = " + ".join(f"{show(w)} × {show(p)}" for p, w in self.terms)
        weights = " + ".join(show(w) for _, w in self.terms)
        return (f"({products}) / ({weights}) = {fmt(self.numerator, decimals)} / "
                f"{fmt(self.denominator, 0)} = {fmt(self.value, decimals + 2)}")  # fmt: skip


def _mean(line: TotalLine, terms: Sequence[tuple[Observation, Observation]], exact: bool) -> _Mean:
    """The weighted mean of the parts and its rounding slack."""
    numerator = sum((figure(p) or 0.0) * (figure(w) or 0.0) for p, w in terms)
    denominator = sum(figure(w) or 0.0 for _, w in terms)
    part_slack = max((slack(p, exact) for p, _ in terms), default=0.0)
    return _Mean(tuple(terms), numerator, denominator, part_slack + slack(line.total, exact))


class WeightedMeanOfParts(Check):
    """An overall percentage is the count-weighted mean of its parts (within printed rounding).

    Checks ``aggregate: weighted_mean`` series whose ``weight`` series is in the table."""

    name = "weighted_mean_of_parts"
    aggregates = frozenset({"weighted_mean"})

    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """One result per overall figure of every weighted series in every table."""
        for grid in ctx.tables.values():
            for series in grid.series():
                rule = ctx.rules.get(series)
                if rule is None or rule.aggregate != "weighted_mean" or rule.weight is None:
                    continue
                weights = {_key(o): o for o in grid.cells.get(rule.weight, {}).values()}
                if weights:
                    yield from self._series(grid, rule, weights)

    def _series(
        self, grid: TableGrid, rule: SeriesRule, weights: dict[_CellKey, Observation]
    ) -> Iterator[ValidationResult]:
        """Check every overall figure of one series against its weighted parts."""
        for line in grid.lines(rule.series_id):
            result = self.line(line, rule, weights)
            if result is not None:
                yield result

    def line(
        self, line: TotalLine, rule: SeriesRule, weights: dict[_CellKey, Observation]
    ) -> ValidationResult | None:
        """The result for one overall figure; None when it or its parts carry no figure."""
        stated = figure(line.total)
        parts = [p for p in line.parts if figure(p) is not None]
        if stated is None or not parts:
            return None
        terms = [(p, weights[_key(p)]) for p in parts if _key(p) in weights]
        unweighted = [p for p in parts if _key(p) not in weights or figure(weights[_key(p)]) is None]
        if unweighted:
            cells = ", ".join(f"row {p.row}, col {p.col}" for p in unweighted)
            msg = f"{label(line.total)}: no {rule.weight} count for the part(s) at {cells}"
            return self.result(line.total, msg, success=False, severity="warning",
                               observed=line.total.value_text)  # fmt: skip
        m = _mean(line, terms, rule.exact)
        if m.denominator == 0:
            return None
        d = places([*parts, line.total])
        ok = within(stated - m.value, m.tolerance)
        relation = "≈" if ok else "≠"
        msg = (f"{label(line.total)} ({line.direction}, weighted by {rule.weight}): {m.text(d)} "
               f"{relation} {show(line.total)} (rounding allows ±{fmt(m.tolerance, d + 1)})")  # fmt: skip
        return self.result(line.total, msg, success=ok, expected=fmt(m.value, d + 2),
                           observed=line.total.value_text)  # fmt: skip
