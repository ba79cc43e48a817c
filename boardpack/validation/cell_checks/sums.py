"""Parts add up to a row or column labelled as a total, when the table's structure says
the total is a sum: strict about what it calls an error.

Without a family, a check must infer what a total line is.  A line whose parts add up
(exact for whole counts, within printed rounding otherwise: half a unit of each printed
figure's last digit, the total's too) passes whatever it is.  One that does not is an
error only when the structure says it is a sum:

* its figures are counts or money (a quantity with decimals, such as FTE or hours, only
  when the miss is small); not percentages (a total of percentages is a rate or an
  average; a 100% total is the shares check's), durations, or figures its labels call
  averages, rates or ratios; and a total labelled as a change is a difference;
* and most of the table's other totals in the same direction add up, or the miss is
  small against the total (at most 1% of it): a publisher's slip, not another relation.

Everything else that does not add up is reported as not checked, with the reason; a
line with an unreadable part likewise.  When a note figure printed in the table
accounts for the miss (``£8,009,320 - one off saving``), the miss is a warning naming
the note, not an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from boardpack.models import ValidationResult
from boardpack.validation.cell_checks.base import (
    CellCheck,
    CellContext,
    fmt,
    printed,
    span,
    table_name,
    where,
    within,
)
from boardpack.validation.cell_checks.lines import line_parts
from boardpack.validation.cell_checks.words import AVERAGE_CAPTION, CHANGE, NOT_ADDITIVE, ROUNDED, matches

SMALL_MISS = 0.01
"""A miss at most this share of the total (or of its parts' magnitude) is a slip."""
SUMMABLE = ("count", "money", "quantity")
MAX_TERMS = 30
"""Parts shown in an arithmetic message (longer sums are shown in part)."""

NOT_CHECKED = {
    "unreadable": "a part could not be read as a figure, so the total cannot be added up",
    "percent": "a total of percentages that its parts do not add up to: a rate or an average, not a sum",
    "average": "its labels call the figures averages, rates or ratios, which do not add",
    "change": "the total is labelled as a change or difference, not a sum",
    "duration": "durations (mm:ss) are usually means, not sums",
    "one_part": "a total of a single part that differs from it: not a sum of what is printed",
    "not_a_sum": "does not add up, and nothing in the table says it is a sum "
    "(its other totals do not add up and the miss is not small)",
}
"""Why a line was not checked, by reason code."""


def is_hundred(lines: pd.DataFrame) -> pd.Series:
    """Lines whose total is a percentage printed as 100 (the shares check's to check)."""
    return (lines["unit"] == "percent") & pd.Series(
        within(lines["total"] - 100.0, lines["total_half"]), index=lines.index
    )


def classify(cells: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """The lines with what they are and what became of them: ``kind`` (count, money,
    quantity, percent, average, change, duration), ``exact``, ``tolerance``,
    ``adds_up``, ``miss`` and ``verdict`` (passed, failed, or a ``NOT_CHECKED`` code).
    Lines without parts and 100% totals of percentages are left out."""
    out = lines[(lines["n"] > 0) & ~is_hundred(lines)].copy()
    total = cells.iloc[out["at"].to_numpy()]
    down = (out["direction"] == "down").to_numpy()
    rows, cols, caption = total["row_labels"], total["col_labels"], total["caption"]
    row_avg, col_avg = matches(rows, NOT_ADDITIVE), matches(cols, NOT_ADDITIVE)
    change = np.where(down, matches(rows, CHANGE), matches(cols, CHANGE))
    rounded = matches(rows, ROUNDED) | matches(cols, ROUNDED) | matches(caption, ROUNDED)
    unit = out["unit"].to_numpy()
    whole = (out["total_dec"].to_numpy() == 0) & (out["dec"].to_numpy() == 0) & ~out["frac"].to_numpy()
    out["kind"] = np.select(
        [unit == "percent", row_avg | col_avg | matches(caption, AVERAGE_CAPTION), change, unit == "seconds",
         unit == "gbp", (unit == "number") & whole],
        ["percent", "average", "change", "duration", "money", "count"],
        "quantity",
    )  # fmt: skip
    out["exact"] = (out["kind"] == "count").to_numpy() & ~rounded
    out["tolerance"] = np.where(out["exact"], 0.0, out["total_half"] + out["half"])
    out["miss"] = out["total"] - out["sum"]
    alt_slack = np.where(out["exact"], 0.0, out["total_half"] + out["half_all"].fillna(0))
    alt_ok = out["n_all"].fillna(0).to_numpy() > 0
    alt_ok &= within((out["total"] - out["sum_all"].fillna(0)).to_numpy(), alt_slack)
    out["adds_up"] = within(out["miss"].to_numpy(), out["tolerance"].to_numpy()) | alt_ok
    out["most_others"], out["others_n"], out["others_good"] = _others_adding_up(out)
    scale = np.maximum(np.abs(out["total"]), out["abs"])
    out["small"] = np.abs(out["miss"]) <= SMALL_MISS * scale
    out["verdict"] = _verdict(out)
    return out


def _others_adding_up(lines: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Whether most of the other summable totals of the line's table, in its direction,
    add up (False when it has no other); and how many others there are, and add up."""
    summable = lines["kind"].isin(SUMMABLE)
    good_self = summable & lines["adds_up"]
    key = [lines["t"], lines["direction"]]
    others = summable.groupby(key).transform("sum") - summable.astype(int)
    others_good = good_self.groupby(key).transform("sum") - good_self.astype(int)
    return (others >= 1) & (2 * others_good > others), others, others_good


def _verdict(lines: pd.DataFrame) -> np.ndarray:
    """passed, failed, or why not checked (see the module docstring)."""
    kind = lines["kind"]
    a_sum = (kind.isin(("count", "money")) & (lines["most_others"] | lines["small"])) | (
        (kind == "quantity") & lines["small"]
    )
    return np.select(
        [lines["invalid"] > 0, lines["adds_up"], kind == "percent", kind == "average", kind == "change",
         kind == "duration", lines["n"] < 2, a_sum],
        ["unreadable", "passed", "percent", "average", "change", "duration", "one_part", "failed"],
        "not_a_sum",
    )  # fmt: skip


class CellPartsSumToTotal(CellCheck):
    """Totals the table's structure shows to be sums equal their parts (down, across, by section; exact for counts, within printed rounding otherwise).

    What cannot be decided (a total of rates, averages or changes; a line nothing shows
    to be a sum) is reported as not checked, never as an error."""

    name = "cell_parts_sum_to_total"

    def validate(self, ctx: CellContext) -> Iterator[ValidationResult]:
        """Per table: one result per failing total, one for the totals that add up, one
        per reason some were not checked."""
        lines = classify(ctx.cells, ctx.lines)
        failed = lines[lines["verdict"] == "failed"]
        parts = line_parts(ctx.cells, failed)
        for i, line, total in zip(failed.index, failed.itertuples(index=False), ctx.records(failed["at"]),
                                  strict=True):  # fmt: skip
            yield self.failed(ctx, line, total, parts.get(int(i), []))
        passed = lines[lines["verdict"] == "passed"]
        tables = (
            passed.assign(down=passed["direction"] == "down")
            .groupby("t", sort=False)
            .agg(at=("at", "first"), n=("at", "size"), down=("down", "sum"))
        )
        for (n, down), first in zip(tables[["n", "down"]].itertuples(index=False), ctx.records(tables["at"]),
                                    strict=True):  # fmt: skip
            msg = f"{table_name(first)}: {n} total(s) add up ({down} down, {n - down} across)"
            yield self.result(first, msg, success=True)
        undecided = lines[~lines["verdict"].isin(("passed", "failed"))]
        if undecided.empty:
            return
        at_rows, at_cols = ctx.cells["row"].to_numpy(), ctx.cells["col"].to_numpy()
        groups = undecided.groupby(["t", "verdict"], sort=False)["at"].agg(list)
        for (_, reason), first in zip(groups.index, ctx.records([g[0] for g in groups]), strict=True):
            ats = groups[(_, reason)]
            rows, cols = at_rows[ats].tolist(), at_cols[ats].tolist()
            msg = (f"not checked: {table_name(first)}: {len(ats)} total(s) in rows {span(rows)}, "
                   f"cols {span(cols)}: {NOT_CHECKED[str(reason)]}")  # fmt: skip
            yield self.result(
                first, msg, success=True, checked=False, also=list(zip(rows, cols, strict=True))
            )

    def failed(self, ctx: CellContext, line: Any, total: Any, parts: list[int]) -> ValidationResult:
        """A total that misses its parts (at ``parts``): an error, or a warning when a
        note explains it."""
        scale = float(total.scale or 1.0)
        d = int(max(line.dec, line.total_dec))
        terms = [printed(p) for p in ctx.records(parts[: MAX_TERMS + 1])]
        shown = " + ".join(terms[:MAX_TERMS]) + (
            f" + … ({len(parts)} parts)" if len(parts) > MAX_TERMS else ""
        )
        slack = "exact count" if line.exact else f"rounding allows ±{fmt(line.tolerance / scale, d + 1)}"
        as_printed = "" if scale == 1.0 else f"; figures as printed, × {fmt(scale, 0)}"
        msg = (f"{where(total)} ({line.direction}): {shown} = {fmt(line.sum / scale, d)} ≠ "
               f"{fmt(line.total / scale, d)} (off by {fmt(line.miss / scale, d)}; {slack}{as_printed}); "
               f"a sum: {_why(line)}")  # fmt: skip
        note = _explaining_note(ctx.records(ctx.notes.get(int(line.t), [])), line)
        if note is not None:
            msg += f"; the difference is explained by the note at row {note.row}, col {note.col}: {note.value_text!r}"
        return self.result(total, msg, success=False, severity="warning" if note is not None else "error",
                           expected=fmt(line.sum / scale, d), observed=str(total.value_text))  # fmt: skip


def _why(line: Any) -> str:
    """Why a line was taken for a sum."""
    reasons = []
    if line.most_others:
        reasons.append(
            f"{line.others_good} of the table's {line.others_n} other totals {line.direction} add up"
        )
    if line.small:
        reasons.append(f"the miss is {abs(line.miss) / max(abs(line.total), line.abs):.2%} of the total")
    return "; ".join(reasons)


def _explaining_note(notes: list[Any], line: Any) -> Any:
    """The note figure (of the line's table) that accounts for the miss, if one does."""
    for note in notes:
        if within(float(line.miss) - float(note.fig), float(line.tolerance) + float(note.half)):
            return note
    return None
