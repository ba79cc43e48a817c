"""Every numeric cell of a data table as a tidy record, with no family needed.

``tidy_table(paper, table)`` reads a table the way a person does: the leading text columns
label the rows (an empty one under a vertically merged cell takes the label above), a row
of labels with no figures starts a section, the header rows label the columns (a
spanning header cell labels every column it spans), and every other cell holding a
figure, a dash or ``n/a`` becomes a ``TidyCell`` with its unit, scale, period and total
flags.  Pure: ``Table`` in, records out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.records import Table
from schemas.categories import slug
from schemas.grid import cell_text, place, width
from schemas.periods import Period, find_period, try_period
from schemas.records import PaperRef, TidyCell
from schemas.values import ParsedValue, parse_value

FIGURE_STATUSES = ("ok", "note")
"""Statuses of a cell that prints a figure.  A number followed by words (``25 cohort 2``,
``309 Officers, 120 PM Uplift``) is a figure only in a column that has plain figures too:
alone, such cells are text (comments, or period labels such as ``1 October - 31 December``)."""
_KEPT_STATUSES = (*FIGURE_STATUSES, "qualified", "nil", "not_applicable", "invalid")
"""Statuses of a value cell that becomes a tidy cell (an empty cell does not)."""

_TOTAL = re.compile(r"\b(?:sub[- ]?)?totals?\b|\boverall\b|^all$", re.IGNORECASE)
_PERCENT = re.compile(r"%|\bper ?cent(?:age)?\b", re.IGNORECASE)
_MONEY = re.compile(r"£")
_MONEY_SCALE = re.compile(r"£\s*'?(?P<scale>000s?|k|m|mn|bn|thousands?|millions?|billions?)\b", re.IGNORECASE)
_SCALES = {"0": 1e3, "k": 1e3, "t": 1e3, "m": 1e6, "b": 1e9}
_FTE = re.compile(r"\bfte\b", re.IGNORECASE)
_HOURS = re.compile(r"\bhh:mm\b|\bhours?\b|\bhrs\b", re.IGNORECASE)
_PARTIAL_PERIOD = re.compile(
    r"^(?:(?:q|qtr|quarter)\s*[1-4]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$",
    re.IGNORECASE,
)
_NIL_LABEL = re.compile(r"^[-\u2013\u2014]$")


@dataclass(frozen=True)
class Located:
    """A period and where it was printed (``col``, ``row`` or ``caption``)."""

    period: Period
    where: str


@dataclass(frozen=True)
class RowHeader:
    """One body row as labels: its section, its label path and whether it is a total."""

    index: int
    section: str
    labels: tuple[str, ...]
    is_total: bool
    labelled: bool
    """The row has labels of its own (not only its section)."""


def _status(text: str) -> str:
    return parse_value(text).status


def _body_statuses(table: Table, col: int) -> list[str]:
    """The parse status of every body cell of a column."""
    return [_status(cell_text(row, col)) for row in table.rows]


def has_figures(table: Table, col: int) -> bool:
    """True when some body cell of the column prints a number."""
    return any(s in FIGURE_STATUSES for s in _body_statuses(table, col))


def is_text_column(table: Table, col: int) -> bool:
    """True when the column's body holds text but no number (dashes are neither)."""
    statuses = _body_statuses(table, col)
    return any(s in ("invalid", "qualified") for s in statuses) and not any(
        s in FIGURE_STATUSES for s in statuses
    )


def is_period_column(table: Table, col: int) -> bool:
    """True when every figure in the column's body reads as a period (``2019``, ``2022/23``):
    a stub of periods, though years also read as numbers."""
    texts = [t for row in table.rows if _status(t := cell_text(row, col)) in FIGURE_STATUSES]
    return bool(texts) and all(try_period(t) is not None for t in texts)


def is_total_label(text: str) -> bool:
    """True for a label that says it is a total (``Total``, ``Grand Total £``, ``Sub-total``,
    ``Overall workforce``, ``All``)."""
    return _TOTAL.search(text) is not None


def label_column_count(table: Table) -> int:
    """How many leading columns label the rows: up to the last text column that has a
    column of figures to its right (so an index column before the labels counts too);
    a first column of periods when no column is text."""
    n = width(table)
    figures = [has_figures(table, c) for c in range(n)]
    text = [is_text_column(table, c) for c in range(n)]
    last = max((c for c in range(n) if text[c] and any(figures[c + 1 :])), default=-1)
    stub = int(n > 1 and any(figures[1:]) and is_period_column(table, 0))
    return max(last + 1, stub)


def value_columns(table: Table, labels: int) -> list[int]:
    """The columns right of the labels that print a number somewhere in the body."""
    return [c for c in range(labels, width(table)) if has_figures(table, c)]


def column_labels(table: Table, col: int) -> tuple[str, ...]:
    """The header path of a column, top row first.  In a header row above the last, an
    empty cell takes the nearest filled cell to its left when that cell spans it: on a
    ruled grid when the extractor gave both the same bbox (a merged cell); elsewhere
    always, since no rule says where a header's span ends."""
    out: list[str] = []
    for h, row in enumerate(table.header_rows):
        text = cell_text(row, col)
        if not text and h < len(table.header_rows) - 1:
            text = _spanning_text(table, h, col)
        if text:
            out.append(text)
    return tuple(out)


def _spanning_text(table: Table, h: int, col: int) -> str:
    """The text of the cell left of ``col`` in header row ``h`` that spans ``col``, or ''."""
    row = table.header_rows[h]
    here = place(table, h, col).bbox
    for c in range(col - 1, -1, -1):
        text = cell_text(row, c)
        if text:
            there = place(table, h, c).bbox
            return text if here is None or there is None or here == there or table.method != "ruled" else ""
    return ""


def _label_cells(row: list[str], labels: int) -> list[str]:
    """The row's label cells, a dash read as empty."""
    return ["" if _NIL_LABEL.match(t := cell_text(row, c)) else t for c in range(labels)]


def _values_empty(row: list[str], value_cols: Sequence[int]) -> bool:
    return all(not cell_text(row, c) for c in value_cols)


def row_headers(table: Table, labels: int, value_cols: Sequence[int]) -> list[RowHeader]:
    """The body rows that hold values, each with its section, label path and total flag.

    A row with labels and no value under a figure column, above a row with figures, is a
    section: it prefixes the rows below it until the next section.  Label cells left of a
    row's last filled label cell fill down from the row above (vertically merged cells);
    the fill stops at a section.  An unlabelled last row under labelled rows is a total."""
    out: list[RowHeader] = []
    section = ""
    above: list[str] = [""] * labels
    header_n = len(table.header_rows)
    filled_rows = [not _values_empty(row, value_cols) for row in table.rows]
    for i, row in enumerate(table.rows):
        cells = _label_cells(row, labels)
        if not filled_rows[i]:
            name = " / ".join(c for c in cells if c)
            if name and any(filled_rows[i + 1 :]) and not is_total_label(name):
                section, above = name, [""] * labels
            continue
        last = max((j for j, c in enumerate(cells) if c), default=-1)
        filled = [c or (above[j] if j < last else "") for j, c in enumerate(cells)]
        above = filled if last >= 0 else above
        path = tuple(c for c in filled if c)
        total = any(is_total_label(c) for c in path)
        out.append(
            RowHeader(header_n + i, section, ((section,) if section else ()) + path, total, bool(path))
        )
    if len(out) > 1 and not out[-1].labelled and all(r.labelled for r in out[:-1]):
        out[-1] = replace(out[-1], is_total=True)
    return out


@lru_cache(maxsize=4096)
def levels_period(levels: tuple[str, ...], *, within: bool) -> Period | None:
    """The period a header path names, innermost level first: a whole label, a quarter or
    month completed by an outer level's period (``Q1`` under ``2021/22``), or (when
    ``within``) a period inside a label (``Cost & Benefits Summary - FY22/23 to FY26/27``)."""
    for i in range(len(levels) - 1, -1, -1):
        label = levels[i]
        if (whole := try_period(label)) is not None:
            return whole
        if _PARTIAL_PERIOD.match(label):
            for outer in reversed(levels[:i]):
                found = try_period(outer) or find_period(outer)
                if found is not None and (whole := try_period(f"{label} {found.label}")) is not None:
                    return whole
    if within:
        for label in reversed(levels):
            if (found := find_period(label)) is not None:
                return found
    return None


def cell_period(
    col_labels: tuple[str, ...], row_labels: tuple[str, ...], caption: str | None
) -> Located | None:
    """The period of a cell: from its column's headers, else its row's labels, else the
    caption (``From April 2022 to July 2023 attrition by entry route``)."""
    if (p := levels_period(col_labels, within=True)) is not None:
        return Located(p, "col")
    if (p := levels_period(row_labels, within=False)) is not None:
        return Located(p, "row")
    if caption and (p := find_period(caption)) is not None:
        return Located(p, "caption")
    return None


def cell_unit(v: ParsedValue, labels: Sequence[str], caption: str | None) -> tuple[str, float]:
    """(unit, multiplier) of a cell from what it prints and what labels it: a duration in
    seconds (hours and minutes under an ``hh:mm`` or hours header), percent (a ``%`` in the
    cell or a label), money (a ``£`` in the cell, a label or the caption; ``£000``, ``£m``
    scale it), FTE, or a plain number."""
    text = " ".join(labels)
    if v.duration:
        return "seconds", 60.0 if _HOURS.search(text) else 1.0
    if v.percent or _PERCENT.search(text):
        return "percent", 1.0
    money_text = f"{text} {caption or ''}"
    if v.currency or _MONEY.search(money_text):
        if v.scale != 1.0:
            return "gbp", v.scale
        m = _MONEY_SCALE.search(money_text)
        return "gbp", _SCALES[m.group("scale")[0].lower()] if m else 1.0
    if _FTE.search(text):
        return "fte", 1.0
    return "number", 1.0


def _keys(labels: Sequence[str]) -> tuple[str, ...]:
    return tuple(slug(label) for label in labels)


def tidy_table(paper: PaperRef, table: Table) -> list[TidyCell]:
    """The tidy cells of one data table (none for a layout table), row by row."""
    if table.kind != "data":
        return []
    labels = label_column_count(table)
    value_cols = value_columns(table, labels)
    col_paths = {c: column_labels(table, c) for c in value_cols}
    col_totals = {c: any(is_total_label(t) for t in path) for c, path in col_paths.items()}
    out: list[TidyCell] = []
    for rh in row_headers(table, labels, value_cols):
        body = table.rows[rh.index - len(table.header_rows)]
        for c in value_cols:
            v = parse_value(cell_text(body, c))
            if v.status not in _KEPT_STATUSES:
                continue
            out.append(_cell(paper, table, rh, c, col_paths[c], col_totals[c], v))
    return out


def _cell(
    paper: PaperRef,
    table: Table,
    rh: RowHeader,
    col: int,
    col_labels: tuple[str, ...],
    col_total: bool,
    v: ParsedValue,
) -> TidyCell:
    """One tidy cell with its unit, period and provenance."""
    unit, scale = cell_unit(v, (*rh.labels, *col_labels), table.caption)
    found = cell_period(col_labels, rh.labels, table.caption)
    where = place(table, rh.index, col)
    start, end = found.period.iso if found else (None, None)
    return TidyCell(
        paper_sha256=paper.sha256,
        paper_file=paper.file,
        table_id=table.id,
        row=rh.index,
        col=col,
        page=where.page,
        bbox=where.bbox,
        method=table.method,
        caption=table.caption,
        section=rh.section,
        row_labels=rh.labels,
        row_keys=_keys(rh.labels),
        col_labels=col_labels,
        col_keys=_keys(col_labels),
        value=None if v.value is None else v.value * scale,
        value_status=v.status,
        value_text=v.text,
        unit=unit,
        scale=scale,
        decimals=v.decimals,
        period_start=start,
        period_end=end,
        period_label=found.period.label if found else None,
        period_from=found.where if found else None,
        row_is_total=rh.is_total,
        col_is_total=col_total,
    )
