"""Tidy cells: every numeric cell of every data table, labelled, with no family needed."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from extractors.records import BBox, Cell, Table
from schemas.columns import record_row
from schemas.mapping import MIN_CONFIDENCE, map_paper
from schemas.records import TIDY_CELL_COLUMNS, TidyCell
from schemas.tidy import label_column_count, tidy_table
from tests.schemas.schemas_truth import corpus, paper

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tidy_truth import score_corpus  # noqa: E402

PAPER = replace(paper("2022-09_spcb_fairness-and-belonging.pdf"), file="synthetic.pdf", sha256="sha-s")


def table(
    header: list[list[str]],
    rows: list[list[str]],
    *,
    caption: str | None = None,
    method: str = "truth",
    boxes: dict[tuple[int, int], BBox] | None = None,
    confidence: float = 1.0,
) -> Table:
    """A table whose cells sit on page 1 (bbox from ``boxes`` where given)."""
    grid = [*header, *rows]
    cells = [
        Cell(r, c, text, 1, (boxes or {}).get((r, c)))
        for r, row in enumerate(grid)
        for c, text in enumerate(row)
    ]
    return Table("t01", "data", [1], caption, header, rows, [], method, confidence, cells)


def by_place(cells: list[TidyCell]) -> dict[tuple[int, int], TidyCell]:
    return {(c.row, c.col): c for c in cells}


def test_corpus_tidy_cells_carry_the_truth_labels_and_values() -> None:
    score = score_corpus()
    assert score.truth_cells == 580
    assert score.missed == []
    assert score.tidy_cells == 587  # plus nil and n/a cells and "25 cohort 2"


def test_council_budget_table_scaled_bracketed_and_sectioned() -> None:
    t = table(
        [["Service", "2023/24 £000", "Q2 2024/25 £000"]],
        [
            ["Income", "", ""],
            ["Fees and charges", "(1,250)", "(310)"],
            ["Grants", "(4,000)", "-"],
            ["Expenditure", "", ""],
            ["Staff", "12,400", "3,150"],
            ["Net total", "7,150", "n/a"],
        ],
        caption="Revenue budget",
    )
    cells = by_place(tidy_table(PAPER, t))
    fees = cells[(2, 1)]
    assert (fees.value, fees.unit, fees.scale, fees.decimals) == (-1_250_000.0, "gbp", 1000.0, 0)
    assert fees.row_labels == ("Income", "Fees and charges") and fees.section == "Income"
    assert fees.row_keys == ("income", "fees_and_charges") and fees.col_keys == ("2023_24_000",)
    assert (fees.period_start, fees.period_end, fees.period_from) == ("2023-04-01", "2024-03-31", "col")
    q2 = cells[(2, 2)]
    assert (q2.period_start, q2.period_end, q2.period_label) == (
        "2024-07-01",
        "2024-09-30",
        "Q2 2024/25 £000",
    )
    assert cells[(3, 2)].value_status == "nil" and cells[(6, 2)].value_status == "not_applicable"
    staff = cells[(5, 1)]
    assert staff.row_labels == ("Expenditure", "Staff") and staff.value == 12_400_000.0
    total = cells[(6, 1)]
    assert total.row_is_total and not total.col_is_total and total.section == "Expenditure"
    assert (1, 1) not in cells, "a section row has no cells"


def test_durations_percentages_and_a_total_column() -> None:
    t = table(
        [["Category", "Mean response (mm:ss)", "% within target", "Total incidents"]],
        [["Cat 1", "08:32", "91.5%", "1,204"], ["Cat 2", "1:02:03", "(2.5%)", "3,010"]],
    )
    cells = by_place(tidy_table(PAPER, t))
    assert (cells[(1, 1)].value, cells[(1, 1)].unit) == (512.0, "seconds")
    assert (cells[(2, 1)].value, cells[(2, 1)].unit) == (3723.0, "seconds")
    assert (cells[(1, 2)].value, cells[(1, 2)].unit, cells[(1, 2)].decimals) == (91.5, "percent", 1)
    assert (cells[(2, 2)].value, cells[(2, 2)].unit) == (-2.5, "percent")
    assert cells[(1, 3)].col_is_total and not cells[(1, 2)].col_is_total
    assert (cells[(1, 3)].value, cells[(1, 3)].unit) == (1204.0, "number")


def test_a_spanning_header_labels_the_columns_it_spans() -> None:
    # A quarter row under a year row: each quarter takes its year's period.
    t = table(
        [["", "2023/24", "", "2024/25", ""], ["Measure", "Q1", "Q2", "Q1", "Q2"]],
        [["Referrals", "10", "12", "14", "16"]],
    )
    cells = by_place(tidy_table(PAPER, t))
    assert cells[(2, 2)].col_labels == ("2023/24", "Q2")
    assert (cells[(2, 2)].period_start, cells[(2, 2)].period_end) == ("2023-07-01", "2023-09-30")
    assert (cells[(2, 3)].period_start, cells[(2, 3)].period_end) == ("2024-04-01", "2024-06-30")


def test_a_ruled_grid_spans_only_where_the_cells_share_a_box() -> None:
    span, own = (100.0, 10.0, 300.0, 20.0), (300.0, 10.0, 360.0, 20.0)
    boxes = {(0, 1): span, (0, 2): span, (0, 3): own}
    t = table(
        [["", "Officers", "", ""], ["Department", "Male", "Female", "Total"]],
        [["Crime", "5", "7", "12"]],
        method="ruled",
        boxes=boxes,
    )
    cells = by_place(tidy_table(PAPER, t))
    assert cells[(2, 2)].col_labels == ("Officers", "Female")
    assert cells[(2, 3)].col_labels == ("Total",) and cells[(2, 3)].col_is_total


def test_merged_label_cells_fill_down_but_not_into_a_total_row() -> None:
    t = table(
        [["Programme", "Project", "2022/23"]],
        [["Our Data", "Connect", "140"], ["", "DDI", "60"], ["Grand Total", "", "200"]],
    )
    cells = by_place(tidy_table(PAPER, t))
    assert cells[(2, 2)].row_labels == ("Our Data", "DDI")
    assert cells[(3, 2)].row_labels == ("Grand Total",) and cells[(3, 2)].row_is_total


def test_label_columns_index_period_stub_and_comments() -> None:
    indexed = table([["No.", "Indicator", "Value"]], [["1", "Calls", "10"], ["2", "Visits", "20"]])
    assert label_column_count(indexed) == 2
    years = table([["Year", "Recruits", "Leavers"]], [["2019", "10", "5"], ["2020", "12", "6"]])
    assert label_column_count(years) == 1
    assert by_place(tidy_table(PAPER, years))[(1, 1)].period_from == "row"
    comments = table(
        [["Year", "Number", "Comments"]], [["To March 2020", "525", "309 Officers, 120 PM Uplift"]]
    )
    assert [c.col for c in tidy_table(PAPER, comments)] == [1]
    no_labels = table([["19/20", "20/21", "Total"]], [["120 (10%)", "246 (20%)", "366"]])
    assert label_column_count(no_labels) == 0
    assert [c.row_labels for c in tidy_table(PAPER, no_labels)] == [(), (), ()]


def test_an_unlabelled_last_row_under_labelled_rows_is_a_total() -> None:
    t = table([["", "Trained"]], [["Custody", "239"], ["Frontline", "540"], ["", "779"]])
    cells = by_place(tidy_table(PAPER, t))
    assert cells[(3, 1)].row_is_total and not cells[(2, 1)].row_is_total


def test_caption_period_when_no_header_names_one() -> None:
    t = table(
        [["Entry Route", "Leavers"]],
        [["PCDA", "23"]],
        caption="From April 2022 to July 2023 attrition by entry route",
    )
    (cell,) = tidy_table(PAPER, t)
    assert (cell.period_start, cell.period_end, cell.period_from) == ("2022-04-01", "2023-07-31", "caption")
    assert cell.period_label == "From April 2022 to July 2023"


def test_every_table_gets_a_mapping_and_an_unmapped_data_table_keeps_its_cells() -> None:
    unknown = table([["Ward", "Households"]], [["North", "1,200"], ["South", "900"]])
    shaky = replace(unknown, id="t02", confidence=MIN_CONFIDENCE - 0.1)
    result = map_paper(PAPER, [unknown, shaky])
    assert [(t.table_id, t.status, t.family, t.tidy_cells) for t in result.tables] == [
        ("t01", "unmapped", None, 2),
        ("t02", "unmapped", None, 2),
    ]
    assert "no table family matches" in result.tables[0].reason
    assert result.tables[1].reason.startswith("low confidence")
    assert len(result.cells) == 4 and result.observations == []


def test_the_corpus_mapping_lists_every_table() -> None:
    for p, tables in corpus():
        result = map_paper(p, tables)
        assert [t.table_id for t in result.tables] == [t.id for t in tables]
        data = {t.id for t in tables if t.kind == "data"}
        assert {c.table_id for c in result.cells} <= data
        for m in result.mapped:
            assert m.tidy_cells > 0 and m.observations > 0


def test_a_tidy_cell_row_has_every_column_in_order() -> None:
    (cell,) = tidy_table(PAPER, table([["Ward", "Households"]], [["North", "1,200"]]))
    row = record_row(cell)
    assert list(row) == [c.name for c in TIDY_CELL_COLUMNS]
    assert row["row_labels"] == "North" and row["x0"] is None and row["value"] == 1200.0


def test_record_values_are_each_records_row_column_by_column() -> None:
    """The release's frames are built from columns (``record_values``), the store's rows
    from ``record_row``: both must give every record the same values."""
    from schemas.columns import record_values
    from schemas.mapping import map_paper
    from schemas.records import TidyCell
    from tests.schemas.schemas_truth import paper, truth_tables

    name = "2025-01-28_agb_supporting-the-workforce.pdf"
    cells = map_paper(paper(name), truth_tables(name)).cells
    cells[0] = replace(cells[0], bbox=(72.0, 100.5, 110.25, 112.0))  # the truth tables have none
    columns = record_values(cells, TidyCell)

    assert len(cells) >= 30 and list(columns) == [c.name for c in TIDY_CELL_COLUMNS]
    assert [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)] == [
        record_row(c) for c in cells
    ]
    assert (columns["x0"][0], columns["bottom"][0], columns["x0"][1]) == (72.0, 112.0, None)
