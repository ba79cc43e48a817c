"""What each series page is made from, as a digest: a series page whose digest is as
before is kept from the previous site without its view being built, rendered or even its
figures read from the store.

A series page shows (``series_view``) its dictionary entry, its figures with their
sources and revisions, the failed checks of the series, and the failed checks on its
source cells; its links land on cells, tables and papers as the site has them
(``targets``).  ``series_digests`` digests the store's side in one query, every row a
page could show (the columns ``reading.py`` reads, in JSON), as a set per series: the
failed checks on its cells are taken by table (every failed check on a table one of its
figures comes from), more than the page shows, never less.  ``link_digest`` digests a
paper's side: what decides where a link into that paper lands (its page stem, its
cells and tables, its drawn pages).  ``series_key`` joins them with the page's name and
the code (``page_key``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from boardpack.report.drawing import PageImage
from boardpack.report.kept_html import page_key
from boardpack.report.reading import has_figures, has_table
from boardpack.report.records import SiteData

SERIES = "id, title, dimension, unit, definition, first_period, last_period, observations"
FIGURES = """observation_id, series_id, category_id, category_label, period_start, period_end,
    period_label, value, value_text, value_status, validation_status, paper_file, table_id, row, col"""
SOURCES = """observation_id, paper_sha256, paper_file, meeting_date, page, table_id, row, col,
    value_text, validation_status"""
REVISIONS = "observation_id, earlier_text, earlier_paper, later_text, later_paper, earlier_meeting_date"
FINDINGS = """suite, "check", severity, message, series_id, paper_sha256, paper_file, page,
    table_id, row, col, expected, observed, also_cells"""
"""The columns of each store table a series page is made from (as ``reading.py`` reads them)."""


@dataclass(frozen=True)
class SeriesInputs:
    """The store's side of a series page: a digest of its rows, and the papers its links
    point into (its sources' and its failed checks')."""

    digest: str
    papers: tuple[str, ...]


def _json(columns: str, alias: str) -> str:
    """A row's ``columns`` (of the table ``alias``) as JSON text."""
    names = [c.strip() for c in columns.split(",")]
    return "to_json(struct_pack(" + ", ".join(f"{n} := {alias}.{n}" for n in names) + "))"


def _parts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Queries of (series_id, part, paper_sha256) rows: every row a series page is made from."""
    parts = []
    if has_table(con, "dataset_series"):
        parts.append(f"SELECT s.id, 'd' || {_json(SERIES, 's')}, NULL FROM dataset_series s")
    if has_figures(con):
        parts += [
            f"SELECT o.series_id, 'o' || {_json(FIGURES, 'o')}, NULL FROM dataset_observations_full o",
            f"""SELECT s.series_id, 's' || {_json(SOURCES, "x")}, x.paper_sha256
                FROM dataset_sources x JOIN obs s USING (observation_id)""",
            f"""SELECT DISTINCT s.series_id, 'c' || {_json(FINDINGS, "f")}, NULL
                FROM findings f JOIN (SELECT DISTINCT o.series_id, x.paper_sha256, x.table_id
                                      FROM dataset_sources x JOIN obs o USING (observation_id)) s
                  ON f.paper_sha256 = s.paper_sha256 AND f.table_id = s.table_id""",
        ]
        if has_table(con, "dataset_revisions"):
            parts.append(
                f"""SELECT s.series_id, 'r' || {_json(REVISIONS, "x")}, NULL
                    FROM dataset_revisions x JOIN obs s USING (observation_id)"""
            )
    parts.append(f"SELECT f.series_id, 'f' || {_json(FINDINGS, 'f')}, f.paper_sha256 FROM findings f")
    return parts


def series_digests(con: duckdb.DuckDBPyConnection) -> dict[str, SeriesInputs]:
    """The store's side of every series page (series id → its inputs): each series of the
    dictionary, with figures, or with failed checks."""
    obs = (
        "SELECT DISTINCT observation_id, series_id FROM dataset_observations_full" if has_figures(con) else ""
    )
    rows = con.execute(
        f"""
        WITH {f"obs AS ({obs})," if obs else ""}
             findings AS (SELECT * FROM validation_results WHERE NOT success),
             parts(series_id, part, paper) AS ({" UNION ALL ".join(_parts(con))})
        SELECT series_id, md5(string_agg(part, chr(10) ORDER BY part)),
               list(DISTINCT paper ORDER BY paper) FILTER (WHERE paper IS NOT NULL)
        FROM parts WHERE series_id IS NOT NULL GROUP BY series_id"""
    ).fetchall()
    return {r[0]: SeriesInputs(r[1], tuple(r[2] or ())) for r in rows}


def read_series_digests(con: duckdb.DuckDBPyConnection) -> dict[str, SeriesInputs]:
    """``series_digests``, or none before the first checks were stored."""
    return series_digests(con) if has_table(con, "validation_results") else {}


def series_with_figures(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The ids of the series that have figures."""
    if not has_figures(con):
        return []
    return [r[0] for r in con.execute("SELECT DISTINCT series_id FROM dataset_observations_full").fetchall()]


def link_digest(stem: str, mine: SiteData, images: Mapping[int, PageImage]) -> str:
    """What decides where a link into the one paper of ``mine`` (its slice) lands: its
    page ``stem``, its cells (place, page, whether it has a bbox), its tables (whether
    one sits on a page) and the pages drawn as images."""
    cells = [(c.table_id, c.row, c.col, c.page, c.bbox is None) for c in mine.cells]
    tables = [(t.table_id, bool(t.part_pages)) for t in mine.tables]
    inputs = (stem, cells, tables, sorted(images))
    return hashlib.sha256(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()[:32]


def series_key(name: str, inputs: SeriesInputs | None, links: Mapping[str, str]) -> str:
    """The key of the series page ``name``: the store's side of it (``inputs``; None for a
    series with nothing stored but its id), the link digest of each paper it points into
    (``links``: sha → digest; a paper not in the site has none) and the code."""
    papers: Sequence[str] = inputs.papers if inputs else ()
    return page_key("series", name, inputs.digest if inputs else None, [(p, links.get(p)) for p in papers])
