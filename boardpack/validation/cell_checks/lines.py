"""Every total of every table with the sum of its parts, from the tidy cells alone.

A row labelled as a total (``row_is_total``) totals the figures of its column in the
ordinary rows between the previous total row and it, so every section that ends in a
subtotal is a line of its own; a total printed first (no ordinary row above it since the
last total) totals the rows below it up to the next total; a grand total under subtotals
(nothing between) totals every ordinary row above it, and so may any total that has
totals above it (both sums are tried).  Columns labelled as totals total their rows the
same way, across.  A grand total cell (both labels) gives both lines.

Parts are the figures of the total's unit in ordinary rows (or columns); a figure
carrying a note is not a part (a merged note cell does not belong to the column it was
read into), and a cell that could not be read is counted so the line is left unchecked.
Built with NumPy and pandas group-bys over the whole frame, on one integer key per
(table, line, segment, unit): no Python loop per cell or per line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_SUMS = ["n", "sum", "half", "abs", "dec", "frac"]


@dataclass(frozen=True)
class Axis:
    """One direction of lines: ``along`` steps along a line, ``fixed`` names the line, and
    ``flag`` marks the cells of a total (row or column)."""

    name: str
    along: str
    fixed: str
    flag: str


DOWN = Axis("down", "row", "col", "row_is_total")
ACROSS = Axis("across", "col", "row", "col_is_total")
AXES = (DOWN, ACROSS)


def segments(cells: pd.DataFrame, axis: Axis) -> np.ndarray:
    """For each cell, how many total rows (or columns) of its table come before its row."""
    t = cells["t"].to_numpy(dtype="int64")
    along = cells[axis.along].to_numpy(dtype="int64")
    width = int(along.max(initial=0)) + 1
    places, inverse = np.unique(t * width + along, return_inverse=True)  # sorted: table, then row
    flagged = np.zeros(len(places), dtype="int64")
    np.maximum.at(flagged, inverse, cells[axis.flag].to_numpy(dtype=bool).astype("int64"))
    running = np.cumsum(flagged) - flagged  # totals before each place, over all tables
    table = places // width
    first = np.r_[True, table[1:] != table[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(places)), 0))
    return (running - running[start])[inverse.ravel()]


@dataclass(frozen=True)
class _Keys:
    """The integer key of (table, line, segment, unit) and the key of a line (no segment),
    with the sizes needed to shift a segment."""

    line: np.ndarray
    seg: np.ndarray
    span: int

    def at(self, line: np.ndarray, seg: np.ndarray) -> np.ndarray:
        """The full key of lines ``line`` at segments ``seg``."""
        return line * self.span + seg


def _keys(cells: pd.DataFrame, axis: Axis, units: np.ndarray) -> _Keys:
    """Integer keys for the cells of one direction (``units``: the unit codes)."""
    seg = segments(cells, axis)
    fixed = cells[axis.fixed].to_numpy(dtype="int64")
    t = cells["t"].to_numpy(dtype="int64")
    n_units = int(units.max(initial=0)) + 1
    n_fixed = int(fixed.max(initial=0)) + 1
    line = (t * n_fixed + fixed) * n_units + units
    return _Keys(line, seg, int(seg.max(initial=0)) + 2)


def _parts(cells: pd.DataFrame, axis: Axis) -> np.ndarray:
    """The cells that count as parts of a line: ordinary cells with a figure, no note."""
    return ~cells[axis.flag].to_numpy(bool) & ~cells["is_note"].to_numpy() & cells["fig"].notna().to_numpy()


def _sums(cells: pd.DataFrame, keys: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    """Per key: how many parts, their sum, slack, magnitude, most decimals and whether
    any is fractional."""
    fig = cells["fig"].to_numpy()[mask]
    frame = pd.DataFrame({
        "k": keys[mask], "n": 1, "sum": fig, "half": cells["half"].to_numpy()[mask], "abs": np.abs(fig),
        "dec": cells["dec"].to_numpy()[mask], "frac": fig != np.round(fig, 0),
    })  # fmt: skip
    return frame.groupby("k", sort=False).agg(
        {"n": "sum", "sum": "sum", "half": "sum", "abs": "sum", "dec": "max", "frac": "max"}
    )


def _cumulative(sums: pd.DataFrame, span: int) -> pd.DataFrame:
    """The sums through each segment of each line (every earlier segment and its own)."""
    frame = sums.reset_index()
    frame["line"], frame["seg"] = np.divmod(frame["k"].to_numpy(), span)
    frame = frame.sort_values(["line", "seg"])
    grouped = frame.groupby("line", sort=False)
    frame[["n", "sum", "half", "abs"]] = grouped[["n", "sum", "half", "abs"]].cumsum()
    frame[["dec", "frac"]] = grouped[["dec", "frac"]].cummax()
    return frame


def _above(totals: pd.DataFrame, sums: pd.DataFrame, span: int) -> pd.DataFrame:
    """Each total's sums of every ordinary cell above it in its line (zeros when none)."""
    if sums.empty:
        return pd.DataFrame({c: 0.0 for c in _SUMS}, index=totals.index)
    cumulative = _cumulative(sums, span)
    left = pd.DataFrame({"line": totals["line"], "seg": totals["seg"], "at": totals.index}).sort_values("seg")
    merged = pd.merge_asof(left, cumulative.drop(columns="k").sort_values("seg"), on="seg", by="line",
                           direction="backward")  # fmt: skip
    merged = merged.set_index("at").reindex(totals.index)
    merged["n"] = merged["n"].fillna(0)
    return merged[_SUMS]


def axis_lines(cells: pd.DataFrame, axis: Axis, units: np.ndarray) -> pd.DataFrame:
    """The lines of one direction: one row per total cell with a figure (``at`` its
    position in ``cells``), the sums of its parts (``n``, ``sum``, ``half``, ``abs``,
    ``dec``, ``frac``; ``seg`` and ``from_above`` say which cells they are), for a total
    with totals above it the sums of every ordinary cell above (``*_all``), and how many
    unreadable cells its parts hold (``invalid``)."""
    keys = _keys(cells, axis, units)
    full = keys.at(keys.line, keys.seg)
    sums = _sums(cells, full, _parts(cells, axis))
    is_total = (
        cells[axis.flag].to_numpy(bool) & cells["fig"].notna().to_numpy() & ~cells["is_note"].to_numpy()
    )
    at = np.flatnonzero(is_total)
    totals = pd.DataFrame({
        "t": cells["t"].to_numpy()[at], "key": cells[axis.fixed].to_numpy()[at], "u": units[at],
        "line": keys.line[at], "seg": keys.seg[at], "total": cells["fig"].to_numpy()[at],
        "total_half": cells["half"].to_numpy()[at], "total_dec": cells["dec"].to_numpy()[at],
    }, index=at)  # fmt: skip
    line, seg = totals["line"].to_numpy(), totals["seg"].to_numpy()
    before = sums.reindex(keys.at(line, seg)).set_axis(totals.index)
    after = sums.reindex(keys.at(line, seg + 1)).set_axis(totals.index)
    above = _above(totals, sums, keys.span)
    n_before = before["n"].fillna(0)
    use_above = (n_before == 0) & (totals["seg"] >= 1) & (above["n"] > 0)
    use_after = (n_before == 0) & ~use_above
    out = totals.copy()
    for c in _SUMS:
        out[c] = before[c].where(~use_after, after[c]).where(~use_above, above[c])
    out["seg"] = totals["seg"] + use_after.astype(int)
    out["from_above"] = use_above
    alternative = (totals["seg"] >= 1) & ~use_above & ~use_after
    for c in ("n", "sum", "half"):
        out[f"{c}_all"] = above[c].where(alternative)
    bad = pd.Series(cells["is_invalid"].to_numpy() & ~cells[axis.flag].to_numpy(bool)).groupby(full).sum()
    out["invalid"] = bad.reindex(keys.at(line, out["seg"].to_numpy())).fillna(0).to_numpy(dtype="int64")
    out["direction"] = axis.name
    return out.rename_axis("at").reset_index()


def total_lines(cells: pd.DataFrame) -> pd.DataFrame:
    """The lines of both directions (see ``axis_lines``), down first, with ``unit``."""
    codes, names = pd.factorize(cells["unit"].astype(object))
    found = [axis_lines(cells, axis, codes.astype("int64")) for axis in AXES]
    lines = pd.concat(found, ignore_index=True)
    lines["unit"] = np.asarray(names, dtype=object)[lines["u"].to_numpy()] if len(lines) else []
    lines["n"] = lines["n"].fillna(0).astype("int64")
    lines["dec"] = lines["dec"].fillna(0)
    lines["frac"] = lines["frac"].fillna(False).astype(bool)
    return lines


def line_parts(cells: pd.DataFrame, lines: pd.DataFrame) -> dict[int, list[int]]:
    """The positions (in ``cells``) of the parts of each of ``lines`` (by the lines'
    index), in order along the line: one join per direction, not a search per line."""
    codes = pd.factorize(cells["unit"].astype(object))[0].astype("int64")
    out: dict[int, list[int]] = {}
    for axis in AXES:
        mine = lines[lines["direction"] == axis.name]
        if mine.empty:
            continue
        keys = _keys(cells, axis, codes)
        mask = _parts(cells, axis) & np.isin(keys.line, mine["line"].to_numpy())
        members = pd.DataFrame({"line": keys.line[mask], "seg_part": keys.seg[mask], "at": np.flatnonzero(mask),
                                "along": cells[axis.along].to_numpy()[mask]})  # fmt: skip
        wanted = pd.DataFrame({"line": mine["line"], "seg": mine["seg"], "above": mine["from_above"],
                               "id": mine.index})  # fmt: skip
        joined = wanted.merge(members, on="line")
        keep = np.where(
            joined["above"], joined["seg_part"] <= joined["seg"], joined["seg_part"] == joined["seg"]
        )
        joined = joined[keep].sort_values(["id", "along"])
        out.update({int(k): v for k, v in joined.groupby("id")["at"].agg(list).items()})
    return out
