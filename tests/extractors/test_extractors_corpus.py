"""The whole corpus against its truth, plus regressions pinned on real papers."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors import extract_paper
from extractors.records import PaperTables
from extractors.scoring import score

P2019 = "2019-12-17_spcb_building-a-modern-police-force.pdf"
P2022 = "2022-09_spcb_fairness-and-belonging.pdf"
P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"
P2025 = "2025-01-28_agb_supporting-the-workforce.pdf"
Finder = Callable[[PaperTables, str, int], Any]


def test_corpus_scores_all_tables_exact(truth_dir: Path, contract: dict[str, Any]) -> None:
    rep = score(truth_dir, contract)
    assert rep.total == 30
    assert rep.exact == 30  # floor: measured 30/30
    assert rep.f1 >= 0.999  # measured 1.0


def test_paper_identity(corpus: dict[str, PaperTables], papers_dir: Path) -> None:
    pt = corpus[P2023]
    assert pt.file == P2023 and pt.pages == 19 and pt.errors == []
    assert pt.sha256 == hashlib.sha256((papers_dir / P2023).read_bytes()).hexdigest()
    assert [t.id for t in pt.tables] == [f"t{i:02d}" for i in range(1, 18)]


def test_tables_are_in_reading_order(corpus: dict[str, PaperTables]) -> None:
    for pt in corpus.values():
        keys = [(t.bbox[0].page, t.bbox[0].bbox[1]) for t in pt.tables]
        assert keys == sorted(keys)


def test_cells_carry_page_bbox_and_full_grid_rows(corpus: dict[str, PaperTables], table_on: Finder) -> None:
    t = table_on(corpus[P2023], "Staff Type", 2)
    assert t.method == "ruled" and len(t.header_rows) == 2
    c = t.cell(2, 1)  # first body row, first period column
    assert c is not None and c.text == "13.70%" and c.page == 2
    assert c.bbox is not None and 59 < c.bbox[0] < c.bbox[2] < 525 and 480 < c.bbox[1] < 580
    assert t.bbox[0].page == 2


def test_unruled_staff_type_table_has_two_header_rows(corpus: dict[str, PaperTables]) -> None:
    (t,) = corpus[P2025].tables
    assert t.method == "aligned" and t.pages == [1] and t.caption is None
    assert t.header_rows == [
        ["Staff Type", "Ethnic Minority Group %", "", "", "", "", "", ""],
        ["", "Nov-24", "Dec-23", "Jan-23", "Jan-22", "Jan-21", "Jan-20", "Jan-19"],
    ]
    assert t.rows[-1] == ["Force Total", "16.3%", "15.6%", "15.3%", "14.6%", "13.7%", "12.9%", "11.9%"]


def test_split_table_without_repeated_header_is_stitched(
    corpus: dict[str, PaperTables], table_on: Finder
) -> None:
    t = table_on(corpus[P2019], "Department", 15)
    assert t.pages == [15, 16] and len(t.rows) == 13 and t.rows[-1] == ["Total", "414"]
    assert [b.page for b in t.bbox] == [15, 16]
    assert {c.page for c in t.cells if c.text == "Coventry Museum"} == {16}


def test_split_table_with_repeated_header_drops_the_repeat(
    corpus: dict[str, PaperTables], table_on: Finder
) -> None:
    t = table_on(corpus[P2023], "Offence Group", 7)
    assert t.pages == [7, 8] and len(t.header_rows) == 1
    assert [r[0] for r in t.rows][-1] == "No Injury" and "Offence Group" not in [r[0] for r in t.rows]


def test_split_table_with_two_repeated_header_rows(corpus: dict[str, PaperTables], table_on: Finder) -> None:
    t = table_on(corpus[P2023], "Cost & Benefits Summary - FY22/23 to FY26/27", 17)
    assert t.pages == [17, 18] and len(t.header_rows) == 2 and len(t.rows) == 15
    assert t.caption == "Table 14: Benefits Breakdown by Programme"  # below the last part


def test_wrapped_multi_column_matrix_split_over_pages(
    corpus: dict[str, PaperTables], table_on: Finder
) -> None:
    t = table_on(corpus[P2019], "Work Streams", 10)
    assert t.pages == [10, 11] and t.kind == "data"
    assert t.rows[3] == ["Project Team", "", "", "", "", ""]
    # a merged cell spanning columns 2-6 keeps its text in the first column it covers
    assert t.rows[4][:3] == ["themes", "Culture / D&I / Comms,/ Change readiness / Digital", ""]


def test_bullet_glyphs_removed_and_wrapped_lines_joined(
    corpus: dict[str, PaperTables], table_on: Finder
) -> None:
    t = table_on(corpus[P2019], "Work Streams", 10)
    deliverables = t.rows[2][1]
    assert "\uf0b7" not in deliverables and "•" not in deliverables
    assert deliverables.startswith("Statement of core identity, purpose, beliefs and behaviours")


def test_line_broken_after_hyphen_is_joined_without_space(
    corpus: dict[str, PaperTables], table_on: Finder
) -> None:
    t = table_on(corpus[P2023], "Cost & Benefits Summary - FY22/23 to FY26/27", 17)
    assert ["Non-Cashable"] + [""] * 8 in t.rows


def test_spanning_title_row_makes_two_header_rows(corpus: dict[str, PaperTables], table_on: Finder) -> None:
    t = table_on(corpus[P2023], "Ethnic Minority Group %", 2)
    assert t.header_rows[0] == ["Ethnic Minority Group %"] + [""] * 6
    assert t.header_rows[1][0] == "Rank" and t.pages == [2, 3]


def test_chart_legends_are_layout(corpus: dict[str, PaperTables]) -> None:
    legends = [t for t in corpus[P2023].tables if t.header_rows and t.header_rows[0][0] == "Key"]
    assert [t.kind for t in legends] == ["layout", "layout"]
    assert legends[0].caption == "Graph 3: Assault With Injury on a Constable"


def test_caption_label_below_goes_to_table_above_it(corpus: dict[str, PaperTables], table_on: Finder) -> None:
    assert table_on(corpus[P2023], "Referrals by type", 5).caption == "Table 8: Reason for referral"
    assert (
        table_on(corpus[P2023], "Referrals by Employment Type", 5).caption
        == "Table 7: Period of referral and role"
    )


def test_caption_lead_in_line_and_heading(corpus: dict[str, PaperTables]) -> None:
    caps = [t.caption for t in corpus[P2022].tables]
    assert caps[0] == "From Apr 2021 to Mar 2022 hires by entry route:"
    assert caps[4] == "Outcomes of Promotion processes during 2021"


def test_numbered_body_paragraph_is_not_a_caption(corpus: dict[str, PaperTables], table_on: Finder) -> None:
    assert table_on(corpus[P2019], "Leadership Activity", 2).caption is None


def test_booktabs_rules_do_not_swallow_caption(corpus: dict[str, PaperTables]) -> None:
    t = corpus[P2022].tables[0]
    assert t.header_rows == [
        ["Entry Route", "Recruits", "Female", "Ethnic Minority Groups", "LGBT+", "Disability"]
    ]
    assert t.rows[-1][0] == "Grand Total"


def test_unparseable_page_is_reported_and_rest_extracted(papers_dir: Path) -> None:
    from extractors.pdfium_io import page_content

    def flaky(page: Any, number: int) -> Any:
        if number == 3:
            raise ValueError("boom")
        return page_content(page, number)

    pt = extract_paper(papers_dir / P2023, page_reader=flaky)
    assert [(e.page, "boom" in e.message) for e in pt.errors] == [(3, True)]
    assert pt.pages == 19
    captions = [t.caption for t in pt.tables]
    assert "Table 1 – Reason for leaving" in captions and "Table 8: Reason for referral" in captions


def test_corrupted_file_gives_error_not_crash(tmp_path: Path, papers_dir: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf")
    pt = extract_paper(bad)
    assert pt.tables == [] and len(pt.errors) == 1 and pt.errors[0].page is None
    truncated = tmp_path / "truncated.pdf"
    shutil.copy(papers_dir / P2022, truncated)
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    pt2 = extract_paper(truncated)  # must not raise, whatever it can or cannot read
    assert pt2.file == "truncated.pdf"
