"""Reading the store: every record the audit site shows, in one read-only pass.

Tables and columns that older stores lack (``table_mappings``, ``tidy_cells``, the
paper-fact columns, the release's ``dataset_*`` tables) are read when present and left
empty otherwise, so the site renders any store a run of any version left behind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from boardpack.quarantine import QuarantineItem
from boardpack.report.records import (
    CellInfo,
    CheckTally,
    ExtractionErrorRow,
    Figure,
    FigureSource,
    Finding,
    PaperInfo,
    Revision,
    SeriesInfo,
    SiteData,
    TableInfo,
    TableMapping,
)
from extractors.records import PageBox

SEVERITY_ORDER = {"error": 0, "warning": 1}
FACT_COLUMNS = ("meeting_date_source", "board_source", "title_source")
"""Columns of ``papers`` saying where each paper fact came from (newer stores only)."""


def load_site_data(database: Path, figures_of: Collection[str] | None = None) -> SiteData:
    """Read everything the site needs from the store at ``database`` (read-only); the
    figures only of the series ``figures_of`` when given."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return read_site_data(con, figures_of)
    finally:
        con.close()


def load_figures(database: Path, series_ids: Collection[str]) -> list[Figure]:
    """The figures of the series ``series_ids`` only, from the store at ``database``."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return read_figures(con, series_ids)
    finally:
        con.close()


def read_site_data(con: duckdb.DuckDBPyConnection, figures_of: Collection[str] | None = None) -> SiteData:
    """Everything the site needs, from an open store; the figures only of the series
    ``figures_of`` when given."""
    return read_release_side(con, read_paper_side(con), figures_of)


def read_paper_side(con: duckdb.DuckDBPyConnection) -> SiteData:
    """What the site shows of the papers, from an open store: their facts, tables and
    cells, the failed checks and the tally of every check, the mappings and the
    extraction errors.  The release's side (its id, the quarantine, the data dictionary,
    the figures), which publishing writes, is left empty (``read_release_side``)."""
    return SiteData(
        release_id=None,
        papers=read_papers(con),
        tables=read_tables(con),
        cells=read_cells(con),
        findings=sort_findings(read_findings(con)),
        quarantine=[],
        tallies=read_tallies(con),
        extraction_errors=read_extraction_errors(con),
        mappings=read_mappings(con),
    )


def read_release_side(
    con: duckdb.DuckDBPyConnection, papers: SiteData, figures_of: Collection[str] | None = None
) -> SiteData:
    """``papers`` (``read_paper_side``'s) with the release's side read from an open store:
    its id, the quarantine, the data dictionary, and the figures (only of the series
    ``figures_of`` when given)."""
    return replace(
        papers,
        release_id=read_release_id(con),
        quarantine=read_quarantine(con),
        series=read_series(con),
        figures=read_figures(con, figures_of),
    )


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """The store has a table called ``name``."""
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    row = found.fetchone()
    return bool(row and row[0])


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """The column names of ``table`` (empty when there is no such table)."""
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table])
    return {r[0] for r in rows.fetchall()}


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def parse_bbox(text: str | None) -> list[PageBox]:
    """The ``tables.bbox`` text (``"page:x0,top,x1,bottom;…"``) as page boxes."""
    boxes = []
    for part in (text or "").split(";"):
        if ":" not in part:
            continue
        page, coords = part.split(":", 1)
        values = [float(v) for v in coords.split(",")]
        if len(values) == 4:
            boxes.append(PageBox(int(page), (values[0], values[1], values[2], values[3])))
    return boxes


def read_release_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The current release's id, None before the first release."""
    if not has_table(con, "dataset_release"):
        return None
    got = con.execute("SELECT release_id FROM dataset_release").fetchone()
    return str(got[0]) if got else None


def read_papers(con: duckdb.DuckDBPyConnection) -> list[PaperInfo]:
    """Every paper with its table and observation counts, by meeting date."""
    present = columns_of(con, "papers")
    facts = ", ".join(f"p.{c}" if c in present else "NULL" for c in FACT_COLUMNS)
    rows = _rows(
        con,
        f"""
        SELECT p.paper_sha256, p.paper_file, p.path, p.board, p.meeting_date, p.title,
               coalesce(p.pages, 0), coalesce(p.extraction_errors, 0),
               (SELECT count(*) FROM tables t WHERE t.paper_sha256 = p.paper_sha256),
               (SELECT count(*) FROM observations o WHERE o.paper_sha256 = p.paper_sha256),
               {facts}
        FROM papers p ORDER BY p.meeting_date NULLS LAST, p.paper_file""",
    )
    return [PaperInfo(*r) for r in rows]


def read_tables(con: duckdb.DuckDBPyConnection) -> list[TableInfo]:
    """Every extracted table, with its bboxes parsed."""
    rows = _rows(
        con,
        """
        SELECT paper_sha256, table_id, kind, pages, caption, header_row_count, method,
               confidence, bbox FROM tables ORDER BY paper_sha256, table_id""",
    )
    return [
        TableInfo(
            r[0],
            r[1],
            r[2] or "",
            tuple(int(p) for p in (r[3] or "").split(",") if p.strip()),
            r[4],
            int(r[5] or 0),
            r[6] or "",
            float(r[7] or 0.0),
            tuple(parse_bbox(r[8])),
        )
        for r in rows
    ]


def read_cells(con: duckdb.DuckDBPyConnection) -> list[CellInfo]:
    """Every cell of every extracted table."""
    # Two hundred thousand cells at a thousand papers: the query gives each field as the
    # record holds it, so a row becomes a cell without a call per field.
    rows = _rows(
        con,
        """
        SELECT paper_sha256, table_id, row, col, coalesce(is_header, false), coalesce(text, ''),
               coalesce(page, 0), x0, top, x1, bottom
        FROM cells ORDER BY paper_sha256, table_id, row, col""",
    )
    return [
        CellInfo(sha, table, row, col, header, text, page,
                 None if x0 is None or top is None or x1 is None or bottom is None else (x0, top, x1, bottom))
        for sha, table, row, col, header, text, page, x0, top, x1, bottom in rows
    ]  # fmt: skip


def read_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every failed validation result."""
    rows = _rows(
        con,
        """
        SELECT suite, "check", severity, message, series_id, paper_sha256, paper_file, page,
               table_id, row, col, expected, observed, also_cells
        FROM validation_results WHERE NOT success""",
    )
    return [
        Finding(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            parse_cells(r[13]),
        )
        for r in rows
    ]


def parse_cells(text: str | None) -> tuple[tuple[int, int], ...]:
    """The ``also_cells`` text (``"row:col;row:col"``) as (row, col) pairs."""
    out = []
    for part in (text or "").split(";"):
        row, sep, col = part.partition(":")
        if sep and row.strip().isdigit() and col.strip().isdigit():
            out.append((int(row), int(col)))
    return tuple(out)


def read_quarantine(con: duckdb.DuckDBPyConnection) -> list[QuarantineItem]:
    """Everything the run could not read, with its reason."""
    rows = _rows(con, 'SELECT stage, file, page, table_id, "row", col, reason FROM quarantine')
    return [QuarantineItem(*r) for r in rows]


def read_tallies(con: duckdb.DuckDBPyConnection) -> list[CheckTally]:
    """How often each check of each suite ran, passed and failed (a result not checked,
    ``checked`` false, is counted as run, not as passed)."""
    passed = (
        "success AND checked IS NOT FALSE"
        if "checked" in columns_of(con, "validation_results")
        else "success"
    )
    rows = _rows(
        con,
        f"""
        SELECT suite, "check", count(*), count(*) FILTER (WHERE {passed}),
               count(*) FILTER (WHERE NOT success AND severity = 'error'),
               count(*) FILTER (WHERE NOT success AND severity = 'warning')
        FROM validation_results GROUP BY suite, "check" ORDER BY suite, "check" """,
    )
    return [CheckTally(*r) for r in rows]


def read_extraction_errors(con: duckdb.DuckDBPyConnection) -> list[ExtractionErrorRow]:
    """Pages that extraction could not parse."""
    rows = _rows(con, "SELECT paper_sha256, paper_file, page, message FROM extraction_errors")
    return [ExtractionErrorRow(*r) for r in rows]


def read_mappings(con: duckdb.DuckDBPyConnection) -> list[TableMapping] | None:
    """How mapping treated each table, with its tidy-cell count; None when the store has no
    ``table_mappings``."""
    if not has_table(con, "table_mappings"):
        return None
    tidy = "NULL"
    if {"paper_sha256", "table_id"} <= columns_of(con, "tidy_cells"):
        tidy = """(SELECT count(*) FROM tidy_cells c
                   WHERE c.paper_sha256 = m.paper_sha256 AND c.table_id = m.table_id)"""
    rows = _rows(
        con,
        f"""
        SELECT m.paper_sha256, m.table_id, m.status, m.family, m.reason,
               coalesce(m.observations, 0), {tidy}
        FROM table_mappings m ORDER BY m.paper_sha256, m.table_id""",
    )
    return [TableMapping(*r) for r in rows]


def read_series(con: duckdb.DuckDBPyConnection) -> list[SeriesInfo]:
    """The release's data dictionary, by series id (empty before the first release)."""
    if not has_table(con, "dataset_series"):
        return []
    rows = _rows(
        con,
        """
        SELECT id, title, dimension, unit, definition, strftime(first_period, '%Y-%m-%d'),
               strftime(last_period, '%Y-%m-%d'), observations
        FROM dataset_series ORDER BY id""",
    )
    return [
        SeriesInfo(r[0], r[1] or r[0], r[2] or "", r[3] or "", r[4] or "", r[5], r[6], int(r[7] or 0))
        for r in rows
    ]


def _of_series(series_ids: Collection[str] | None) -> tuple[str, list[Any]]:
    """A condition keeping the figures of ``series_ids`` (all when None), and its parameters."""
    if series_ids is None:
        return "TRUE", []
    return "series_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(series_ids)]


def _observations_of(series_ids: Collection[str] | None) -> tuple[str, list[Any]]:
    """A condition keeping the rows of the figures of ``series_ids`` (all when None) of a
    table keyed by observation id, and its parameters."""
    where, params = _of_series(series_ids)
    if series_ids is None:
        return where, params
    return f"observation_id IN (SELECT observation_id FROM dataset_observations_full WHERE {where})", params


def read_sources(
    con: duckdb.DuckDBPyConnection, series_ids: Collection[str] | None = None
) -> dict[str, list[FigureSource]]:
    """Every paper cell behind each figure (by observation id; of the series
    ``series_ids`` only when given), earliest meeting first."""
    mine, params = _observations_of(series_ids)
    rows = con.execute(
        f"""
        SELECT observation_id, paper_sha256, paper_file, meeting_date, page, table_id, row, col,
               value_text, validation_status
        FROM dataset_sources WHERE {mine} ORDER BY observation_id, meeting_date NULLS FIRST, paper_file""",
        params,
    ).fetchall()
    out: dict[str, list[FigureSource]] = defaultdict(list)
    for r in rows:
        out[r[0]].append(
            FigureSource(r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]), r[8] or "", r[9] or "")
        )
    return out


def read_revisions(
    con: duckdb.DuckDBPyConnection, series_ids: Collection[str] | None = None
) -> dict[str, list[Revision]]:
    """The revisions of each figure (by observation id; of the series ``series_ids``
    only when given), earliest first."""
    mine, params = _observations_of(series_ids)
    rows = con.execute(
        f"""
        SELECT observation_id, earlier_text, earlier_paper, later_text, later_paper
        FROM dataset_revisions WHERE {mine} ORDER BY observation_id, earlier_meeting_date NULLS FIRST""",
        params,
    ).fetchall()
    out: dict[str, list[Revision]] = defaultdict(list)
    for r in rows:
        out[r[0]].append(Revision(r[1] or "", r[2], r[3] or "", r[4]))
    return out


def read_figures(con: duckdb.DuckDBPyConnection, series_ids: Collection[str] | None = None) -> list[Figure]:
    """Every published figure (the full set, failed ones included; of the series
    ``series_ids`` only when given) with its sources and revisions, by series, category
    and period; empty before the first release."""
    if not has_figures(con) or (series_ids is not None and not series_ids):
        return []
    sources = read_sources(con, series_ids)
    revisions = read_revisions(con, series_ids) if has_table(con, "dataset_revisions") else {}
    where, params = _of_series(series_ids)
    rows = con.execute(
        f"""
        SELECT observation_id, series_id, category_id, category_label,
               strftime(period_start, '%Y-%m-%d'), strftime(period_end, '%Y-%m-%d'), period_label,
               value, value_text, value_status, validation_status, paper_file, table_id, row, col
        FROM dataset_observations_full WHERE {where} ORDER BY series_id, category_id, period_start, period_end""",
        params,
    ).fetchall()
    figures = []
    for r in rows:
        mine = tuple(sources.get(r[0], ()))
        chosen = next(
            (s for s in mine if (s.paper_file, s.table_id, s.row, s.col) == (r[11], r[12], r[13], r[14])),
            mine[-1] if mine else None,
        )
        figures.append(
            Figure(
                observation_id=r[0],
                series_id=r[1],
                category_id=r[2],
                category_label=r[3] or r[2],
                period_start=r[4],
                period_end=r[5],
                period_label=r[6] or "",
                value=None if r[7] is None else float(r[7]),
                value_text=r[8] or "",
                value_status=r[9] or "",
                validation_status=r[10] or "",
                chosen=chosen,
                sources=mine,
                revisions=tuple(revisions.get(r[0], ())),
            )
        )
    return figures


def has_figures(con: duckdb.DuckDBPyConnection) -> bool:
    """The store holds a release's figures and their sources."""
    return all(has_table(con, t) for t in ("dataset_observations_full", "dataset_sources"))


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings; within each by paper, page, table, row, col."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER.get(f.severity, 2),
            f.paper_file or "",
            f.page or 0,
            f.table_id or "",
            f.row if f.row is not None else -1,
            f.col if f.col is not None else -1,
            f.check,
        ),
    )
