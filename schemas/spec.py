"""The typed form of one table-family YAML file, and its validation.

``parse_schema(data, source)`` turns the loaded YAML mapping into a ``Schema`` or raises
``SchemaError`` naming the file and the key.  The format is documented in README.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from schemas.categories import alias_index

AxisKind = Literal["category", "period", "measure", "single"]
Aggregate = Literal["sum", "weighted_mean", "share", "none"]
PeriodSourceKind = Literal["caption", "title", "context", "column"]
ContextKind = Literal["meeting_date", "meeting_year"]

_AXIS_KINDS = ("category", "period", "measure", "single")
_AGGREGATES = ("sum", "weighted_mean", "share", "none")
_PERIOD_SOURCES = ("caption", "title", "context", "column")
_CONTEXTS = ("meeting_date", "meeting_year")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class SchemaError(ValueError):
    """A YAML file that does not describe a valid table family."""


@dataclass(frozen=True)
class Recognise:
    """How a table is recognised: every ``header`` and ``body`` regex must match some cell,
    no ``exclude`` regex may match any cell; a matching ``caption`` regex adds weight (and is
    mandatory if ``caption_required``)."""

    caption: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    caption_required: bool = False


@dataclass(frozen=True)
class Axis:
    """What one table axis (rows or columns) carries.

    ``dimension`` names a category axis; ``strip`` is a regex removed from labels before
    they are read as ids or periods (the printed label is kept).
    """

    kind: AxisKind
    dimension: str | None = None
    strip: str | None = None


@dataclass(frozen=True)
class ShareSeries:
    """The series for the bracketed share of ``120 (10%)`` cells."""

    series_id: str
    title: str


@dataclass(frozen=True)
class Measure:
    """One series the family yields.

    ``match`` picks it by label on a measure axis; ``rows`` claims body rows by their label
    on any axis (e.g. a "Percentage of referrals" row under quarterly rows); ``section``
    picks it by the current section row.  A measure with none of them is the default.
    ``exact`` is True for counts (people, referrals), False for rounded figures
    (percentages, money, FTE).  ``aggregate`` says how parts make the total (``sum``,
    ``weighted_mean`` by the ``weight`` series, ``share`` = parts sum to 100, ``none``).
    """

    series_id: str
    title: str
    unit: str
    exact: bool
    aggregate: Aggregate = "none"
    weight: str | None = None
    match: str | None = None
    rows: str | None = None
    section: str | None = None
    share: ShareSeries | None = None

    @property
    def is_default(self) -> bool:
        """True when the measure applies wherever no more specific one does."""
        return self.match is None and self.rows is None and self.section is None


@dataclass(frozen=True)
class PeriodSource:
    """Where the period comes from when no axis carries it.

    ``caption`` / ``title`` (the header rows above ``header_row``): ``pattern`` extracts the
    label (named group ``period`` or group 1; the whole text if no pattern).  ``context``:
    the paper's meeting date (``meeting_date`` = that day, or month when only the month is
    known; ``meeting_year`` = that calendar year).  ``column``: each body row's period is
    read from column ``col`` (``fill_down`` repeats the last label into empty cells;
    ``month_year: meeting`` gives bare month names the meeting's year).
    """

    source: PeriodSourceKind
    pattern: str | None = None
    context: ContextKind | None = None
    col: int | None = None
    fill_down: bool = False
    month_year_from_meeting: bool = False


@dataclass(frozen=True)
class FixedCategory:
    """The single category of a table with no category axis."""

    dimension: str
    id: str
    label: str


@dataclass(frozen=True)
class TotalRule:
    """A total row or column: ``match`` is tested on the row's label text (all non-value
    cells joined) or the column's header label; ``position: last`` also requires it to be
    the last body row / value column.  On a category axis its category id is
    ``category_id``; on a period axis its period spans the axis's periods."""

    axis: Literal["rows", "cols"]
    match: str
    position: Literal["any", "last"] = "any"
    category_id: str = "total"


@dataclass(frozen=True)
class Layout:
    """Where labels and values sit in the grid."""

    rows: Axis
    cols: Axis
    header_row: int = -1
    label_cols: tuple[int, ...] = (0,)
    ignore_cols: tuple[str, ...] = ()
    sections: str | None = None
    empty_cells: Literal["emit", "skip"] = "emit"


@dataclass(frozen=True)
class Schema:
    """One table family: recognition, layout, series, periods and totals."""

    family: str
    title: str
    expectation_suite: str
    recognise: Recognise
    source: str
    layout: Layout | None = None
    measures: tuple[Measure, ...] = ()
    period: PeriodSource | None = None
    category: FixedCategory | None = None
    totals: tuple[TotalRule, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    unmapped: str | None = None

    def measure(self, series_id: str) -> Measure | None:
        """The measure with this series id, if any."""
        return next((m for m in self.measures if m.series_id == series_id), None)


class _Reader:
    """Typed access to one YAML mapping, raising SchemaError with file and key path."""

    def __init__(self, data: Any, source: str, path: str) -> None:
        if not isinstance(data, Mapping):
            raise SchemaError(f"{source}: {path or 'top level'} must be a mapping")
        self.data = data
        self.source = source
        self.path = path

    def fail(self, key: str, message: str) -> SchemaError:
        """An error naming file and key."""
        return SchemaError(f"{self.source}: {self.path}{key}: {message}")

    def get(
        self, key: str, kind: type | tuple[type, ...], default: Any = None, required: bool = False
    ) -> Any:
        """The value at ``key``, checked to be of ``kind``."""
        if key not in self.data or self.data[key] is None:
            if required:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise self.fail(key, f"must be {kind}, got {type(value).__name__}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> Any:
        """A string value restricted to ``options``."""
        value = self.get(key, str, default, required=default is None)
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(options)}, got {value!r}")
        return value

    def regex(self, key: str) -> str | None:
        """An optional regex, compiled once to check it."""
        value = self.get(key, str)
        if value is not None:
            _check_regex(value, lambda msg: self.fail(key, msg))
        return cast(str | None, value)

    def regexes(self, key: str) -> tuple[str, ...]:
        """A list of regexes (a single string is accepted as a list of one)."""
        value = self.get(key, (list, str), [])
        items = [value] if isinstance(value, str) else value
        for item in items:
            if not isinstance(item, str):
                raise self.fail(key, "must hold strings")
            _check_regex(item, lambda msg: self.fail(key, msg))
        return tuple(items)

    def ident(self, key: str, required: bool = True) -> Any:
        """A lower-case identifier (``[a-z][a-z0-9_]*``)."""
        value = self.get(key, str, required=required)
        if value is not None and not _ID.match(value):
            raise self.fail(key, f"{value!r} is not a lower_snake_case id")
        return value

    def sub(self, key: str, required: bool = False) -> _Reader | None:
        """A nested mapping reader."""
        value = self.get(key, Mapping, required=required)
        return None if value is None else _Reader(value, self.source, f"{self.path}{key}.")


def _check_regex(pattern: str, fail: Any) -> None:
    """Raise ``fail(message)`` when ``pattern`` does not compile."""
    try:
        re.compile(pattern)
    except re.error as e:
        raise fail(f"bad regex {pattern!r}: {e}") from None


def _recognise(r: _Reader) -> Recognise:
    """The ``recognise`` block."""
    rec = Recognise(
        caption=r.regexes("caption"),
        header=r.regexes("header"),
        body=r.regexes("body"),
        exclude=r.regexes("exclude"),
        caption_required=bool(r.get("caption_required", bool, False)),
    )
    if not rec.header and not rec.caption_required:
        raise r.fail("header", "give header patterns (or caption_required with caption patterns)")
    return rec


def _axis(r: _Reader) -> Axis:
    """A ``rows`` / ``cols`` axis block."""
    kind = r.choice("axis", _AXIS_KINDS)
    dimension = r.ident("dimension", required=kind == "category")
    return Axis(kind=kind, dimension=dimension, strip=r.regex("strip"))


def _layout(r: _Reader) -> Layout:
    """The ``layout`` block."""
    rows = _axis(cast(_Reader, r.sub("rows", required=True)))
    cols = _axis(cast(_Reader, r.sub("cols", required=True)))
    if rows.kind == "period" and cols.kind == "period":
        raise r.fail("cols", "only one axis can carry periods")
    label_cols = r.get("label_cols", list, [0])
    if not all(isinstance(c, int) and c >= 0 for c in label_cols):
        raise r.fail("label_cols", "must be a list of column indexes")
    return Layout(
        rows=rows,
        cols=cols,
        header_row=int(r.get("header_row", int, -1)),
        label_cols=tuple(label_cols),
        ignore_cols=r.regexes("ignore_cols"),
        sections=r.regex("sections"),
        empty_cells=r.choice("empty_cells", ("emit", "skip"), "emit"),
    )


def _measure(r: _Reader) -> Measure:
    """One entry of ``measures``."""
    share = r.sub("share")
    return Measure(
        series_id=r.ident("series_id"),
        title=r.get("title", str, required=True),
        unit=r.get("unit", str, required=True),
        exact=r.get("exact", bool, required=True),
        aggregate=r.choice("aggregate", _AGGREGATES, "none"),
        weight=r.ident("weight", required=False),
        match=r.regex("match"),
        rows=r.regex("rows"),
        section=r.regex("section"),
        share=None
        if share is None
        else ShareSeries(series_id=share.ident("series_id"), title=share.get("title", str, required=True)),
    )


def _period(r: _Reader) -> PeriodSource:
    """The ``period`` block."""
    source = r.choice("source", _PERIOD_SOURCES)
    context = r.choice("context", _CONTEXTS) if source == "context" else None
    col = r.get("col", int, required=source == "column")
    month_year = r.get("month_year", str)
    if month_year not in (None, "meeting"):
        raise r.fail("month_year", "only 'meeting' is supported")
    return PeriodSource(
        source=source,
        pattern=r.regex("pattern"),
        context=context,
        col=col,
        fill_down=bool(r.get("fill_down", bool, False)),
        month_year_from_meeting=month_year == "meeting",
    )


def _total(r: _Reader) -> TotalRule:
    """One entry of ``totals``."""
    return TotalRule(
        axis=r.choice("axis", ("rows", "cols")),
        match=_required_regex(r, "match"),
        position=r.choice("position", ("any", "last"), "any"),
        category_id=r.ident("category_id", required=False) or "total",
    )


def _required_regex(r: _Reader, key: str) -> str:
    """A required regex."""
    value = r.regex(key)
    if value is None:
        raise r.fail(key, "is required")
    return value


def _aliases(r: _Reader | None) -> dict[str, str]:
    """The ``aliases`` block (id → printed labels) as a slug index."""
    if r is None:
        return {}
    raw: dict[str, list[str]] = {}
    for cid, labels in r.data.items():
        if not isinstance(cid, str) or not _ID.match(cid) or not isinstance(labels, list):
            raise r.fail(str(cid), "aliases map an id to a list of printed labels")
        raw[cid] = [str(label) for label in labels]
    return alias_index(raw)


def _check_consistency(schema: Schema, r: _Reader) -> None:
    """Cross-field rules: a period for every cell, a category, a default measure."""
    layout = cast(Layout, schema.layout)
    axes = (layout.rows.kind, layout.cols.kind)
    if "period" not in axes and schema.period is None:
        raise r.fail("period", "required when no axis carries periods")
    if "category" not in axes and schema.category is None:
        raise r.fail("category", "required when no axis carries categories")
    if not schema.measures:
        raise r.fail("measures", "at least one measure is required")
    if "measure" not in axes and layout.sections is None and not any(m.is_default for m in schema.measures):
        raise r.fail("measures", "one measure must have no match/rows/section (the default)")
    ids = [m.series_id for m in schema.measures]
    if len(set(ids)) != len(ids):
        raise r.fail("measures", "series ids must be unique")


def parse_schema(data: Any, source: str) -> Schema:
    """A validated Schema from one loaded YAML document; ``source`` names the file."""
    r = _Reader(data, source, "")
    family = r.ident("family")
    recognise = _recognise(cast(_Reader, r.sub("recognise", required=True)))
    common: dict[str, Any] = {
        "family": family,
        "title": r.get("title", str, required=True),
        "expectation_suite": r.get("expectation_suite", str, "none"),
        "recognise": recognise,
        "source": source,
    }
    unmapped = r.get("unmapped", str)
    if unmapped is not None:
        return Schema(unmapped=unmapped, **common)
    fixed = r.sub("category")
    schema = Schema(
        layout=_layout(cast(_Reader, r.sub("layout", required=True))),
        measures=tuple(
            _measure(_Reader(m, source, f"measures[{i}].")) for i, m in enumerate(r.get("measures", list, []))
        ),
        period=None if r.sub("period") is None else _period(cast(_Reader, r.sub("period"))),
        category=None
        if fixed is None
        else FixedCategory(
            dimension=fixed.ident("dimension"),
            id=fixed.ident("id"),
            label=fixed.get("label", str, required=True),
        ),
        totals=tuple(
            _total(_Reader(t, source, f"totals[{i}].")) for i, t in enumerate(r.get("totals", list, []))
        ),
        aliases=_aliases(r.sub("aliases")),
        **common,
    )
    _check_consistency(schema, r)
    return schema
