"""A jump between consecutive periods of a series beyond a configurable bound is a
warning (worth a look, not a failure): percentage points for percentages, a fraction of
the earlier value for everything else.

Consecutive means adjacent among the distinct periods of the same length reported for
the series and category across all papers (a span total such as "Total referrals in
period" is not a step of the quarters it totals).  Plans and forecasts are not checked.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence

from boardpack.models import ValidationResult
from boardpack.validation.checks.base import Check, CheckContext, label
from boardpack.validation.checks.config import CheckConfig
from boardpack.validation.checks.dates import iso_day
from boardpack.validation.checks.numbers import figure, fmt
from schemas.records import Observation

_DAYS_PER_MONTH = 30.44
_SeriesKey = tuple[str, str, int]
"""(series_id, category_id, period length in whole months)."""


def _months(o: Observation) -> int | None:
    """The period's length rounded to whole months (0 for a day); None if unreadable."""
    start, end = iso_day(o.period_start), iso_day(o.period_end)
    if start is None or end is None:
        return None
    return round(((end - start).days + 1) / _DAYS_PER_MONTH)


def _series(ctx: CheckContext) -> dict[_SeriesKey, dict[str, Observation]]:
    """One figure per period (keyed by start date) of every series, category and period
    length; when several papers report a period, the latest paper's figure."""
    out: dict[_SeriesKey, dict[str, Observation]] = defaultdict(dict)
    for o in sorted(ctx.observations, key=lambda o: ctx.meeting_date(o) or ""):
        rule = ctx.rules.get(o.series_id)
        months = _months(o)
        if figure(o) is None or months is None or (rule is not None and rule.forward_looking):
            continue
        out[(o.series_id, o.category_id, months)][o.period_start] = o
    return out


def jump(before: Observation, after: Observation, config: CheckConfig) -> tuple[float, float, str] | None:
    """(size, bound, unit text) of the step between two figures; None when it cannot be
    measured (a rise from zero has no relative size)."""
    a, b = figure(before) or 0.0, figure(after) or 0.0
    if before.unit == "percent":
        return abs(b - a), config.jump_points, "percentage points"
    if a == 0:
        return None
    return abs(b - a) / abs(a), config.jump_relative, "of the earlier value"


class JumpBetweenPeriods(Check):
    """Consecutive periods of a series do not jump beyond the bound (a warning: worth a look)."""

    name = "jump_between_periods"
    across_papers = True
    severity = "warning"
    knobs = ("jump_points", "jump_relative")

    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """One result per step between consecutive periods."""
        for by_start in _series(ctx).values():
            steps = [by_start[k] for k in sorted(by_start)]
            yield from self.steps(ctx, steps)

    def steps(self, ctx: CheckContext, series: Sequence[Observation]) -> Iterator[ValidationResult]:
        """Results for each consecutive pair of one series."""
        for before, after in itertools.pairwise(series):
            measured = jump(before, after, ctx.config)
            if measured is None:
                continue
            size, bound, unit = measured
            ok = size <= bound
            shown = fmt(size, 2) if unit == "percentage points" else f"{size:.0%}"
            limit = fmt(bound, 2) if unit == "percentage points" else f"{bound:.0%}"
            msg = (f"{label(after)}: {before.value_text} ({before.period_label}, {before.paper_file}) → "
                   f"{after.value_text} ({after.period_label}): a change of {shown} {unit}, "
                   f"{'within' if ok else 'beyond'} the bound of {limit}")  # fmt: skip
            yield self.result(after, msg, success=ok, severity="warning",
                              expected=f"change <= {limit} {unit}", observed=shown)  # fmt: skip
