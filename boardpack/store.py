"""The DuckDB store: one file that holds every stage's output, keyed by paper hash.

Writes are idempotent: a paper's rows are replaced (delete by ``paper_sha256``, then
insert) inside one transaction, so rerunning on the same papers duplicates nothing.
Column meanings are documented in README.md ("The DuckDB store").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb

from boardpack.models import Paper, ValidationResult
from extractors.records import PaperTables, bbox_columns
from schemas.records import Observation

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    paper_sha256 VARCHAR PRIMARY KEY, paper_file VARCHAR, path VARCHAR, board VARCHAR,
    meeting_date VARCHAR, title VARCHAR, source VARCHAR, pages INTEGER, extraction_errors INTEGER,
    extractor VARCHAR
);
CREATE TABLE IF NOT EXISTS tables (
    paper_sha256 VARCHAR, table_id VARCHAR, kind VARCHAR, pages VARCHAR, caption VARCHAR,
    header_row_count INTEGER, row_count INTEGER, col_count INTEGER, method VARCHAR,
    confidence DOUBLE, bbox VARCHAR, confidence_note VARCHAR, PRIMARY KEY (paper_sha256, table_id)
);
CREATE TABLE IF NOT EXISTS cells (
    paper_sha256 VARCHAR, table_id VARCHAR, row INTEGER, col INTEGER, is_header BOOLEAN,
    text VARCHAR, page INTEGER, x0 DOUBLE, top DOUBLE, x1 DOUBLE, bottom DOUBLE,
    PRIMARY KEY (paper_sha256, table_id, row, col)
);
CREATE TABLE IF NOT EXISTS extraction_errors (
    paper_sha256 VARCHAR, paper_file VARCHAR, page INTEGER, message VARCHAR
);
CREATE TABLE IF NOT EXISTS quarantine (
    stage VARCHAR, file VARCHAR, page INTEGER, table_id VARCHAR, "row" INTEGER, col INTEGER, reason VARCHAR
);
CREATE TABLE IF NOT EXISTS observations (
    series_id VARCHAR, series_title VARCHAR, dimension VARCHAR, category_id VARCHAR,
    category_label VARCHAR, period_start DATE, period_end DATE, period_label VARCHAR,
    value DOUBLE, value_status VARCHAR, value_text VARCHAR, unit VARCHAR, is_total BOOLEAN,
    paper_file VARCHAR, paper_sha256 VARCHAR, meeting_date VARCHAR, page INTEGER,
    table_id VARCHAR, row INTEGER, col INTEGER, x0 DOUBLE, top DOUBLE, x1 DOUBLE,
    bottom DOUBLE, method VARCHAR, decimals INTEGER, validation_status VARCHAR
);
CREATE TABLE IF NOT EXISTS validation_results (
    suite VARCHAR, "check" VARCHAR, success BOOLEAN, severity VARCHAR, message VARCHAR,
    series_id VARCHAR, paper_file VARCHAR, page INTEGER, table_id VARCHAR, row INTEGER,
    col INTEGER, expected VARCHAR, observed VARCHAR, also_cells VARCHAR, paper_sha256 VARCHAR
);
"""

OBSERVATION_COLUMNS = [
    "series_id", "series_title", "dimension", "category_id", "category_label", "period_start",
    "period_end", "period_label", "value", "value_status", "value_text", "unit", "is_total",
    "paper_file", "paper_sha256", "meeting_date", "page", "table_id", "row", "col", "x0", "top",
    "x1", "bottom", "method", "decimals", "validation_status",
]  # fmt: skip


SCHEMA_VERSION = "3"
"""Bumped whenever SCHEMA changes; a store of another version is rebuilt."""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store at ``path`` with every table present.

    The store holds derived data only (papers stay in the source, releases in
    ``releases/``), so a store written by another schema version is emptied and
    refilled by the run rather than migrated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE IF NOT EXISTS store_meta (version VARCHAR)")
    found = con.execute("SELECT version FROM store_meta").fetchone()
    if found is None or found[0] != SCHEMA_VERSION:  # no version: written before versions existed
        for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall():
            if name != "store_meta":
                con.execute(f'DROP TABLE "{name}"')
        con.execute("DELETE FROM store_meta")
        con.execute("INSERT INTO store_meta VALUES (?)", [SCHEMA_VERSION])
    con.execute(SCHEMA)
    return con


def _replace(con: duckdb.DuckDBPyConnection, table: str, sha: str, rows: Sequence[Sequence[Any]]) -> None:
    con.execute(f"DELETE FROM {table} WHERE paper_sha256 = ?", [sha])
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def paper_rows(paper: Paper, extracted: PaperTables, extractor: str) -> list[list[Any]]:
    """The ``papers`` row of one paper; ``extractor`` is the code version that read it."""
    return [[
        paper.sha256, paper.file, paper.path, paper.board, paper.meeting_date, paper.title,
        paper.source, extracted.pages, len(extracted.errors), extractor,
    ]]  # fmt: skip


def table_rows(extracted: PaperTables) -> list[list[Any]]:
    """The ``tables`` rows of one paper; pages and bbox serialised as text."""
    out = []
    for t in extracted.tables:
        bbox = ";".join(f"{b.page}:{','.join(f'{v:.1f}' for v in b.bbox)}" for b in t.bbox)
        ncols = max((len(r) for r in t.header_rows + t.rows), default=0)
        out.append([
            extracted.sha256, t.id, t.kind, ",".join(map(str, t.pages)), t.caption,
            len(t.header_rows), len(t.rows), ncols, t.method, t.confidence, bbox, t.confidence_note,
        ])  # fmt: skip
    return out


def cell_rows(extracted: PaperTables) -> list[list[Any]]:
    """The ``cells`` rows of one paper, one per grid position."""
    return [
        [
            extracted.sha256,
            t.id,
            c.row,
            c.col,
            c.row < len(t.header_rows),
            c.text,
            c.page,
            *bbox_columns(c.bbox).values(),
        ]
        for t in extracted.tables
        for c in t.cells
    ]


def observation_rows(
    observations: Iterable[Observation], status: dict[tuple[str, str, str, str], str]
) -> list[list[Any]]:
    """``observations`` rows; ``status`` maps an observation key to its validation status."""
    rows = []
    for o in observations:
        d = asdict(o)
        d.update(bbox_columns(d.pop("bbox")))
        d["validation_status"] = status.get(o.key, "unchecked")
        rows.append([d[c] for c in OBSERVATION_COLUMNS])
    return rows


def save_paper(con: duckdb.DuckDBPyConnection, paper: Paper, extracted: PaperTables, extractor: str) -> None:
    """Replace everything extraction recorded for ``paper``."""
    sha = paper.sha256
    con.begin()
    _replace(con, "papers", sha, paper_rows(paper, extracted, extractor))
    _replace(con, "tables", sha, table_rows(extracted))
    _replace(con, "cells", sha, cell_rows(extracted))
    errors = [[sha, e.file, e.page, e.message] for e in extracted.errors]
    _replace(con, "extraction_errors", sha, errors)
    con.commit()


PER_PAPER_TABLES = ("papers", "tables", "cells", "extraction_errors", "observations", "validation_results")


def forget_papers_except(con: duckdb.DuckDBPyConnection, keep: Sequence[str]) -> None:
    """Remove every paper not in ``keep`` (sha256s): the store mirrors the current run,
    so a paper taken out of the source leaves it too (it stays in older releases)."""
    con.execute("CREATE OR REPLACE TEMP TABLE keep_papers (sha VARCHAR)")
    con.executemany("INSERT INTO keep_papers VALUES (?)", [[sha] for sha in keep])
    for table in PER_PAPER_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE paper_sha256 IS NOT NULL "
            "AND paper_sha256 NOT IN (SELECT sha FROM keep_papers)"
        )


def stored_papers(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Papers already in the store: sha256 → the extractor version that read them."""
    return dict(con.execute("SELECT paper_sha256, extractor FROM papers").fetchall())


def save_quarantine(con: duckdb.DuckDBPyConnection, items: Sequence[Any]) -> None:
    """Replace the quarantine with this run's items (``QuarantineItem`` records)."""
    con.execute("DELETE FROM quarantine")
    rows = [[i.stage, i.file, i.page, i.table_id, i.row, i.col, i.reason] for i in items]
    if rows:
        con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def result_row(r: ValidationResult) -> list[Any]:
    """A ``validation_results`` row; further cells as ``row:col;row:col`` text."""
    d = asdict(r)
    d["also_cells"] = ";".join(f"{row}:{col}" for row, col in r.also_cells) or None
    return list(d.values())


def save_run_results(con: duckdb.DuckDBPyConnection, results: Sequence[ValidationResult]) -> None:
    """Replace the results that concern no single paper (passed expectations, suite-level
    failures): stored with an empty ``paper_sha256``."""
    con.execute("DELETE FROM validation_results WHERE paper_sha256 IS NULL")
    rows = [result_row(r) for r in results]
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO validation_results VALUES ({marks})", rows)


def save_observations(
    con: duckdb.DuckDBPyConnection,
    sha: str,
    observations: Sequence[Observation],
    results: Sequence[ValidationResult],
    status: dict[tuple[str, str, str, str], str],
) -> None:
    """Replace one paper's observations and validation results."""
    con.begin()
    _replace(con, "observations", sha, observation_rows(observations, status))
    vrows = [result_row(r) for r in results]
    _replace(con, "validation_results", sha, vrows)
    con.commit()
