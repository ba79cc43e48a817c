"""A store filled in the test with what other tracks add to it: the corpus store's own
rows turned into ``table_mappings`` and ``tidy_cells``, paper-fact sources, and a revision."""

from __future__ import annotations

from pathlib import Path

import duckdb

REVISED = "ethnic_minority_pct_by_staff_type/pcso/2019-01-01/2019-01-31"
"""A figure two papers of the corpus print (2023-01-23 and 2025-01-28): given a revision below."""
UNDATED = "2025-01-28_agb_minutes.pdf"


def fill_store(path: Path) -> None:
    """The corpus store plus what the tidy track adds, filled here from the store's own
    rows: ``table_mappings`` (a table with observations is mapped, else unmapped with a
    reason), ``tidy_cells`` (its body cells), where each paper fact came from (one paper
    left without a meeting date), and a revision of ``REVISED`` (the earlier paper printing
    13.9% where the later prints 13.7%)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(
            """CREATE TABLE table_mappings AS
               SELECT t.paper_sha256, t.table_id,
                      CASE WHEN count(o.series_id) > 0 THEN 'mapped' ELSE 'unmapped' END AS status,
                      min(o.series_id) AS family,
                      CASE WHEN count(o.series_id) > 0 THEN NULL
                           WHEN t.kind = 'layout' THEN 'layout table' ELSE 'no family matched' END AS reason,
                      count(o.series_id) AS observations
               FROM tables t LEFT JOIN observations o USING (paper_sha256, table_id)
               GROUP BY t.paper_sha256, t.table_id, t.kind"""
        )
        con.execute(
            "CREATE TABLE tidy_cells AS SELECT paper_sha256, table_id, row, col, text FROM cells WHERE NOT is_header"
        )
        for column in ("meeting_date_source", "board_source", "title_source"):
            con.execute(f"ALTER TABLE papers ADD COLUMN {column} VARCHAR DEFAULT 'manifest'")
        con.execute("UPDATE papers SET title_source = 'cover'")
        con.execute(
            "UPDATE papers SET meeting_date = NULL, meeting_date_source = NULL WHERE paper_file = ?",
            [UNDATED],
        )
        earlier = con.execute(
            "SELECT paper_file, meeting_date FROM dataset_sources WHERE observation_id = ? ORDER BY meeting_date",
            [REVISED],
        ).fetchall()
        assert len(earlier) == 2
        con.execute(
            "UPDATE dataset_sources SET value = 13.9, value_text = '13.9%' WHERE observation_id = ? AND paper_file = ?",
            [REVISED, earlier[0][0]],
        )
        con.execute(
            """INSERT INTO dataset_revisions (observation_id, earlier_value, earlier_text, earlier_paper,
                   earlier_meeting_date, later_value, later_text, later_paper, later_meeting_date)
               VALUES (?, 13.9, '13.9%', ?, ?, 13.7, '13.7%', ?, ?)""",
            [REVISED, earlier[0][0], earlier[0][1], earlier[1][0], earlier[1][1]],
        )
    finally:
        con.close()
