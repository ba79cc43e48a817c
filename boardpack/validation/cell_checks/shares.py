"""Percentages that are shares of one whole make 100, where the table says they are.

Two structures say so, and only these are checked:

* a total printed as 100% (``Grand Total 100%``): its parts, down its column or across
  its row, must make 100 within their printed rounding (100 itself is exact).  A miss of
  more than ``SHARE_BAND`` points is not a slip but parts of another kind (rates beside a
  100% total): not checked.
* a line of percentages whose label calls them parts of a whole (``% of all outcomes``,
  ``Percentage of referrals``, ``Proportion``, ``Share``) and that prints no total: a
  line need not list every part, so a sum short of 100 may be right; within rounding it
  passes, within ``LABELLED_BAND`` points it is a warning, further off it is not checked.

A line of percentages with neither (rates by group, a time series) is no claim about a
whole and is left alone; a total of rates is reported by the sums check as not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from boardpack.models import ValidationResult
from boardpack.validation.cell_checks.base import CellCheck, CellContext, fmt, printed, span, where, within
from boardpack.validation.cell_checks.lines import line_parts
from boardpack.validation.cell_checks.sums import is_hundred
from boardpack.validation.cell_checks.words import NOT_ADDITIVE, SHARE, matches

WHOLE = 100.0
SHARE_BAND = 10.0
"""Points a 100% total's parts may miss by and still be taken for its shares."""
LABELLED_BAND = 1.0
"""Points a labelled share line may miss 100 by and still draw a warning."""


def hundred_lines(cells: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """The lines whose total is a percentage printed as 100, with their parts' sum, its
    slack and whether their labels call the figures rates (then not shares)."""
    out = lines[is_hundred(lines) & (lines["n"] >= 2)].copy()
    total = cells.iloc[out["at"].to_numpy()]
    out["rates"] = matches(total["row_labels"], NOT_ADDITIVE) | matches(total["col_labels"], NOT_ADDITIVE)
    return out


def labelled_lines(cells: pd.DataFrame) -> pd.DataFrame:
    """Lines of percentages labelled as shares that print no total: one row per line
    (``direction``, table ``t``, ``key``), with its parts' count, sum, slack and most
    decimals, its cells (``members``, positions in ``cells``, in order) and its last."""
    percent = (cells["unit"].astype(str) == "percent").to_numpy() & cells["fig"].notna().to_numpy()
    ordinary = percent & ~cells["row_is_total"].to_numpy(bool) & ~cells["col_is_total"].to_numpy(bool)
    t = cells["t"].to_numpy(dtype="int64")
    section = pd.factorize(cells["section"].astype(object))[0].astype("int64") + 1
    found = []
    for direction, fixed, along, labels, flag in (
        ("down", "col", "row", "col_labels", "row_is_total"),
        ("across", "row", "col", "row_labels", "col_is_total"),
    ):
        index = cells[fixed].to_numpy(dtype="int64")
        line = t * (int(index.max(initial=0)) + 1) + index
        totalled = np.isin(line, line[percent & cells[flag].to_numpy(bool)])
        pick = np.flatnonzero(ordinary & matches(cells[labels], SHARE) & ~totalled)
        if not len(pick):
            continue
        # A column of shares may hold one whole per section.
        key = line[pick] * (int(section.max()) + 1) + section[pick] if direction == "down" else line[pick]
        frame = pd.DataFrame({"key": key, "at": pick, "along": cells[along].to_numpy()[pick],
                              "fig": cells["fig"].to_numpy()[pick], "half": cells["half"].to_numpy()[pick],
                              "dec": cells["dec"].to_numpy()[pick]}).sort_values(["key", "along"])  # fmt: skip
        grouped = frame.groupby("key", sort=False).agg(
            n=("fig", "size"), sum=("fig", "sum"), half=("half", "sum"), dec=("dec", "max"), members=("at", list),
            at=("at", "last"),
        )  # fmt: skip
        found.append(grouped[grouped["n"] >= 2].assign(direction=direction))
    columns = ["n", "sum", "half", "dec", "members", "at", "direction"]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)


class CellSharesSumTo100(CellCheck):
    """Percentages the table shows to be shares of one whole (a 100% total, or labels such as "% of") make 100 within printed rounding.

    A 100% total whose parts miss is an error; a labelled line that misses slightly is a
    warning (a part may be left out); what is further off is reported as not checked."""

    name = "cell_shares_sum_to_100"

    def validate(self, ctx: CellContext) -> Iterator[ValidationResult]:
        """One result per line of shares."""
        hundreds = hundred_lines(ctx.cells, ctx.lines)
        parts = line_parts(ctx.cells, hundreds)
        for i, line, total in zip(hundreds.index, hundreds.itertuples(index=False), ctx.records(hundreds["at"]),
                                  strict=True):  # fmt: skip
            members = ctx.records(parts.get(int(i), []))
            yield self.hundred(line, total, members)
        labelled = labelled_lines(ctx.cells)
        for line, last in zip(labelled.itertuples(index=False), ctx.records(labelled["at"]), strict=True):
            yield self.labelled(line, last, ctx.records(line.members))

    def hundred(self, line: Any, total: Any, parts: list[Any]) -> ValidationResult:
        """The parts of a 100% total against 100."""
        d = int(np.nan_to_num(float(line.dec), nan=0.0))
        off = float(line.sum) - WHOLE
        text = (f"{where(total)} ({line.direction}): shares {' + '.join(printed(p) for p in parts)} = "
                f"{fmt(line.sum, d)} against the printed {total.value_text} (rounding allows "
                f"±{fmt(line.half, d + 1)})")  # fmt: skip
        also = [(p.row, p.col) for p in parts]
        if line.rates:
            return self.result(total, f"not checked: {text}: its labels call the figures rates, not shares",
                               success=True, checked=False, also=also)  # fmt: skip
        if within(off, float(line.half)):
            return self.result(
                total, text, success=True, expected="100", observed=fmt(line.sum, d), also=also
            )
        if abs(off) > SHARE_BAND:
            return self.result(total, f"not checked: {text}: off by more than {fmt(SHARE_BAND, 0)} points, "
                               "so not shares of this total", success=True, checked=False, also=also)  # fmt: skip
        return self.result(total, f"{text}: off by {fmt(off, d)}", success=False, expected="100",
                           observed=fmt(line.sum, d))  # fmt: skip

    def labelled(self, line: Any, last: Any, members: list[Any]) -> ValidationResult:
        """A labelled line of shares (no total printed) against 100."""
        d = int(np.nan_to_num(float(line.dec), nan=0.0))
        along = "rows" if line.direction == "down" else "cols"
        indices = span([m.row if line.direction == "down" else m.col for m in members])
        text = (f"{where(last)} ({line.direction}, {along} {indices}): shares "
                f"{' + '.join(printed(m) for m in members)} = {fmt(line.sum, d)} against 100 (rounding allows "
                f"±{fmt(line.half, d + 1)})")  # fmt: skip
        also = [(m.row, m.col) for m in members]
        off = float(line.sum) - WHOLE
        if within(off, float(line.half)):
            return self.result(last, text, success=True, expected="100", observed=fmt(line.sum, d), also=also)
        if abs(off) > LABELLED_BAND:
            return self.result(last, f"not checked: {text}: off by {fmt(off, d)}; the line may not print every "
                               "part of its whole", success=True, checked=False, also=also)  # fmt: skip
        return self.result(last, f"{text}: off by {fmt(off, d)} (a slip, or a part not printed)", success=False,
                           severity="warning", expected="100", observed=fmt(line.sum, d), also=also)  # fmt: skip
