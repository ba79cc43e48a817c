"""Turn a paper's extracted tables into tidy Observations, using the YAML families.

``map_paper(paper, tables)`` recognises each table's family, reads its axes (categories,
periods, measures) and emits one ``Observation`` per value cell.  A bad label or value is
reported as a ``MappingIssue`` naming file, page, table, row and column, and the rest of
the table is still mapped.  Every table gets a ``TableMapping`` (a table no family fits
is unmapped with the reason) and every data table's numeric cells become ``TidyCell``s
(``schemas.tidy``), whether a family maps it or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from extractors.records import Table
from schemas import grid
from schemas.categories import CategoryError, category_id
from schemas.periods import Period, PeriodError, month_period, parse_period, span
from schemas.recognise import recognise
from schemas.records import MappingIssue, MappingResult, Observation, PaperRef, TableMapping
from schemas.registry import default_schemas
from schemas.spec import Axis, Measure, Schema, TotalRule
from schemas.tidy import tidy_table
from schemas.values import ParsedValue, parse_value


class TableFailure(Exception):
    """The whole table cannot be mapped (e.g. its period source is missing)."""


@dataclass(frozen=True)
class Item:
    """One row or column of the grid as the schema reads it."""

    index: int
    label: str
    total: TotalRule | None = None
    category: tuple[str, str] | None = None
    period: Period | None = None
    measure: Measure | None = None
    section: str | None = None


@dataclass
class _Ctx:
    """What every cell of one table shares."""

    paper: PaperRef
    table: Table
    schema: Schema
    issues: list[MappingIssue]

    def issue(self, row: int | None, col: int | None, message: str) -> None:
        """Record a problem at a cell (page from the cell when known)."""
        page = grid.place(self.table, row, col).page if row is not None and col is not None else 0
        if page == 0:
            page = self.table.pages[0] if self.table.pages else 0
        self.issues.append(MappingIssue(self.paper.file, page, self.table.id, row, col, message))


def _search(pattern: str | None, text: str) -> bool:
    """Case-insensitive regex search; a None pattern never matches."""
    return pattern is not None and re.search(pattern, text, re.IGNORECASE) is not None


def _strip(axis: Axis, label: str) -> str:
    """The label with the axis's ``strip`` regex removed."""
    return re.sub(axis.strip, "", label, flags=re.IGNORECASE).strip() if axis.strip else label


def meeting_period(paper: PaperRef, kind: str) -> Period:
    """The paper's meeting date as a period: the day (or month if only the month is known),
    or with ``meeting_year`` the calendar year.  TableFailure if the date is unknown."""
    md = paper.meeting_date
    if not md or not re.match(r"^\d{4}-\d{2}(-\d{2})?$", md):
        raise TableFailure(f"period from meeting date, but the paper's meeting date is {md!r}")
    y, m = int(md[:4]), int(md[5:7])
    if kind == "meeting_year":
        return Period(date(y, 1, 1), date(y, 12, 31), f"meeting year {y}")
    if len(md) == 7:
        p = month_period(y, m, f"meeting month {md}")
        return p
    d = date.fromisoformat(md)
    return Period(d, d, f"meeting date {md}")


def table_period(ctx: _Ctx) -> Period | None:
    """The one period of a table whose axes carry none (caption, title row or meeting date)."""
    src = ctx.schema.period
    if src is None or src.source == "column":
        return None
    if src.source == "context":
        return meeting_period(ctx.paper, src.context or "meeting_date")
    layout = ctx.schema.layout
    assert layout is not None
    text = ctx.table.caption if src.source == "caption" else grid.title_text(ctx.table, layout)
    if not text:
        raise TableFailure(f"period from the {src.source}, but the table has none")
    label = text
    if src.pattern:
        m = re.search(src.pattern, text, re.IGNORECASE)
        if m is None:
            raise TableFailure(f"period pattern {src.pattern!r} does not match {src.source} {text!r}")
        label = (
            m.group("period") if "period" in m.re.groupindex else (m.group(1) if m.groups() else m.group(0))
        )
    try:
        return parse_period(label.strip())
    except PeriodError as e:
        raise TableFailure(f"{src.source}: {e}") from None


def _total_rule(ctx: _Ctx, axis: str, text: str, last: bool) -> TotalRule | None:
    """The first total rule of ``axis`` that the label text (and position) satisfies."""
    for rule in ctx.schema.totals:
        if rule.axis == axis and _search(rule.match, text) and (rule.position == "any" or last):
            return rule
    return None


def _measure_by(ctx: _Ctx, attr: str, text: str) -> Measure | None:
    """The first measure whose ``attr`` regex (match/rows/section) matches ``text``."""
    return next((m for m in ctx.schema.measures if _search(getattr(m, attr), text)), None)


def _read_axis(ctx: _Ctx, axis: Axis, item: Item, at: tuple[int, int]) -> Item | None:
    """Fill an item's category/period/measure from its label per the axis kind; None (and an
    issue at ``at``) when the label cannot be read."""
    label = _strip(axis, item.label)
    try:
        if item.total is not None:
            if axis.kind == "category":
                return _with(item, category=(item.total.category_id, item.label))
            return item
        if axis.kind == "category":
            return _with(item, category=(category_id(label, ctx.schema.aliases), item.label))
        if axis.kind == "period":
            return item if item.measure else _with(item, period=parse_period(label))
        if axis.kind == "measure" and item.measure is None:
            found = _measure_by(ctx, "match", label)
            if found is None:
                ctx.issue(*at, f"no measure of {ctx.schema.family} matches label {item.label!r}")
                return None
            return _with(item, measure=found)
    except CategoryError as e:
        ctx.issue(*at, f"bad category label: {e}")
        return None
    except PeriodError as e:
        ctx.issue(*at, f"bad period label: {e}")
        return None
    return item


def _with(item: Item, **changes: object) -> Item:
    """A copy of ``item`` with fields replaced."""
    return replace(item, **changes)  # type: ignore[arg-type]


def column_items(ctx: _Ctx, value_cols: list[int]) -> list[Item]:
    """The value columns read as categories, periods or measures (bad ones reported, dropped)."""
    layout = ctx.schema.layout
    assert layout is not None
    h = grid.header_index(ctx.table, layout)
    out = []
    for k, c in enumerate(value_cols):
        label = grid.column_label(ctx.table, layout, c)
        total = _total_rule(ctx, "cols", label, k == len(value_cols) - 1)
        item = _read_axis(ctx, layout.cols, Item(c, label, total=total), (max(h, 0), c))
        if item is not None:
            out.append(item)
    return out


def _row_period(ctx: _Ctx, row: list[str], last: str, at: tuple[int, int]) -> tuple[Period | None, str]:
    """The period read from the schema's period column (filled down if asked); returns the
    period and the label to carry down.  Reports an unreadable label."""
    src = ctx.schema.period
    assert src is not None and src.col is not None
    text = grid.cell_text(row, src.col) or (last if src.fill_down else "")
    year = None
    if src.month_year_from_meeting and ctx.paper.meeting_date:
        year = int(ctx.paper.meeting_date[:4])
    try:
        return parse_period(text, year=year), text
    except PeriodError as e:
        ctx.issue(at[0], src.col, f"bad period label: {e}")
        return None, text


def row_items(ctx: _Ctx, value_cols: list[int]) -> list[Item]:
    """The body rows read as categories, periods or measures; section rows set the section
    of the rows below them; empty rows are skipped; bad labels are reported and dropped."""
    layout = ctx.schema.layout
    assert layout is not None
    period_src = ctx.schema.period
    by_column = period_src is not None and period_src.source == "column"
    header_n = len(ctx.table.header_rows)
    rows = ctx.table.rows
    out: list[Item] = []
    section: str | None = None
    carried = ""
    for i, row in enumerate(rows):
        r = header_n + i
        text = grid.row_text(row, value_cols)
        empty = grid.values_empty(row, value_cols)
        if empty and not text:
            continue
        if layout.sections and empty and _search(layout.sections, text):
            section = text
            continue
        total = _total_rule(ctx, "rows", text, i == len(rows) - 1)
        claimed = None if total else _measure_by(ctx, "rows", text)
        label = grid.row_label(row, layout.label_cols) or (text if total else "")
        item = Item(r, label, total=total, measure=claimed, section=section)
        if by_column and total is None:
            period, carried = _row_period(ctx, row, carried, (r, 0))
            if period is None:
                continue
            item = _with(item, period=period)
        if layout.rows.kind != "single" and not label and total is None and claimed is None:
            if not empty:
                ctx.issue(r, layout.label_cols[0] if layout.label_cols else 0, "row has figures but no label")
            continue
        read = _read_axis(ctx, layout.rows, item, (r, layout.label_cols[0] if layout.label_cols else 0))
        if read is not None:
            out.append(read)
    return out


def _span(items: list[Item], label: str) -> Period | None:
    """The span of the items' own periods (for totals and claimed rows on a period axis)."""
    periods = [i.period for i in items if i.period is not None]
    return span(periods, label) if periods else None


def _cell_measure(ctx: _Ctx, row: Item, col: Item) -> Measure | None:
    """The measure of a cell: the row's (claimed or axis), the column's, the section's, or
    the default."""
    if row.measure or col.measure:
        return row.measure or col.measure
    if row.section is not None:
        found = _measure_by(ctx, "section", row.section)
        if found:
            return found
    return next((m for m in ctx.schema.measures if m.is_default), None)


def _cell_category(ctx: _Ctx, row: Item, col: Item) -> tuple[str, str, str]:
    """(dimension, category id, category label) of a cell: the category axes combined
    (ids joined with ``.``, labels with `` | ``), or the schema's fixed category."""
    layout = ctx.schema.layout
    assert layout is not None
    parts = []
    if layout.rows.kind == "category" and row.category:
        parts.append((layout.rows.dimension or "", *row.category))
    if layout.cols.kind == "category" and col.category:
        parts.append((layout.cols.dimension or "", *col.category))
    if not parts:
        fixed = ctx.schema.category
        assert fixed is not None
        return fixed.dimension, fixed.id, fixed.label
    return (".".join(p[0] for p in parts), ".".join(p[1] for p in parts), " | ".join(p[2] for p in parts))


def _relabel(period: Period | None, label: str) -> Period | None:
    """A spanned period carrying the printed label of the total (or claimed) item."""
    return None if period is None else Period(period.start, period.end, label)


def _cell_period(
    ctx: _Ctx, row: Item, col: Item, spans: tuple[Period | None, Period | None], fixed: Period | None
) -> Period | None:
    """The period of a cell: from the column axis, the row axis/period column, or the table.
    A total (or claimed) item on the period axis gets the span of that axis's periods."""
    layout = ctx.schema.layout
    assert layout is not None
    if layout.cols.kind == "period":
        return col.period or _relabel(spans[1], col.label)
    by_col = ctx.schema.period is not None and ctx.schema.period.source == "column"
    if layout.rows.kind == "period" or by_col:
        return row.period or _relabel(spans[0], row.label)
    return fixed


def _observation(
    ctx: _Ctx,
    m: Measure,
    cat: tuple[str, str, str],
    period: Period,
    v: ParsedValue,
    place: grid.Place,
    is_total: bool,
) -> Observation:
    """One Observation with full provenance."""
    start, end = period.iso
    return Observation(
        series_id=m.series_id,
        series_title=m.title,
        dimension=cat[0],
        category_id=cat[1],
        category_label=cat[2],
        period_start=start,
        period_end=end,
        period_label=period.label,
        value=v.value,
        value_status=v.status,
        value_text=v.text,
        unit=m.unit,
        is_total=is_total,
        paper_file=ctx.paper.file,
        paper_sha256=ctx.paper.sha256,
        meeting_date=ctx.paper.meeting_date,
        page=place.page,
        table_id=ctx.table.id,
        row=place.row,
        col=place.col,
        bbox=place.bbox,
        method=ctx.table.method,
        decimals=v.decimals,
    )


def _share_observation(ctx: _Ctx, m: Measure, obs: Observation, v: ParsedValue) -> Observation:
    """The companion observation for the ``(10%)`` part of a ``120 (10%)`` cell."""
    assert m.share is not None
    return replace(
        obs,
        series_id=m.share.series_id,
        series_title=m.share.title,
        value=v.share,
        unit="percent",
        decimals=v.share_decimals,
    )


def map_table(paper: PaperRef, table: Table, schema: Schema, issues: list[MappingIssue]) -> list[Observation]:
    """All observations of one recognised table; cell problems go to ``issues``.

    Raises TableFailure when the table as a whole cannot be read (no period source)."""
    ctx = _Ctx(paper, table, schema, issues)
    layout = schema.layout
    assert layout is not None
    fixed = table_period(ctx)
    period_col = schema.period.col if schema.period and schema.period.source == "column" else None
    value_cols = grid.value_columns(table, layout, period_col)
    cols = column_items(ctx, value_cols)
    rows = row_items(ctx, value_cols)
    spans = (_span(rows, "span of rows"), _span(cols, "span of columns"))
    out: list[Observation] = []
    seen: dict[tuple[str, str, str, str], Observation] = {}
    for row in rows:
        body = table.rows[row.index - len(table.header_rows)]
        for col in cols:
            v = parse_value(grid.cell_text(body, col.index))
            if v.status == "missing" and layout.empty_cells == "skip":
                continue
            place = grid.place(table, row.index, col.index)
            m = _cell_measure(ctx, row, col)
            period = _cell_period(ctx, row, col, spans, fixed)
            if m is None or period is None:
                ctx.issue(row.index, col.index, "no measure or period for this cell")
                continue
            if v.status == "invalid":
                ctx.issue(row.index, col.index, f"value {v.text!r} is not a figure ({m.series_id})")
            cat = _cell_category(ctx, row, col)
            obs = _observation(ctx, m, cat, period, v, place, row.total is not None or col.total is not None)
            key = (obs.series_id, obs.category_id, obs.period_start, obs.period_end)
            if key in seen and not _same_figure(seen[key], obs):
                ctx.issue(row.index, col.index, f"duplicate observation {key}")
                continue
            # The same figure printed again (a table repeated on every page) is kept
            # as one more place of that figure (boardpack.repeats validates it once).
            seen.setdefault(key, obs)
            out.append(obs)
            if v.share is not None and m.share is not None:
                out.append(_share_observation(ctx, m, obs, v))
    return out


MIN_CONFIDENCE = 0.5
"""Below this extraction confidence a table is kept as tidy cells only: a family's series
should not be built on a grid the extractor was unsure of."""


def _same_figure(a: Observation, b: Observation) -> bool:
    """True when two cells print the same value of the same figure."""
    return (a.value, a.value_status) == (b.value, b.value_status)


def map_paper(
    paper: PaperRef, tables: list[Table], schemas: tuple[Schema, ...] | None = None
) -> MappingResult:
    """Recognise and map every table of one paper, and tidy every data table.

    Every table gets one ``TableMapping``: mapped by a family, or unmapped with the
    reason (layout table, low confidence, no family matched, ambiguous, the family's own
    ``unmapped`` reason, or why its family could not read it).  Every data table's
    numeric cells are tidy cells, mapped or not.  Never raises for bad cells: they
    become issues."""
    result = MappingResult()
    families = default_schemas() if schemas is None else schemas
    for table in tables:
        table = grid.settle_header(table)
        cells = tidy_table(paper, table)
        result.cells.extend(cells)
        mapping = _map_one(paper, table, families, result)
        result.tables.append(replace(mapping, tidy_cells=len(cells)))
    return result


def _map_one(
    paper: PaperRef, table: Table, families: tuple[Schema, ...], result: MappingResult
) -> TableMapping:
    """Map one table into ``result`` (observations, issues) and say what happened."""

    def unmapped(reason: str, family: str | None = None) -> TableMapping:
        return TableMapping(paper.sha256, table.id, "unmapped", family, reason, 0, 0)

    if table.kind == "layout":
        return unmapped("layout table (prose or chart legend), not data")
    if table.confidence < MIN_CONFIDENCE:
        return unmapped(
            f"low confidence: extracted with confidence {table.confidence:.2f} < {MIN_CONFIDENCE}"
        )
    match = recognise(table, families)
    if match.schema is None:
        return unmapped(match.reason)
    family = match.schema.family
    if match.schema.unmapped is not None:
        return unmapped(f"{family}: {match.schema.unmapped}", family)
    try:
        obs = map_table(paper, table, match.schema, result.issues)
    except TableFailure as e:
        page = table.pages[0] if table.pages else 0
        result.issues.append(MappingIssue(paper.file, page, table.id, None, None, str(e)))
        return unmapped(f"{family}: {e}", family)
    result.observations.extend(obs)
    return TableMapping(paper.sha256, table.id, "mapped", family, match.reason, len(obs), 0)
