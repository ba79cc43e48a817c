"""A starting YAML family drafted from one extracted table, for a person to edit.

``draft_family(table)`` reads the table as ``schemas.tidy`` does (label columns, header
paths, sections, totals, units, periods) and writes what it sees as a family: recognition
patterns from the caption and the stable headers (period headers generalised, so next
year's paper still matches), the axes (periods across or down, categories, one measure
per column when the columns hold different units), a measure per section, where the
period comes from when no axis carries it (the caption, else the meeting date), and the
total rows and columns.  The draft loads with ``schemas.spec.parse_schema`` and maps the
table it was drafted from; names (family, dimensions, series) are guesses to rename.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from extractors.records import Table
from schemas.categories import slug
from schemas.grid import cell_text, row_text, width
from schemas.periods import find_period, try_period
from schemas.tidy import (
    RowHeader,
    cell_unit,
    column_labels,
    is_text_column,
    is_total_label,
    label_column_count,
    row_headers,
    value_columns,
)
from schemas.values import parse_value

_TABLE_NUMBER = re.compile(r"^\s*(?:table|figure|chart)\s*\d+[a-z]?\s*[:.\-–—]?\s*", re.IGNORECASE)
_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_UNIT_OF = {"percent": "percent", "gbp": "gbp", "fte": "fte", "seconds": "seconds", "number": "count"}


@dataclass(frozen=True)
class Seen:
    """What the draft reads off a table: its label columns, value columns with their
    header paths, the body rows, and the units per value column."""

    labels: int
    value_cols: list[int]
    col_paths: dict[int, tuple[str, ...]]
    rows: list[RowHeader]
    units: dict[int, str]


def _escape(text: str) -> str:
    """``re.escape`` that leaves spaces and dashes readable."""
    return re.escape(text).replace("\\ ", " ").replace("\\-", "-")


def _id(text: str, fallback: str) -> str:
    """A lower_snake_case id from printed text (starting with a letter)."""
    s = slug(text)[:80].strip("_")
    if not s or not s[0].isalpha():
        s = f"{fallback}_{s}".strip("_") if s else fallback
    return s


def generalised(text: str) -> str:
    """A regex for printed text whose numbers and month names may change from paper to
    paper (``Nov-24`` → ``[a-z]+\\-\\d\\d``)."""
    out = []
    for m in re.finditer(r"\d+|[A-Za-z]+|[^\dA-Za-z]+", text):
        part = m.group(0)
        if part.isdigit():
            out.append(r"\d" * len(part) if len(part) <= 2 else r"\d+")
        elif _MONTH_WORD.fullmatch(part):
            out.append("[a-z]+")
        else:
            out.append(_escape(part))
    return "".join(out)


def read(table: Table) -> Seen:
    """What the draft needs from a table (after moving heading rows into the header)."""
    labels = label_column_count(table)
    value_cols = value_columns(table, labels)
    rows = row_headers(table, labels, value_cols)
    col_paths = {c: column_labels(table, c) for c in value_cols}
    units: dict[int, str] = {}
    for c in value_cols:
        found = [
            cell_unit(v, (*r.labels, *col_paths[c]), table.caption)[0]
            for r in rows
            if (v := parse_value(cell_text(table.rows[r.index - len(table.header_rows)], c))).value
            is not None
        ]
        units[c] = max(set(found), key=found.count) if found else "number"
    return Seen(labels, value_cols, col_paths, rows, units)


def _leaf(path: Sequence[str]) -> str:
    return path[-1] if path else ""


def _axes(seen: Seen) -> tuple[str, str]:
    """(rows axis, cols axis) kinds."""
    leafs = [
        _leaf(seen.col_paths[c]) for c in seen.value_cols if not is_total_label(_leaf(seen.col_paths[c]))
    ]
    row_leafs = [r.labels[-1] for r in seen.rows if r.labelled and not r.is_total]
    cols = "period" if leafs and all(try_period(x) is not None for x in leafs) else ""
    rows = (
        "period"
        if row_leafs and cols != "period" and all(try_period(x) is not None for x in row_leafs)
        else ""
    )
    if not cols:
        if len(seen.value_cols) == 1:
            cols = "single"
        elif len(set(seen.units.values())) > 1:
            cols = "measure"
        else:
            cols = "category"
    if not rows:
        rows = "single" if len(seen.rows) == 1 and not seen.rows[0].labelled else "category"
    return rows, cols


def caption_words(caption: str | None) -> str:
    """A caption without its table number and the period it prints (what stays the same
    from paper to paper): ``Table 3: Hires from April 2022 to July 2023`` → ``Hires``."""
    words = _TABLE_NUMBER.sub("", caption or "")
    if (p := find_period(words)) is not None:
        words = words.replace(p.label, " ")
    return " ".join(words.split()).strip(" :.-–")


def _recognise(table: Table, seen: Seen) -> dict[str, Any]:
    """Caption words (table number and printed period left out) and stable header cells."""
    out: dict[str, Any] = {}
    if words := caption_words(table.caption):
        out["caption"] = [_escape(words.lower())]
    header = table.header_rows[-1] if table.header_rows else []
    fixed: list[str] = []
    for c in range(min(len(header), width(table))):
        text = cell_text(header, c)
        if text and try_period(text) is None and len(fixed) < 3:
            fixed.append(f"^{_escape(text.lower())}$")
    if not fixed and header:
        periods = [cell_text(header, c) for c in seen.value_cols if cell_text(header, c)]
        fixed = [f"^{generalised(periods[0].lower())}$"] if periods else []
    if fixed:
        out["header"] = fixed
    else:
        out["caption_required"] = True
    return out


def _period(table: Table, rows_axis: str, cols_axis: str) -> dict[str, Any] | None:
    """Where the period comes from when no axis carries it."""
    if "period" in (rows_axis, cols_axis):
        return None
    found = find_period(table.caption) if table.caption else None
    if found is not None:
        return {"source": "caption", "pattern": f"(?P<period>{generalised(found.label)})"}
    return {"source": "context", "context": "meeting_date"}


def _measure(series_id: str, title: str, unit: str, has_total: bool, seen_integers: bool) -> dict[str, Any]:
    exact = unit == "count" and seen_integers
    aggregate = "none"
    if has_total:
        aggregate = "weighted_mean" if unit == "percent" else "sum"
    return {"series_id": series_id, "title": title, "unit": unit, "exact": exact, "aggregate": aggregate}


def _integers(table: Table, seen: Seen, cols: Sequence[int]) -> bool:
    """True when every figure in the columns is printed without decimals."""
    for r in seen.rows:
        body = table.rows[r.index - len(table.header_rows)]
        for c in cols:
            v = parse_value(cell_text(body, c))
            if v.value is not None and (v.decimals or 0) > 0:
                return False
    return True


def draft_family(table: Table, family: str | None = None) -> dict[str, Any]:
    """A family (as the YAML mapping) drafted from ``table``; ``family`` names it (else a
    name from the caption or the first header)."""
    seen = read(table)
    if not seen.value_cols:
        raise ValueError(f"table {table.id} has no column of figures to draft a family from")
    header = table.header_rows[-1] if table.header_rows else []
    label_header = cell_text(header, 0) if seen.labels else ""
    value_header = _leaf(seen.col_paths[seen.value_cols[0]]) if len(seen.value_cols) == 1 else ""
    described = " by ".join(x for x in (value_header, label_header) if x)
    title = caption_words(table.caption) or described or table.id
    name = family or _id(title, "table")
    rows_axis, cols_axis = _axes(seen)
    row_total = [r for r in seen.rows if r.is_total]
    col_total = [c for c in seen.value_cols if is_total_label(" ".join(seen.col_paths[c]))]
    # empty_cells: skip: an empty cell prints no figure (as tidy cells leave it out).
    layout: dict[str, Any] = {"header_row": -1, "label_cols": list(range(seen.labels)), "empty_cells": "skip"}
    ignore = [
        f"^{_escape(cell_text(header, c).lower())}$"
        for c in range(seen.labels, width(table))
        if c not in seen.value_cols and is_text_column(table, c) and cell_text(header, c)
    ]
    if ignore:
        layout["ignore_cols"] = ignore
    sections = sorted({r.section for r in seen.rows if r.section})
    if sections:
        layout["sections"] = "^(?:" + "|".join(_escape(s.lower()) for s in sections) + ")$"
    layout["rows"] = {"axis": rows_axis}
    if rows_axis == "category":
        layout["rows"]["dimension"] = _id(label_header, "category")
    layout["cols"] = {"axis": cols_axis}
    if cols_axis == "category":
        spanning = [p[0] for p in seen.col_paths.values() if len(p) > 1]
        layout["cols"]["dimension"] = _id(spanning[0] if spanning else "column", "column")
    units = {c: _UNIT_OF[u] for c, u in seen.units.items()}
    measures: list[dict[str, Any]] = []
    if cols_axis == "measure":
        for c in seen.value_cols:
            leaf = _leaf(seen.col_paths[c])
            m = _measure(
                _id(f"{name}_{leaf}", name),
                leaf or name,
                units[c],
                bool(row_total),
                _integers(table, seen, [c]),
            )
            measures.append({**m, "match": f"^{_escape(leaf.lower())}$"})
    elif sections:
        unit = max(set(units.values()), key=list(units.values()).count)
        for s in sections:
            m = _measure(
                _id(f"{name}_{s}", name),
                f"{title}: {s}",
                unit,
                bool(row_total or col_total),
                _integers(table, seen, seen.value_cols),
            )
            measures.append({**m, "section": f"^{_escape(s.lower())}$"})
    else:
        unit = max(set(units.values()), key=list(units.values()).count)
        measures.append(
            _measure(name, title, unit, bool(row_total or col_total), _integers(table, seen, seen.value_cols))
        )
    doc: dict[str, Any] = {
        "family": name,
        "title": title,
        "expectation_suite": "none",
        "recognise": _recognise(table, seen),
        "layout": layout,
        "measures": measures,
    }
    if (period := _period(table, rows_axis, cols_axis)) is not None:
        doc["period"] = period
    if "category" not in (rows_axis, cols_axis):
        doc["category"] = {"dimension": "total", "id": "all", "label": title}
    totals = _totals(table, seen, row_total, col_total)
    if totals:
        doc["totals"] = totals
    return doc


def _totals(
    table: Table, seen: Seen, row_total: Sequence[RowHeader], col_total: Sequence[int]
) -> list[dict[str, Any]]:
    """A total rule per total row (on its printed label text, as mapping tests it; an
    unlabelled last row: ``'^$'``, last) and per total column label."""
    out: list[dict[str, Any]] = []
    for r in row_total:
        printed = row_text(table.rows[r.index - len(table.header_rows)], seen.value_cols)
        rule = {"axis": "rows", "match": f"^{_escape(printed.lower())}$"} if printed else None
        rule = rule or {"axis": "rows", "match": "^$", "position": "last"}
        if rule not in out:
            out.append(rule)
    for c in col_total:
        rule = {"axis": "cols", "match": f"^{_escape(_leaf(seen.col_paths[c]).lower())}$"}
        if rule not in out:
            out.append(rule)
    return out


HEADER = """\
# Drafted by `boardpack schemas draft` from {source}.
# A starting point: rename the family (and this file), dimensions and series ids; check units,
# exact (true only for counts) and aggregate; loosen or tighten the recognise patterns. Then
# `boardpack run` and check the table in the audit report (schemas/README.md: onboarding a board).
# expectation_suite: none runs the common suite and the board checks only; name a suite in
# schemas/expectations/ once its allowed categories list this family's.
"""


def family_yaml(doc: dict[str, Any], source: str) -> str:
    """The drafted family as YAML text, with a header saying where it came from."""
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    return HEADER.format(source=source) + body
