"""Regressions pinned on weaknesses found after the corpus scored 30/30, one test each,
named for the failure it prevents."""

from __future__ import annotations

from pathlib import Path

from extractors.aligned import find_blocks, row_bands
from extractors.geometry import Fragment, GridCell, PageContent, Word
from extractors.items import item_column
from extractors.lines import group_lines
from extractors.paper import tables_from_pages
from extractors.records import PaperTables
from extractors.stitch import group_fragments

MINUTES = "2025-01-28_agb_minutes.pdf"


def w(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> Word:
    return Word(text, x0, x0 + 5.0 * len(text), top, top + size, size, bold)


def test_minutes_item_notes_layout_is_one_stitched_layout_table(corpus: dict[str, PaperTables]) -> None:
    (t,) = corpus[MINUTES].tables
    assert t.kind == "layout" and t.pages == list(range(1, 13)) and t.header_rows == []
    items = [r[0] for r in t.rows if r[0]]
    assert items == ["1", "2", "3", "4", "5", "6", "7", "8", "9."]
    assert t.rows[0][1].startswith("Attendance Wasim Ali, Deputy")
    assert t.rows[-1] == ["9.", "CLOSE"]
    # a page that opens inside an item continues it in a row with an empty item cell
    assert t.rows[3][0] == "" and t.rows[3][1].startswith("iii. The PCC raised")


def _numbered(bold: bool, gap: float) -> list[Word]:
    words, top = [], 100.0
    for k in range(1, 6):
        words += [w(f"{k}.", 66, top, bold=bold), w("Heading or paragraph text", 102, top, bold=bold)]
        top += 10.0 + gap
        for _ in range(3):
            words.append(w("more text of the paragraph hanging at the indent", 102, top))
            top += 12.0
        top += 8.0
    return words


def test_numbered_paragraphs_are_not_an_item_layout() -> None:
    # "1.   text…" running straight on at the hanging indent: paragraphs, not items
    assert item_column([group_lines(_numbered(bold=False, gap=2.0))]) is None
    # a heading on its own line with its notes kept at the indent: an item layout
    col = item_column([group_lines(_numbered(bold=True, gap=7.0))])
    assert col is not None and col.gutter == 66 and col.indent == 102


def test_numbered_headings_with_body_back_in_the_gutter_are_not_an_item_layout() -> None:
    words, top = [], 100.0
    for k in range(1, 6):
        words += [w(f"{k}.", 66, top, bold=True), w("Section heading", 102, top, bold=True)]
        top += 20.0
        words.append(w("Body text set from the left margin under the heading", 66, top))
        top += 20.0
    assert item_column([group_lines(words)]) is None


def _frag(page: int, rows: list[list[str]], edges: list[float]) -> Fragment:
    grid = [
        [GridCell(t, (edges[k], 100.0 + 12 * i, edges[k + 1], 110.0 + 12 * i)) for k, t in enumerate(r)]
        for i, r in enumerate(rows)
    ]
    return Fragment(page, (edges[0], 100.0, edges[-1], 100.0 + 12 * len(rows)), grid, "aligned", 0.9, edges)


def test_split_table_whose_continuation_lacks_a_header_only_column_is_stitched() -> None:
    # the head has a 5th column holding only a header word; the next page's rows fill 4
    head = _frag(
        5,
        [["Offence", "Avg", "%", "% all", "x"], ["S18", "1.45", "6.39%", "2.39%", ""]],
        [84, 250, 325, 420, 470, 500],
    )
    cont = _frag(
        6,
        [["S47", "50.5", "72.46%", "27.10%"], ["No Injury", "109.94", "N/A", "62.60%"]],
        [84, 250, 325, 420, 460],
    )
    (group,) = group_fragments([head, cont], {id(head)}, {id(cont)})
    assert len(group) == 2 and group[1].texts()[1] == ["No Injury", "109.94", "N/A", "62.60%", ""]
    # a table on the next page with columns elsewhere is a table of its own
    other = _frag(6, [["Outcome", "%"], ["Charge", "87%"]], [84, 140, 300])
    assert len(group_fragments([head, other], {id(head)}, {id(other)})) == 2


def test_body_rows_after_a_two_line_header_in_a_bigger_font_stay_in_the_table() -> None:
    # two 9.5 pt header lines over 8 pt rows: the block's median size sits in between
    words = [w("Process", 60, 100, 9.5), w("Supt to", 200, 100, 9.5), w("PC to", 260, 100, 9.5)]
    words += [w("Ch.Supt", 200, 111, 9.5), w("Sgt", 260, 111, 9.5)]
    for i, (a, b, c) in enumerate(
        [
            ("Applicants", "13", "406"),
            ("Successful", "6", "201"),
            ("Female", "71%", "51%"),
            ("Overall", "46%", "47%"),
        ]
    ):
        words += [w(a, 60, 122 + 9.6 * i, 8.0), w(b, 200, 122 + 9.6 * i, 8.0), w(c, 260, 122 + 9.6 * i, 8.0)]
    (block,) = find_blocks(group_lines(words))
    assert len(block.lines) == 6


def test_tall_unpadded_row_wrapping_in_every_column_but_the_label_is_one_row() -> None:
    # rows and wrapped lines 10 pt apart; the "Approach" row wraps in both text columns
    words = [w("Stream", 60, 100), w("Identity", 140, 100), w("Pipeline", 240, 100)]
    words += [w("Lead", 60, 110), w("Dan Barton", 140, 110), w("Tony Burnett", 240, 110)]
    words += [w("Approach", 60, 120), w("To define WMP's", 140, 120), w("Clarify workforce", 240, 120)]
    words += [w("brand and", 140, 130), w("demands and", 240, 130)]
    words += [w("Team", 60, 140), w("Culture", 140, 140), w("Digital", 240, 140)]
    rows = row_bands(group_lines(words))
    assert [len(r) for r in rows] == [1, 1, 2, 1]


def test_month_rows_with_an_empty_label_are_not_taken_for_wrapped_lines() -> None:
    words = [w("Month", 60, 100), w("Unit", 140, 100), w("Activity", 260, 100), w("Hours", 400, 100)]
    words += [
        w("June", 60, 110),
        w("The Lighthouse BW", 140, 110),
        w("Litter Pick", 260, 110),
        w("2", 400, 110),
    ]
    words += [w("Barrs Hill CV", 140, 120), w("Memorial Clean", 260, 120), w("2", 400, 120)]
    words += [
        w("July", 60, 130),
        w("Bluecoats Academy", 140, 130),
        w("Knife Sweep in the park", 260, 130),
        w("4", 400, 130),
    ]
    rows = row_bands(group_lines(words))
    assert [len(r) for r in rows] == [1, 1, 1, 1]


def test_padded_row_with_only_its_label_filled_stays_in_the_table() -> None:
    # zebra rows 19 pt apart; "Project Team" fills the first cell only
    words = []
    for i, (a, b) in enumerate([("Streams", "Identity"), ("Lead", "Dan Barton"), ("Approach", "To define")]):
        words += [w(a, 60, 100 + 19 * i, 9.0), w(b, 200, 100 + 19 * i, 9.0)]
    words += [w("Project Team", 60, 157, 9.0), w("themes", 60, 176, 9.0), w("Culture / D&I", 200, 176, 9.0)]
    (block,) = find_blocks(group_lines(words))
    assert [ln.text for ln in block.lines][-2:] == ["Project Team", "themes Culture / D&I"]


def test_caption_line_between_padded_tables_is_not_a_label_row() -> None:
    words = []
    for i, (a, b) in enumerate([("Route", "Leavers"), ("PCDA", "49"), ("Total", "85")]):
        words += [w(a, 60, 100 + 19 * i, 9.0), w(b, 200, 100 + 19 * i, 9.0)]
    words += [w("From April 2022 to July 2023 attrition by route", 60, 157, 9.0)]
    words += [
        w("Route", 60, 176, 9.0),
        w("Leavers", 200, 176, 9.0),
        w("PCDA", 60, 195, 9.0),
        w("23", 200, 195, 9.0),
    ]
    blocks = find_blocks(group_lines(words))
    assert all("From April" not in ln.text for b in blocks for ln in b.lines)


def _pages(first: list[Word], second: list[Word]) -> dict[int, PageContent]:
    return {1: PageContent(1, 595.0, 842.0, first), 2: PageContent(2, 595.0, 842.0, second)}


def _table_rows(rows: list[tuple[str, ...]], top: float, step: float = 18.0) -> list[Word]:
    xs = [60.0, 200.0, 300.0, 400.0]
    return [w(t, xs[k], top + step * i) for i, r in enumerate(rows) for k, t in enumerate(r) if t]


def test_last_row_carried_alone_to_the_next_page_is_stitched() -> None:
    rows = [
        ("Process", "Supt", "Insp", "Total"),
        ("Applicants", "13", "69", "686"),
        ("Successful", "6", "30", "320"),
    ]
    first = [w("Some body text above the table.", 60, 680), *_table_rows(rows, 700)]
    second = [*_table_rows([("Overall", "46%", "43%", "47%")], 80), w("A paragraph after it.", 60, 120)]
    (t,) = tables_from_pages(_pages(first, second), "x.pdf", [])
    assert t.pages == [1, 2] and t.rows[-1] == ["Overall", "46%", "43%", "47%"]


def test_label_row_and_merged_row_carried_to_the_next_page_are_stitched() -> None:
    rows = [
        ("Streams", "Identity", "Pipeline", "Logistics"),
        ("Lead", "Dan", "Tony", "Andy"),
        ("Approach", "Define", "Clarify", "Deliver"),
    ]
    first = _table_rows(rows, 700)
    second = [w("Team", 60, 80), w("themes", 60, 98), w("Culture / D&I / Comms", 200, 98)]
    second += [w("A paragraph after it.", 60, 140)]
    (t,) = tables_from_pages(_pages(first, second), "x.pdf", [])
    assert t.rows[-2:] == [["Team", "", "", ""], ["themes", "Culture / D&I / Comms", "", ""]]


def test_table_after_a_heading_on_the_next_page_is_not_stitched() -> None:
    rows = [
        ("Process", "Supt", "Insp", "Total"),
        ("Applicants", "13", "69", "686"),
        ("Successful", "6", "30", "320"),
    ]
    second = [w("Next heading", 60, 60, bold=True), *_table_rows([("Overall", "46%", "43%", "47%")], 80)]
    tables = tables_from_pages(_pages(_table_rows(rows, 700), second), "x.pdf", [])
    assert [t.pages for t in tables] == [[1]]


def test_column_headings_under_a_title_whose_span_was_not_seen_are_header_rows() -> None:
    """A merged title over period columns, laid out so its span is not detected, left the
    month row in the body: the mapping then read 'Ethnic Minority Group %' as a period."""
    from extractors.geometry import GridCell
    from extractors.headers import count_header_rows

    def row(*texts: str) -> list[GridCell]:
        return [GridCell(t, None) for t in texts]

    grid = [
        row("Staff Type", "Ethnic Minority Group %", "", ""),
        row("", "Dec-22", "Jan-22", "Jan-21"),
        row("Police Officer", "13.70%", "12.90%", "11.90%"),
        row("Force Total", "15.30%", "14.60%", "13.70%"),
    ]
    assert count_header_rows(grid) == 2
    benefits = [
        row("Status", "Project", "2022/23 £", "2023/24 £"),
        row("Cashable", "", "", ""),
        row("Live", "Connect", "140,900", "1,000,600"),
    ]
    assert count_header_rows(benefits) == 1, "a section row is not a heading row"
    text_only = [row("Work Streams", "Identity"), row("Lead", "Dan Barton"), row("Approach", "To define")]
    assert count_header_rows(text_only) == 1, "without figures below, only the first row is a header"


def test_papers_extracted_in_threads_at_once_match_one_at_a_time(papers_dir: Path) -> None:
    """The flow's thread runner extracts papers concurrently, and PDFium is not
    thread-safe: a full test run once died in native code. Extraction holds a lock."""
    from concurrent.futures import ThreadPoolExecutor

    from extractors import extract_paper

    pdfs = sorted(papers_dir.glob("*.pdf"))
    serial = [extract_paper(p).to_contract() for p in pdfs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = [t.to_contract() for t in pool.map(extract_paper, pdfs * 2)]
    assert threaded == serial * 2
