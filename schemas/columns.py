"""The columns of the records that leave as rows (store tables, dataset files), defined once.

A record's dataclass fields carry their column's type and description (``column(...)``,
``bbox_column(...)``); ``record_columns(cls)`` lists them in field order (a bbox as its
four coordinate columns, a tuple as one text column joined with its separator) and
``record_row(obj)`` gives one record's values in that order (``record_values`` many
records', column by column).  The store's DDL, the
dataset's Table Schemas and README's column tables are all generated from these lists,
so a column is named, typed and described in one place: its record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import Any, Literal

from extractors.records import BBOX_COLUMNS, bbox_columns

ColumnType = Literal["string", "number", "integer", "boolean", "date"]
"""Frictionless Table Schema types; the store maps each to a DuckDB type."""

_BBOX_DESCRIPTIONS = (
    "Left of the cell, PDF points.",
    "Top of the cell, PDF points from the top of the page.",
    "Right of the cell, PDF points.",
    "Bottom of the cell, PDF points from the top of the page.",
)


@dataclass(frozen=True)
class Column:
    """One column: its name, Table Schema type and what it means."""

    name: str
    type: ColumnType
    description: str


def column(kind: ColumnType, description: str, *, default: Any = MISSING, join: str | None = None) -> Any:
    """A dataclass field that is a column of ``kind``; a tuple field is stored as text
    joined with ``join``."""
    return field(default=default, metadata={"column": Column("", kind, description), "join": join})


def bbox_column(default: Any = MISSING) -> Any:
    """A dataclass field holding a ``BBox`` (or None), stored as ``x0, top, x1, bottom``."""
    return field(default=default, metadata={"bbox": True})


def record_columns(cls: type) -> tuple[Column, ...]:
    """The columns of a record class, in field order (fields without column metadata are
    not columns)."""
    out: list[Column] = []
    for f in fields(cls):
        if f.metadata.get("bbox"):
            out.extend(Column(n, "number", d) for n, d in zip(BBOX_COLUMNS, _BBOX_DESCRIPTIONS, strict=True))
        elif (col := f.metadata.get("column")) is not None:
            out.append(Column(f.name, col.type, col.description))
    return tuple(out)


@dataclass(frozen=True)
class _Source:
    """Where a record class keeps one column field: its name, whether it is a bbox (four
    columns), and the separator of a tuple stored as text."""

    name: str
    bbox: bool
    join: str | None


@cache
def _sources(cls: type) -> tuple[_Source, ...]:
    # Read once per class: ``fields`` and their metadata cost more than the values.
    return tuple(
        _Source(f.name, bool(f.metadata.get("bbox")), f.metadata.get("join"))
        for f in fields(cls)
        if f.metadata.get("bbox") or "column" in f.metadata
    )


def record_row(record: Any) -> dict[str, Any]:
    """One record's column values by name, in ``record_columns`` order."""
    row: dict[str, Any] = {}
    cls: type = type(record)
    for source in _sources(cls):
        value = getattr(record, source.name)
        if source.bbox:
            row.update(bbox_columns(value))
        else:
            row[source.name] = source.join.join(value) if source.join is not None else value
    return row


def record_values(records: Sequence[Any], cls: type) -> dict[str, list[Any]]:
    """The column values of ``records`` (each a ``cls``) column by column, by name in
    ``record_columns`` order: ``record_row`` of each, transposed, without a dict per row."""
    out: dict[str, list[Any]] = {}
    for source in _sources(cls):
        values = [getattr(r, source.name) for r in records]
        if source.bbox:
            for i, name in enumerate(BBOX_COLUMNS):
                out[name] = [None if v is None else v[i] for v in values]
        else:
            out[source.name] = values if source.join is None else [source.join.join(v) for v in values]
    return out


def pick(columns: Sequence[Column], names: Iterable[str]) -> tuple[Column, ...]:
    """The named columns, in the order of ``names`` (KeyError naming a missing one)."""
    by_name = {c.name: c for c in columns}
    return tuple(by_name[n] for n in names)


def _escape_pipes(text: str) -> str:
    """Text safe in a markdown table cell."""
    return text.replace("|", "\\|")


def columns_markdown(columns: Sequence[Column]) -> str:
    """A markdown table of the columns (``| column | type | meaning |``), as README prints it."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {_escape_pipes(c.description)} |" for c in columns]
    return "\n".join(lines)
