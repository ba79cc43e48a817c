"""The same figure (series, category, period) reported in several places agrees within
rounding: each printed value may be off by half a unit of its last digit, so two
reports agree when they differ by at most the sum of their half units (``13.70%`` and
``13.7%`` agree; counts must be equal).

The earliest report (by meeting date, then paper and place) is the reference; each later
report is compared with it and located in the result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from boardpack.models import ValidationResult
from boardpack.validation.checks.base import Check, CheckContext, label
from boardpack.validation.checks.numbers import figure, fmt, slack, within
from schemas.records import Observation

_FigureKey = tuple[str, str, str, str]
"""(series_id, category_id, period_start, period_end)."""


def _where(o: Observation) -> str:
    """Paper, table and cell of a report."""
    return f"{o.paper_file} {o.table_id} row {o.row} col {o.col} p.{o.page}"


class FiguresAgreeAcrossReports(Check):
    """A figure reported more than once agrees with its earliest report (within printed rounding)."""

    name = "figures_agree_across_reports"
    across_papers = True

    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """One result per later report of a figure reported more than once."""
        groups: dict[_FigureKey, list[Observation]] = defaultdict(list)
        for o in ctx.observations:
            if figure(o) is not None:
                groups[(o.series_id, o.category_id, o.period_start, o.period_end)].append(o)
        for reports in groups.values():
            if len(reports) > 1:
                yield from self.compare(ctx, reports)

    def compare(self, ctx: CheckContext, reports: Sequence[Observation]) -> Iterator[ValidationResult]:
        """Each later report against the earliest."""
        ordered = sorted(reports, key=lambda o: (ctx.meeting_date(o) or "", o.paper_file, o.table_id, o.row))
        ref = ordered[0]
        rule = ctx.rules.get(ref.series_id)
        exact = rule is not None and rule.exact
        for o in ordered[1:]:
            a, b = figure(ref) or 0.0, figure(o) or 0.0
            tolerance = slack(ref, exact) + slack(o, exact)
            ok = within(b - a, tolerance)
            d = max(ref.decimals or 0, o.decimals or 0)
            relation = ("=" if a == b else "≈") if ok else "≠"
            msg = (f"{label(o)}: {o.value_text} here {relation} {ref.value_text} at {_where(ref)} "
                   f"(differ by {fmt(b - a, d)}; "
                   f"{'exact count' if exact else 'rounding allows ±' + fmt(tolerance, d + 1)})")  # fmt: skip
            yield self.result(o, msg, success=ok, expected=ref.value_text, observed=o.value_text)
