"""Parts add up to their stated total, down a column and across a row, section by section.

Counts must add up exactly; rounded figures (money, FTE, averages) within rounding: each
printed figure may be off by half a unit of its last printed digit, the parts and the
total alike, so the slack is the sum of those half units ((n + 1) × ½ unit for n parts of
one precision).  A £1 gap between whole-pound figures is therefore never an error.

A figure carrying a note (``£8,009,320 - one off back log maintenance saving``) is not
taken as an ordinary part: a merged note cell does not belong to the column it was read
into.  When a total misses its parts by exactly such a figure, the discrepancy is
reported as a warning with the note's text, not hidden.
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


@dataclass(frozen=True)
class _Sum:
    """The arithmetic of one line: ordinary parts, their sum and the slack."""

    parts: tuple[Observation, ...]
    total: float
    value: float
    tolerance: float
    decimals: int

    @property
    def difference(self) -> float:
        """Stated total minus the sum of the parts."""
        return self.total - self.value

    def text(self, relation: str) -> str:
        """``a + b + c = s <relation> t`` with every figure as printed."""
        terms = " + ".join(show(p) for p in self.parts)
        return f"{terms} = {fmt(self.value, self.decimals)} {relation} {fmt(self.total, self.decimals)}"


def _arithmetic(line: TotalLine, parts: Sequence[Observation], total: float, exact: bool) -> _Sum:
    """Sum the parts and derive the rounding slack from the printed precision."""
    value = sum(figure(p) or 0.0 for p in parts)
    tolerance = sum(slack(p, exact) for p in parts) + slack(line.total, exact)
    return _Sum(tuple(parts), total, value, tolerance, places([*parts, line.total]))


def _note_text(note: Observation) -> str:
    """Where a note sits and what it says."""
    return f"row {note.row}, col {note.col}: {note.value_text!r}"


def _explaining(notes: Sequence[Observation], difference: float, tolerance: float) -> Observation | None:
    """The note whose figure accounts for the difference, if one does."""
    return next((n for n in notes if within(difference - (figure(n) or 0.0), tolerance)), None)


class PartsSumToTotal(Check):
    """Totals equal the sum of their parts (down, across, section by section; within printed rounding).

    Checks ``aggregate: sum`` series."""

    name = "parts_sum_to_total"
    aggregates = frozenset({"sum"})

    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """One result per total of every summed series in every table."""
        for grid in ctx.tables.values():
            for series in grid.series():
                rule = ctx.rules.get(series)
                if rule is not None and rule.aggregate == "sum":
                    yield from self._series(grid, rule)

    def _series(self, grid: TableGrid, rule: SeriesRule) -> Iterator[ValidationResult]:
        """Check every line of one series in one table."""
        notes = grid.with_status(rule.series_id, "note")
        for line in grid.lines(rule.series_id):
            result = self.line(line, rule, notes)
            if result is not None:
                yield result

    def line(
        self, line: TotalLine, rule: SeriesRule, notes: Sequence[Observation]
    ) -> ValidationResult | None:
        """The result of one total against its parts; None when there is nothing to add
        (no stated total, or no figure among the parts)."""
        total = figure(line.total)
        if total is None:
            return None
        unreadable = [p for p in line.parts if p.value_status == "invalid"]
        if unreadable:
            return self._unverifiable(line, unreadable)
        ordinary = [p for p in line.parts if figure(p) is not None and p.value_status != "note"]
        in_line = [p for p in line.parts if p.value_status == "note"]
        if not ordinary and not in_line:
            return None
        with_notes = _arithmetic(line, [*ordinary, *in_line], total, rule.exact)
        if in_line and within(with_notes.difference, with_notes.tolerance):
            return self._passed(line, with_notes, "the note figure is part of this total")
        plain = _arithmetic(line, ordinary, total, rule.exact)
        if within(plain.difference, plain.tolerance):
            why = f"the note figure at {_note_text(in_line[0])} is not part of it" if in_line else ""
            return self._passed(line, plain, why)
        return self._failed(line, plain, rule, _explaining(notes, plain.difference, plain.tolerance))

    def _passed(self, line: TotalLine, s: _Sum, why: str) -> ValidationResult:
        """A total that its parts make up (within rounding)."""
        relation = "=" if s.difference == 0 else "≈"
        extra = f"; {why}" if why else ""
        msg = f"{label(line.total)} ({line.direction}): {s.text(relation)}{extra}"
        return self.result(line.total, msg, success=True, expected=fmt(s.value, s.decimals),
                           observed=line.total.value_text)  # fmt: skip

    def _failed(
        self, line: TotalLine, s: _Sum, rule: SeriesRule, note: Observation | None
    ) -> ValidationResult:
        """A total its parts miss: an error, or a warning when a note explains the gap."""
        slack_text = "exact count" if rule.exact else f"rounding allows ±{fmt(s.tolerance, s.decimals + 1)}"
        msg = (f"{label(line.total)} ({line.direction}): {s.text('≠')} "
               f"(off by {fmt(s.difference, s.decimals)}; {slack_text})")  # fmt: skip
        if note is not None:
            msg += f"; the difference is explained by the note at {_note_text(note)}"
        return self.result(line.total, msg, success=False, severity="warning" if note else "error",
                           expected=fmt(s.value, s.decimals), observed=line.total.value_text)  # fmt: skip

    def _unverifiable(self, line: TotalLine, unreadable: Sequence[Observation]) -> ValidationResult:
        """A total whose parts include a cell that could not be read as a figure."""
        cells = ", ".join(f"row {p.row}, col {p.col} {p.value_text!r}" for p in unreadable)
        msg = f"{label(line.total)} ({line.direction}): cannot add up the parts, unreadable: {cells}"
        return self.result(line.total, msg, success=False, severity="warning", observed=line.total.value_text)
