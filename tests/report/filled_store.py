"""A store changed in the test to hold what the corpus lacks: a paper with no meeting
date and a revised figure."""

from __future__ import annotations

from pathlib import Path

import duckdb

REVISED = "ethnic_minority_pct_by_staff_type/pcso/2019-01-01/2019-01-31"
"""A figure two papers of the corpus print (2023-01-23 and 2025-01-28): given a revision below."""
UNDATED = "2025-01-28_agb_minutes.pdf"


def fill_store(path: Path) -> None:
    """The corpus store (its own ``table_mappings``, ``tidy_cells`` and fact sources) with
    one paper's meeting date taken away and a revision of ``REVISED`` (the earlier paper
    printing 13.9% where the later prints 13.7%): the corpus has neither."""
    con = duckdb.connect(str(path))
    try:
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
