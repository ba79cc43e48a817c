"""End to end on re-typeset papers: render a few corpus papers in every variant style
(bench/render_variants.py), extract them, map them, and hold the observation count.

The three papers carry the fragile cases: periods read from captions (2022), a group
heading over the period columns and an unlabelled total (2025, 2019).  The small tests
below pin, one by one, the mapping-side weaknesses the variants revealed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from boardpack.models import Paper
from extractors.records import Table
from schemas.grid import is_blank_column
from schemas.mapping import map_paper

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("reportlab")

SUBSET = {
    "2019-12-17_spcb_building-a-modern-police-force.pdf",
    "2022-09_spcb_fairness-and-belonging.pdf",
    "2025-01-28_agb_supporting-the-workforce.pdf",
}
# What the corpus itself maps to on these papers; every style measured 254 with 0 issues
# (before the fixes: zebra 219, unruled 179).
CORPUS_OBSERVATIONS = 254
FLOORS = {
    "serif_booktabs": 254,
    "zebra": 254,
    "landscape": 254,
    "unruled": 254,
    "serif_hrules_zebra_landscape": 254,
}


@pytest.mark.slow
@pytest.mark.parametrize("style", sorted(FLOORS))
def test_rendered_variant_maps_at_least_floor_observations(
    style: str, raw_papers: Path, truth_dir: Path, tmp_path: Path
) -> None:
    from bench.render_variants import render_style
    from bench.variants_map import map_pdfs

    dest = render_style(style, raw_papers, truth_dir, tmp_path, only=SUBSET)
    result = map_pdfs(dest / f for f in SUBSET)
    assert result.observations >= FLOORS[style], result.unmapped
    assert result.issues == 0, result.issue_text


@pytest.mark.slow
def test_subset_maps_to_corpus_count_on_the_originals(raw_papers: Path) -> None:
    from bench.variants_map import map_pdfs

    assert map_pdfs(raw_papers / f for f in SUBSET).observations == CORPUS_OBSERVATIONS


PAPER = Paper(file="x.pdf", sha256="0" * 64, path="x.pdf", meeting_date="2023-01-23")


def table(header: list[list[str]], rows: list[list[str]], caption: str | None = None) -> Table:
    return Table("t01", "data", [1], caption, header, rows, [], "aligned")


STAFF_HEADER = [["Staff Type", "Ethnic Minority Group %", "", ""], ["", "Dec-22", "Jan-22", "Jan-21"]]
STAFF_ROWS = [
    ["Police Officer", "13.70%", "12.90%", "11.90%"],
    ["Police Staff", "17.70%", "17.10%", "16.00%"],
    ["Force Total", "15.30%", "14.60%", "13.70%"],
]


def test_blank_sliver_column_gives_no_mapping_issue() -> None:
    header = [["Role", "Ethnic Minority Groups", "Female", ""]]
    rows = [["Response Officer", "14.0%", "33.5%", ""], ["Firearms Officer", "11.0%", "2.6%", ""]]
    t = table(header, rows, "Table 6 - Ethnic Minority Group % by role")
    assert is_blank_column(t, 3) and not is_blank_column(t, 2)
    result = map_paper(PAPER, [t])
    assert result.issues == []
    assert len(result.observations) == 4
