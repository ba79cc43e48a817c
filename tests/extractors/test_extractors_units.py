"""Pure functions of the chain on hand-made geometry (no PDF needed)."""

from __future__ import annotations

from extractors.aligned import Block, block_to_fragment, column_intervals, find_blocks, row_bands
from extractors.geometry import FilledBox, Fragment, GridCell, Rule, Word
from extractors.headers import count_header_rows
from extractors.layout import classify, is_legend
from extractors.lines import group_lines, is_enumerator, split_segments
from extractors.stitch import columns_match, repeated_header_rows
from extractors.text import clean_text, join_lines


def w(text: str, x0: float, top: float, size: float = 10.0) -> Word:
    return Word(text, x0, x0 + 5.0 * len(text), top, top + size, size)


def test_clean_text_removes_bullets_and_collapses_space() -> None:
    assert clean_text("\uf0b7  Review\n of  all •") == "Review of all"
    assert clean_text("1 January – 31 March") == "1 January – 31 March"


def test_join_lines_single_space_and_hyphen_break() -> None:
    assert (
        join_lines(["Integrated Development", "and 'Am I ready?')"])
        == "Integrated Development and 'Am I ready?')"
    )
    assert join_lines(["Non-", "Cashable"]) == "Non-Cashable"
    assert join_lines(["£8,009,320 -", "one off"]) == "£8,009,320 - one off"


def test_segments_split_at_column_gaps_only() -> None:
    words = [w("Leadership", 65, 0), w("Activity", 117, 0), w("Participants", 421, 0)]
    assert [s.text for s in split_segments(words)] == ["Leadership Activity", "Participants"]


def test_enumerators() -> None:
    assert all(is_enumerator(t) for t in ["5.", "12", "ii.", "(a)", "b)"])
    assert not any(is_enumerator(t) for t in ["2019/20", "PCDA", "120 (10%)"])


def _table_lines() -> list:
    rows = [("Unit", "Cadets"), ("Washwood Heath", "23"), ("Ark Boulton", "21"), ("Barrs Hill", "23")]
    words = []
    for i, (a, b) in enumerate(rows):
        words += [w(a, 65, 100 + 13.5 * i), w(b, 300, 100 + 13.5 * i)]
    return group_lines(words)


def test_find_blocks_and_grid_from_aligned_words() -> None:
    lines = _table_lines()
    (block,) = find_blocks(lines)
    frag = block_to_fragment(block, page=1)
    assert frag is not None and frag.texts() == [
        ["Unit", "Cadets"],
        ["Washwood Heath", "23"],
        ["Ark Boulton", "21"],
        ["Barrs Hill", "23"],
    ]


def test_numbered_paragraph_is_not_a_table() -> None:
    lines = group_lines(
        [w("5.", 65, 100), w("The", 101, 100), w("that", 101, 113.6), w("6.", 65, 140), w("Then", 101, 140)]
    )
    assert find_blocks(lines) == []


def test_row_bands_split_leading_from_row_gaps() -> None:
    # row 1 wraps (gap 1.5), rows are 3.5 apart
    words = [
        w("A", 65, 100),
        w("1", 300, 100),
        w("wrapped", 65, 111.5),
        w("B", 65, 125),
        w("2", 300, 125),
        w("C", 65, 138.5),
        w("3", 300, 138.5),
    ]
    rows = row_bands(group_lines(words))
    assert [len(r) for r in rows] == [2, 1, 1]


def test_row_bands_rules_and_zebra_shading_force_breaks() -> None:
    # two wrapped rows and a single-line one; leading 1.5 everywhere, rows told apart
    # only by the rulings (or the shading) between them
    words = [w("A", 65, 100), w("a", 65, 111.5), w("B", 65, 125), w("b", 65, 136.5), w("C", 65, 150)]
    lines = group_lines(words)
    ruled = row_bands(lines, rules=[Rule("h", 60, 123.0, 500, 123.0), Rule("h", 60, 148.0, 500, 148.0)])
    assert [len(r) for r in ruled] == [2, 2, 1]
    zebra = row_bands(lines, fills=[FilledBox(60, 123.0, 500, 148.0)])
    assert [len(r) for r in zebra] == [2, 2, 1]
    assert [len(r) for r in row_bands(lines)] == [2, 2, 1]  # the gap sizes alone agree


def test_spanning_header_does_not_merge_columns() -> None:
    words = [
        w("Type", 65, 100),
        w("Ethnic Minority Group %", 185, 100),
        w("Nov-24", 185, 112),
        w("Dec-23", 250, 112),
        w("Officer", 65, 124),
        w("14.2%", 185, 124),
        w("13.9%", 250, 124),
    ]
    cols = column_intervals(group_lines(words))
    assert len(cols) == 3
    frag = block_to_fragment(Block(group_lines(words)), page=1)
    assert frag is not None and frag.texts()[0] == ["Type", "Ethnic Minority Group %", ""]
    assert frag.grid[0][1].spans == 2 and count_header_rows(frag.grid) == 2


def _frag(page: int, edges: list[float], grid: list[list[str]]) -> Fragment:
    return Fragment(
        page,
        (edges[0], 0, edges[-1], 10),
        [[GridCell(t, None) for t in r] for r in grid],
        "aligned",
        0.9,
        edges,
    )


def test_columns_match_and_repeated_header() -> None:
    a = _frag(1, [65, 200, 300], [["Dept", "N"], ["x", "1"]])
    b = _frag(2, [65, 205, 298], [["Dept", "N"], ["y", "2"]])
    c = _frag(2, [65, 120, 300], [["y", "2"], ["z", "3"]])
    assert columns_match(a, b) and not columns_match(a, _frag(2, [65, 300], [["q"]]))
    assert repeated_header_rows(a, b) == 1 and repeated_header_rows(a, c) == 0


def test_layout_classification() -> None:
    assert is_legend([["Key", ""], ["—", "Upper bound"], ["—", "Average"]])
    assert classify([["Key", ""], ["—", "Upper bound"], ["—", "Average"]]) == "layout"
    prose = " ".join(["word"] * 40)
    assert classify([["1", prose], ["2", prose]]) == "layout"
    assert classify([["Year", "Total"], ["2020", "5"]]) == "data"


def test_contents_check_takes_rising_page_numbers_not_a_table_of_years() -> None:
    from extractors.detection import is_contents

    contents = [
        ["1. Introduction", "3"],
        ["2. Workforce", "5"],
        ["2.1", "Recruitment", "7"],
        ["3. Outlook", "12"],
    ]
    assert is_contents(contents)
    assert not is_contents([["2019", "120"], ["2020", "145"], ["2021", "190"]])  # years are figures
    assert not is_contents([["North", "120"], ["South", "45"], ["East", "190"]])  # not rising


def _cells(rows: list[list[str]]) -> list[list[GridCell]]:
    return [[GridCell(t, None) for t in r] for r in rows]


def test_period_row_under_a_group_heading_whose_span_is_hidden_is_a_header_row() -> None:
    # the one header split: mapping no longer moves heading rows out of the body
    grid = _cells(
        [
            ["Staff Type", "Ethnic Minority Group %", "", ""],
            ["", "Dec-22", "Jan-22", "Jan-21"],
            ["Police Officer", "13.70%", "12.90%", "11.90%"],
            ["Police Staff", "17.70%", "17.10%", "16.00%"],
        ]
    )
    assert count_header_rows(grid) == 2


def test_section_row_with_one_label_or_dashes_is_not_taken_for_a_heading_row() -> None:
    assert count_header_rows(_cells([["Status", "2022/23 £"], ["Cashable", ""], ["Connect", "140,900"]])) == 1
    dashes = [["Project", "2022/23 £", "2023/24 £"], ["Control Works", "-", "-"], ["Connect", "140,900", "9"]]
    assert count_header_rows(_cells(dashes)) == 1
