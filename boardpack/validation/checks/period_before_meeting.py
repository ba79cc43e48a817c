"""A reported period ends on or before the meeting that received the paper.

A month-only meeting date (``2022-09``) stands for any day of that month, so a period is
late only when it ends after the month's last day.  Plans and forecasts (forward-looking
families) are exempt, and so are periods the mapping took from the meeting itself (no
period printed: "meeting date …", "meeting year …"), which report nothing about the
paper.  One result per table and period: every figure of a table shares
its caption's period, and one typo should read as one finding, located at the first
figure carrying it (the message counts the figures it affects).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from boardpack.models import ValidationResult
from boardpack.validation.checks.base import Check, CheckContext
from boardpack.validation.checks.dates import iso_day, latest_day
from schemas.records import Observation

_ASSUMED = ("meeting date", "meeting month", "meeting year")
"""Labels schemas/mapping.py gives periods it took from the meeting, not from the page."""

_PeriodKey = tuple[str, str, str, str]
"""(paper_sha256, table_id, period_start, period_end)."""


def _by_table_period(ctx: CheckContext) -> dict[_PeriodKey, list[Observation]]:
    """Observations of reported (not forward-looking) series by table and period."""
    groups: dict[_PeriodKey, list[Observation]] = defaultdict(list)
    for o in ctx.observations:
        rule = ctx.rules.get(o.series_id)
        if o.period_label.startswith(_ASSUMED):
            continue
        if rule is None or not rule.forward_looking:
            groups[(o.paper_sha256, o.table_id, o.period_start, o.period_end)].append(o)
    return groups


class PeriodBeforeMeeting(Check):
    """Reported periods end on or before the meeting that received the paper (plans exempt)."""

    name = "period_before_meeting"

    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """One result per (paper, table, period) whose meeting date and period are known."""
        for cells in _by_table_period(ctx).values():
            result = self.period(ctx, cells)
            if result is not None:
                yield result

    def period(self, ctx: CheckContext, cells: Sequence[Observation]) -> ValidationResult | None:
        """The result for one period of one table; None when a date is unknown."""
        first = min(cells, key=lambda o: (o.row, o.col))
        meeting = ctx.meeting_date(first)
        last_day, end = latest_day(meeting), iso_day(first.period_end)
        if last_day is None or end is None:
            return None
        taken = "" if meeting == last_day.isoformat() else f" (taken as {last_day.isoformat()})"
        what = f"period {first.period_start} to {first.period_end} ({first.period_label!r})"
        if end <= last_day:
            msg = f"{what} ends on or before the meeting date {meeting}{taken}"
            return self.result(first, msg, success=True, expected=f"<= {last_day}", observed=first.period_end)
        msg = (f"{what} ends after the meeting date {meeting}{taken}: {first.period_end} > {last_day}; "
               f"{len(cells)} figure(s) in rows {_span(o.row for o in cells)}, "
               f"cols {_span(o.col for o in cells)}")  # fmt: skip
        return self.result(first, msg, success=False, expected=f"<= {last_day}", observed=first.period_end,
                           also=cells)  # fmt: skip


def _span(indices: Iterator[int]) -> str:
    """``3`` or ``1-4`` for a set of indices."""
    values = sorted(set(indices))
    return str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}"
