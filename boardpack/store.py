"""The DuckDB store: one file that holds every stage's output, keyed by paper hash.

Writes are idempotent: a paper's rows are replaced (delete by ``paper_sha256``, then
insert) inside one transaction, so rerunning on the same papers duplicates nothing.
Column meanings are documented in README.md ("The DuckDB store").
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from boardpack.errors import StoreError
from boardpack.models import CELL_VALIDATION_STATUS, VALIDATION_STATUS, Paper, ValidationResult
from boardpack.quarantine import QuarantineItem
from boardpack.sources import PaperName
from boardpack.worker import PaperRead
from extractors.records import PaperTables, bbox_columns
from schemas.columns import Column, record_row
from schemas.records import (
    OBSERVATION_COLUMNS,
    TABLE_MAPPING_COLUMNS,
    TIDY_CELL_COLUMNS,
    MappingResult,
    Observation,
)

T = TypeVar("T")

LOCK_RETRY_SECONDS = 0.05
"""How often ``connect`` tries again while another process holds the store."""

_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "number": "DOUBLE",
    "integer": "INTEGER",
    "boolean": "BOOLEAN",
    "date": "DATE",
}


def table_ddl(table: str, columns: Sequence[Column], key: Sequence[str] = ()) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``columns`` (names quoted, types from the Table
    Schema type), with a primary key when ``key`` is given."""
    parts = [f'"{c.name}" {_DUCKDB_TYPES[c.type]}' for c in columns]
    if key:
        parts.append(f"PRIMARY KEY ({', '.join(key)})")
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(parts) + "\n);\n"


OBSERVATION_STORE_COLUMNS = (*OBSERVATION_COLUMNS, VALIDATION_STATUS)
"""The ``observations`` table: every Observation column, then its validation status."""
TIDY_CELL_STORE_COLUMNS = (*TIDY_CELL_COLUMNS, CELL_VALIDATION_STATUS)
"""The ``tidy_cells`` table: every TidyCell column, then its validation status (set by
validation; empty until then)."""

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS papers (
    paper_sha256 VARCHAR PRIMARY KEY, paper_file VARCHAR, path VARCHAR, board VARCHAR,
    meeting_date VARCHAR, title VARCHAR, source VARCHAR, pages INTEGER, extraction_errors INTEGER,
    extractor VARCHAR, meeting_date_source VARCHAR, board_source VARCHAR, title_source VARCHAR,
    mapping VARCHAR
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
    stage VARCHAR, file VARCHAR, page INTEGER, table_id VARCHAR, "row" INTEGER, col INTEGER, reason VARCHAR,
    kind VARCHAR, paper_sha256 VARCHAR
);
CREATE TABLE IF NOT EXISTS paper_names (
    paper_sha256 VARCHAR, file VARCHAR, path VARCHAR, source VARCHAR, is_label BOOLEAN
);
CREATE TABLE IF NOT EXISTS paper_status (
    paper_sha256 VARCHAR PRIMARY KEY, status VARCHAR, kind VARCHAR, message VARCHAR, seconds DOUBLE
);
CREATE TABLE IF NOT EXISTS run_state (run_key VARCHAR, release_id VARCHAR);
CREATE TABLE IF NOT EXISTS validation_results (
    suite VARCHAR, "check" VARCHAR, success BOOLEAN, severity VARCHAR, message VARCHAR,
    series_id VARCHAR, paper_file VARCHAR, page INTEGER, table_id VARCHAR, row INTEGER,
    col INTEGER, expected VARCHAR, observed VARCHAR, also_cells VARCHAR, paper_sha256 VARCHAR,
    category_id VARCHAR, period_start DATE, period_end DATE,
    also_figures STRUCT(series_id VARCHAR, category_id VARCHAR, period_start DATE, period_end DATE,
                        paper_sha256 VARCHAR)[],
    checked BOOLEAN
);
"""
    + table_ddl("observations", OBSERVATION_STORE_COLUMNS)
    + table_ddl("tidy_cells", TIDY_CELL_STORE_COLUMNS, ("paper_sha256", "table_id", "row", "col"))
    + table_ddl("table_mappings", TABLE_MAPPING_COLUMNS, ("paper_sha256", "table_id"))
)


SCHEMA_VERSION = "8"
"""Bumped whenever SCHEMA changes; a store of another version is rebuilt."""


def connect(path: Path, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store at ``path`` with every table present; while
    another process holds it open (DuckDB takes one writer or many readers), keep trying
    for up to ``wait`` seconds.

    The store holds derived data only (papers stay in the source, releases in
    ``releases/``), so a store written by another schema version is emptied and
    refilled by the run rather than migrated."""
    deadline = time.monotonic() + wait
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(path))
            break
        except (OSError, duckdb.Error) as exc:
            held = isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()
            if not held or time.monotonic() >= deadline:
                raise StoreError(f"cannot open the store {path} for writing: {_first_line(exc)}") from exc
            time.sleep(LOCK_RETRY_SECONDS)
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


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Append ``rows`` (values in the table's column order) to ``table``.

    The rows go in as one Arrow table, cast by DuckDB to the column types (text dates
    included): hundreds of times faster than a prepared insert per row, which made
    storing a paper take a second.  A column Arrow cannot type (mixed kinds of value)
    falls back to row-by-row inserts, slower but the same rows."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    try:
        batch = pa.table({f"c{i}": pa.array(values) for i, values in enumerate(columns)})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        return
    con.register("_boardpack_rows", batch)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _boardpack_rows")
    finally:
        con.unregister("_boardpack_rows")


def _replace(con: duckdb.DuckDBPyConnection, table: str, sha: str, rows: Sequence[Sequence[Any]]) -> None:
    con.execute(f"DELETE FROM {table} WHERE paper_sha256 = ?", [sha])
    insert_rows(con, table, rows)


def replace_papers(
    con: duckdb.DuckDBPyConnection, table: str, shas: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Replace the rows of every paper in ``shas`` with ``rows``: one delete and one
    insert for the lot, since a delete per paper scans the table each time and made
    storing a run grow with the square of its papers."""
    con.execute("CREATE OR REPLACE TEMP TABLE replaced_papers (sha VARCHAR)")
    insert_rows(con, "replaced_papers", [[sha] for sha in shas])
    con.execute(f"DELETE FROM {table} WHERE paper_sha256 IN (SELECT sha FROM replaced_papers)")
    insert_rows(con, table, rows)


def paper_rows(paper: Paper, extracted: PaperTables, extractor: str) -> list[list[Any]]:
    """The ``papers`` row of one paper; ``extractor`` is the code version that read it."""
    return [[
        paper.sha256, paper.file, paper.path, paper.board, paper.meeting_date, paper.title,
        paper.source, extracted.pages, len(extracted.errors), extractor,
        paper.meeting_date_source, paper.board_source, paper.title_source, None,
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
    return [[*record_row(o).values(), status.get(o.key, "unchecked")] for o in observations]


def save_paper(con: duckdb.DuckDBPyConnection, paper: Paper, extracted: PaperTables, extractor: str) -> None:
    """Replace everything extraction recorded for ``paper``."""
    save_papers(con, [(paper, extracted)], extractor)


def save_papers(
    con: duckdb.DuckDBPyConnection, papers: Sequence[tuple[Paper, PaperTables]], extractor: str
) -> None:
    """Replace everything extraction recorded for each paper (with its extraction), in
    one transaction."""
    con.begin()
    for batch in batches(papers):
        shas = [paper.sha256 for paper, _ in batch]
        rows: dict[str, list[list[Any]]] = {"papers": [], "tables": [], "cells": [], "extraction_errors": []}
        for paper, extracted in batch:
            rows["papers"] += paper_rows(paper, extracted, extractor)
            rows["tables"] += table_rows(extracted)
            rows["cells"] += cell_rows(extracted)
            rows["extraction_errors"] += [[paper.sha256, e.file, e.page, e.message] for e in extracted.errors]
        for table, new_rows in rows.items():
            replace_papers(con, table, shas, new_rows)
    con.commit()


PAPERS_PER_BATCH = 50
"""Papers whose rows are built and written at a time: a thousand papers' cells built as
rows at once took hundreds of MB; fifty at a time keep the delete-and-insert per batch
(not per paper) that makes storing a run linear."""


def batches(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of ``PAPERS_PER_BATCH``."""
    for start in range(0, len(items), PAPERS_PER_BATCH):
        yield items[start : start + PAPERS_PER_BATCH]


def mapping_rows(result: MappingResult) -> tuple[list[list[Any]], list[list[Any]]]:
    """The ``tidy_cells`` and ``table_mappings`` rows of one paper's mapping."""
    cells = [[*record_row(c).values(), None] for c in result.cells]
    tables = [list(record_row(t).values()) for t in result.tables]
    return cells, tables


def save_mapping(con: duckdb.DuckDBPyConnection, sha: str, result: MappingResult) -> None:
    """Replace one paper's tidy cells and table mappings."""
    save_mappings(con, {sha: result})


def save_mappings(
    con: duckdb.DuckDBPyConnection,
    results: Mapping[str, MappingResult],
    made_by: Mapping[str, str] | None = None,
) -> None:
    """Replace the tidy cells and table mappings of each paper (sha256 → its mapping);
    ``made_by`` (sha256 → fingerprint, ``stored_mappings``) records what made each."""
    con.begin()
    for batch in batches(list(results.items())):
        cells: list[list[Any]] = []
        tables: list[list[Any]] = []
        for _, result in batch:
            c, t = mapping_rows(result)
            cells += c
            tables += t
        shas = [sha for sha, _ in batch]
        replace_papers(con, "tidy_cells", shas, cells)
        replace_papers(con, "table_mappings", shas, tables)
    if made_by:
        con.execute("CREATE OR REPLACE TEMP TABLE made_by (sha VARCHAR, mapping VARCHAR)")
        insert_rows(con, "made_by", [[sha, made_by[sha]] for sha in results if sha in made_by])
        con.execute("UPDATE papers SET mapping = m.mapping FROM made_by m WHERE papers.paper_sha256 = m.sha")
    con.commit()


def stored_mappings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Papers whose mapping the store holds: sha256 → the fingerprint of what made it
    (``save_mappings``'s ``made_by``).  Storing a paper's extraction again forgets it."""
    rows = con.execute("SELECT paper_sha256, mapping FROM papers WHERE mapping IS NOT NULL").fetchall()
    return dict(rows)


def save_cell_status(con: duckdb.DuckDBPyConnection, status: dict[tuple[str, str, int, int], str]) -> None:
    """Set each tidy cell's validation status (keyed by paper sha256, table, row, col)."""
    if not status:
        return
    import pandas as pd

    frame = pd.DataFrame([(*key, value) for key, value in status.items()],
                         columns=["paper_sha256", "table_id", "row", "col", "status"])  # fmt: skip
    con.register("cell_status", frame)
    try:
        con.execute(
            """UPDATE tidy_cells t SET validation_status = s.status FROM cell_status s
               WHERE t.paper_sha256 = s.paper_sha256 AND t.table_id = s.table_id AND t.row = s.row
                 AND t.col = s.col"""
        )
    finally:
        con.unregister("cell_status")


PER_PAPER_TABLES = (
    "papers", "tables", "cells", "extraction_errors", "observations", "validation_results", "tidy_cells",
    "table_mappings", "paper_status",
)  # fmt: skip


def forget_papers_except(con: duckdb.DuckDBPyConnection, keep: Sequence[str]) -> None:
    """Remove every paper not in ``keep`` (sha256s): the store mirrors the current run,
    so a paper taken out of the source leaves it too (it stays in older releases)."""
    con.execute("CREATE OR REPLACE TEMP TABLE keep_papers (sha VARCHAR)")
    insert_rows(con, "keep_papers", [[sha] for sha in keep])
    for table in PER_PAPER_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE paper_sha256 IS NOT NULL "
            "AND paper_sha256 NOT IN (SELECT sha FROM keep_papers)"
        )


def stored_papers(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Papers already in the store: sha256 → the extractor version that read them."""
    return dict(con.execute("SELECT paper_sha256, extractor FROM papers").fetchall())


def save_quarantine(con: duckdb.DuckDBPyConnection, items: Sequence[QuarantineItem]) -> None:
    """Replace the quarantine with this run's items."""
    con.execute("DELETE FROM quarantine")
    rows = [
        [i.stage, i.file, i.page, i.table_id, i.row, i.col, i.reason, i.kind, i.paper_sha256] for i in items
    ]
    insert_rows(con, "quarantine", rows)


def result_row(r: ValidationResult) -> list[Any]:
    """A ``validation_results`` row; further cells as ``row:col;row:col`` text, further
    figures as a list of keys."""
    d = r.to_dict()
    d["also_cells"] = ";".join(f"{row}:{col}" for row, col in r.also_cells) or None
    d["also_figures"] = [figure_struct(key) for key in r.also_figures]
    return list(d.values())


def figure_struct(key: tuple[str, str, str, str]) -> dict[str, str]:
    """A figure's key (``Observation.key``) as the store's key columns."""
    series_id, category_id, period, sha = key
    start, _, end = period.partition("/")
    return {"series_id": series_id, "category_id": category_id, "period_start": start, "period_end": end,
            "paper_sha256": sha}  # fmt: skip


def save_run_results(con: duckdb.DuckDBPyConnection, results: Sequence[ValidationResult]) -> None:
    """Replace the results that concern no single paper (passed expectations, suite-level
    failures): stored with an empty ``paper_sha256``."""
    con.execute("DELETE FROM validation_results WHERE paper_sha256 IS NULL")
    insert_rows(con, "validation_results", [result_row(r) for r in results])


def save_observations(
    con: duckdb.DuckDBPyConnection,
    shas: Sequence[str],
    observations: Sequence[Observation],
    results: Sequence[ValidationResult],
    status: dict[tuple[str, str, str, str], str],
) -> None:
    """Replace the observations and validation results of the papers ``shas``."""
    figures: dict[str | None, list[Observation]] = defaultdict(list)
    for o in observations:
        figures[o.paper_sha256].append(o)
    found: dict[str | None, list[ValidationResult]] = defaultdict(list)
    for r in results:
        found[r.paper_sha256].append(r)
    con.begin()
    for batch in batches(shas):
        replace_papers(
            con, "observations", batch, observation_rows((o for s in batch for o in figures[s]), status)
        )
        replace_papers(con, "validation_results", batch, [result_row(r) for s in batch for r in found[s]])
    con.commit()


def paper_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Each paper's rows in ``observations`` and ``validation_results`` (sha256 → counts)."""
    found = con.execute(
        """SELECT paper_sha256, sum(o), sum(r) FROM (
               SELECT paper_sha256, 1 AS o, 0 AS r FROM observations
               UNION ALL SELECT paper_sha256, 0, 1 FROM validation_results WHERE paper_sha256 IS NOT NULL)
           GROUP BY paper_sha256"""
    ).fetchall()
    return {sha: (int(o), int(r)) for sha, o, r in found}


def save_names(con: duckdb.DuckDBPyConnection, names: Sequence[PaperName]) -> None:
    """Replace ``paper_names`` with every name of every paper of the run."""
    con.execute("DELETE FROM paper_names")
    insert_rows(con, "paper_names", [[n.sha256, n.file, n.path, n.source, n.is_label] for n in names])


def read_row(sha: str, read: PaperRead) -> list[Any]:
    """One paper's ``paper_status`` row: how the worker read it."""
    whole = next((p for p in read.problems if p.whole_paper), None)
    return [sha, read.status, whole.kind if whole else None, whole.message if whole else None, read.seconds]


def save_reads(con: duckdb.DuckDBPyConnection, reads: Mapping[str, PaperRead]) -> None:
    """Replace the ``paper_status`` rows of the papers read (sha256 → how it was read)."""
    replace_papers(con, "paper_status", list(reads), [read_row(sha, r) for sha, r in reads.items()])


def stored_quarantine(con: duckdb.DuckDBPyConnection) -> list[QuarantineItem]:
    """The stored quarantine, in stored order."""
    rows = con.execute(
        'SELECT stage, file, page, table_id, "row", col, reason, kind, paper_sha256 FROM quarantine'
    ).fetchall()
    return [QuarantineItem(*row) for row in rows]


def save_run_state(con: duckdb.DuckDBPyConnection, run_key: str, release_id: str | None) -> None:
    """Record that the run ``run_key`` finished every output (written last of all)."""
    con.execute("DELETE FROM run_state")
    con.execute("INSERT INTO run_state VALUES (?, ?)", [run_key, release_id])


def stored_run_key(con: duckdb.DuckDBPyConnection) -> str | None:
    """The key of the last run that finished every output, if any."""
    found = con.execute("SELECT run_key FROM run_state").fetchone()
    return found[0] if found else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
