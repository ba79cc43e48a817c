"""A period printed in a table ends on or before the meeting that received the paper.

A period that ends after the meeting is an error only when nothing explains it:

* a month, quarter, half year or year under way at the meeting (``2024/25`` in a
  November 2024 paper) is the current period: it passes;
* a table that prints a period starting after the meeting looks forward (plans,
  forecasts, targets), and so does a period whose caption or labels say so ("Forecast",
  "Target", "Budget", "required"): its other periods after the meeting are not checked.

Anything else, such as "April 2022 to July 2023" in a September 2022 paper, is an
error: one result per table and period, located at its first cell, naming how many
figures carry it.  A month-only meeting date (``2022-09``) stands for any day of that
month; a paper with no meeting date has nothing to check against (not checked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from boardpack.models import ValidationResult
from boardpack.validation.cell_checks.base import CellCheck, CellContext, span, table_name
from boardpack.validation.cell_checks.words import PLAN, matches
from boardpack.validation.checks.dates import latest_day

PERIOD = ["t", "start", "end"]
"""The key of a period printed in a table."""
REGULAR_MONTHS = (1, 3, 6, 12)
"""Lengths of a period that may be under way at the meeting: month, quarter, half, year."""


def _dates(column: pd.Series, parse: bool = True) -> pd.Series:
    """A column of ISO dates (or meeting dates, with ``parse=False`` read by
    ``latest_day``) as timestamps, converted once per distinct value."""
    values = column.astype(object)
    uniques = pd.unique(values[values.notna()])
    if parse:
        found = dict(
            zip(uniques, pd.to_datetime(pd.Series(uniques, dtype=object), errors="coerce"), strict=True)
        )
    else:
        found = {u: pd.Timestamp(d) if (d := latest_day(str(u))) else pd.NaT for u in uniques}
    return pd.to_datetime(values.map(found))


def dated_periods(cells: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per (table, period) printed: its first cell (``at``), the period, the
    meeting's last possible day (``meeting_day``, NaT when unknown) and whether the
    caption or labels of its cells speak of plans; and the dated cells themselves (``t``,
    ``start``, ``end``, ``row``, ``col``, ``at``), in table order."""
    dated = cells[cells["period_end"].notna() & cells["period_start"].notna()]
    plan = (
        matches(dated["caption"], PLAN)
        | matches(dated["row_labels"], PLAN)
        | matches(dated["col_labels"], PLAN)
    )
    frame = pd.DataFrame({
        "t": dated["t"].to_numpy(), "start": _dates(dated["period_start"]).to_numpy(),
        "end": _dates(dated["period_end"]).to_numpy(),
        "meeting_day": _dates(dated["meeting_date"], parse=False).to_numpy(), "plan": plan,
        "at": dated.index.to_numpy(), "row": dated["row"].to_numpy(), "col": dated["col"].to_numpy(),
    }).sort_values(["t", "row", "col"])  # fmt: skip
    grouped = frame.groupby(PERIOD, sort=False).agg(
        at=("at", "first"), meeting_day=("meeting_day", "first"), plan=("plan", "max")
    )
    return grouped.reset_index(), frame


def members(frame: pd.DataFrame, periods: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The cells (``rows``, ``cols``, in table order) carrying ``periods``, grouped by
    ``by`` (columns of ``periods``): lists made only for the periods a result names."""
    extra = [c for c in by if c not in PERIOD]
    joined = frame[[*PERIOD, "row", "col"]].merge(periods[[*PERIOD, *extra]], on=PERIOD)
    return joined.groupby(by, sort=False).agg(rows=("row", list), cols=("col", list))


def judge(periods: pd.DataFrame) -> pd.DataFrame:
    """The periods with a ``verdict``: passed, current (under way at the meeting),
    failed, undated (no meeting date) or forward (a plan, forecast or target)."""
    out = periods.copy()
    after = out["end"] > out["meeting_day"]
    future = (out["start"] > out["meeting_day"]).groupby(out["t"]).transform("max")
    months = (
        (out["end"].dt.year - out["start"].dt.year) * 12 + out["end"].dt.month - out["start"].dt.month + 1
    )
    regular = (out["start"].dt.day == 1) & out["end"].dt.is_month_end & months.isin(REGULAR_MONTHS)
    current = (out["start"] <= out["meeting_day"]) & regular
    out["verdict"] = np.select(
        [out["meeting_day"].isna(), ~after, current, future | out["plan"]],
        ["undated", "passed", "current", "forward"],
        "failed",
    )
    return out


class CellPeriodBeforeMeeting(CellCheck):
    """Periods printed in a table end on or before the meeting that received the paper (plans and current periods excepted).

    A table that looks forward (a period starting after the meeting, or plan, forecast
    or target in its labels) is reported as not checked."""

    name = "cell_period_before_meeting"

    def validate(self, ctx: CellContext) -> Iterator[ValidationResult]:
        """One result per late period; per table, one for the periods that pass and one
        per reason some were not checked."""
        periods, frame = dated_periods(ctx.cells)
        periods = judge(periods)
        late = periods[periods["verdict"] == "failed"]
        late = late.merge(members(frame, late, PERIOD).reset_index(), on=PERIOD)
        for period, first in zip(late.itertuples(index=False), ctx.records(late["at"]), strict=True):
            yield self.late(period, first)
        fine = periods[periods["verdict"].isin(("passed", "current"))]
        tables = (
            fine.assign(current=fine["verdict"] == "current")
            .groupby("t", sort=False)
            .agg(at=("at", "first"), n=("at", "size"), current=("current", "sum"))
        )
        for (n, current), first in zip(tables[["n", "current"]].itertuples(index=False),
                                       ctx.records(tables["at"]), strict=True):  # fmt: skip
            extra = f" ({current} under way at it: the current month, quarter or year)" if current else ""
            msg = f"{table_name(first)}: {n} period(s) end by the meeting date {first.meeting_date}{extra}"
            yield self.result(first, msg, success=True)
        undecided = periods[periods["verdict"].isin(("forward", "undated"))]
        groups = undecided.groupby(["t", "verdict"], sort=False).agg(at=("at", "first"), ats=("at", list))
        groups = groups.join(members(frame, undecided, ["t", "verdict"]))
        labels = ctx.cells["period_label"].astype(object).to_numpy()
        for (verdict, rows, cols, ats), first in zip(
            groups.reset_index()[["verdict", "rows", "cols", "ats"]].itertuples(index=False),
            ctx.records(groups["at"]), strict=True,
        ):  # fmt: skip
            yield self.not_checked(first, str(verdict), rows, cols, sorted({str(labels[a]) for a in ats}))

    def late(self, period: object, first: object) -> ValidationResult:
        """A period that ends after the meeting with nothing to explain it."""
        p: Any = period
        cell: Any = first
        meeting = str(cell.meeting_date)
        last = p.meeting_day.date().isoformat()
        taken = "" if meeting == last else f" (taken as {last})"
        end = p.end.date().isoformat()
        msg = (f"{table_name(cell)}: period {p.start.date()} to {end} ({cell.period_label!r}, from the "
               f"{cell.period_from}) ends after the meeting date {meeting}{taken}: {end} > {last}; "
               f"{len(p.rows)} figure(s) in rows {span(p.rows)}, cols {span(p.cols)}; not a plan (no later "
               "period, no plan or forecast in its labels) and not a month, quarter or year under way at the "
               "meeting")  # fmt: skip
        return self.result(cell, msg, success=False, expected=f"<= {last}", observed=end,
                           also=list(zip(p.rows, p.cols, strict=True)))  # fmt: skip

    def not_checked(self, first: object, verdict: str, rows: list[int], cols: list[int], labels: list[str]
                    ) -> ValidationResult:  # fmt: skip
        """The periods of one table that could not be checked, as one result."""
        if verdict == "undated":
            why = "the paper has no meeting date to check them against"
        else:
            why = ("the table looks forward (a period starting after the meeting, or plan, forecast or target in "
                   "its labels): periods after the meeting may be plans")  # fmt: skip
        msg = f"not checked: {table_name(first)}: period(s) {', '.join(labels)}: {why}"
        return self.result(first, msg, success=True, checked=False, also=list(zip(rows, cols, strict=True)))
