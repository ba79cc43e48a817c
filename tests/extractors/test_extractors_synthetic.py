"""Failure modes of tables from unseen producers, each pinned on a small PDF drawn here."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from extractors import extract_paper
from extractors.records import Table
from tests.extractors.synthetic import (
    PAGE_H,
    Text,
    draw_hline,
    draw_text,
    draw_vline,
    grid_texts,
    text_width,
    texts_pdf,
    write_pdf,
)

ROWS = [
    ["Variable", "Mean", "Std. Dev.", "Min", "Max"],
    ["Age", "50.8", "15.9", "21", "90"],
    ["Men", "0.47", "0.50", "0", "1"],
    ["Household size", "2.43", "1.22", "1", "9"],
    ["Household income (Euro/month)", "2,127", "1,389", "22", "22,500"],
]


def grid(t: Table) -> list[list[str]]:
    return t.header_rows + t.rows


def test_text_scaled_by_its_matrix_from_size_one_fonts_is_read_at_its_drawn_size(tmp_path: Path) -> None:
    # Some producers set every font at size 1 and scale it with the text matrix.
    def draw(c: Canvas) -> None:
        for i, row in enumerate(ROWS):
            for x, cell in zip((70, 290, 340, 390, 450), row, strict=True):
                t = c.beginText()
                t.setTextTransform(9.0, 0, 0, 9.0, x, PAGE_H - 100 - 12 * i)
                t.setFont("Helvetica", 1)
                t.textOut(cell)
                c.drawText(t)

    (table,) = extract_paper(write_pdf(tmp_path / "scaled.pdf", draw)).tables
    assert grid(table) == ROWS


def test_unruled_table_reads_the_same_at_font_size(tmp_path: Path) -> None:
    texts = grid_texts(ROWS, [70, 290, 340, 390, 450])
    (table,) = extract_paper(texts_pdf(tmp_path / "plain.pdf", texts)).tables
    assert grid(table) == ROWS


LEFTS = [70, 290, 340, 390, 450]
WIDTHS = [0, 30, 40, 30, 40]
EDGES = [64, 280, 330, 380, 440, 500]  # column rules between LEFTS, frame at both ends


def ruled_rows_pdf(
    path: Path, rows: list[list[str]], vlines_rows: int, hlines: list[int], frame: bool
) -> Path:
    """``rows`` right-aligned in value columns, 14 pt apart; column rules drawn through the
    first ``vlines_rows`` rows only; a row rule above each row index in ``hlines``."""
    top = 100.0

    def draw(c: Canvas) -> None:
        for t in grid_texts(rows, LEFTS, top, 14.0, widths=WIDTHS):
            draw_text(c, t)
        y = lambda i: top - 10.0 + 14.0 * i  # noqa: E731  (the rule above row i)
        inner = EDGES if frame else EDGES[1:-1]
        for x in inner:
            draw_vline(c, x, y(0), y(vlines_rows))
        for i in hlines:
            draw_hline(c, EDGES[0], EDGES[-1], y(i))

    return write_pdf(path, draw)


def test_rows_ruled_with_column_rules_in_header_only_keep_their_columns(tmp_path: Path) -> None:
    pdf = ruled_rows_pdf(tmp_path / "t.pdf", ROWS, 1, list(range(len(ROWS) + 1)), frame=True)
    (table,) = extract_paper(pdf).tables
    assert table.method == "ruled" and grid(table) == ROWS


def test_table_ruled_inside_only_without_frame_keeps_its_outer_columns(tmp_path: Path) -> None:
    pdf = ruled_rows_pdf(tmp_path / "t.pdf", ROWS, len(ROWS), list(range(1, len(ROWS))), frame=False)
    (table,) = extract_paper(pdf).tables
    assert table.method == "ruled" and grid(table) == ROWS


def test_body_rows_in_one_ruled_box_are_split_where_figures_stack(tmp_path: Path) -> None:
    pdf = ruled_rows_pdf(tmp_path / "t.pdf", ROWS, len(ROWS), [0, 1, len(ROWS)], frame=True)
    (table,) = extract_paper(pdf).tables
    assert table.method == "ruled" and grid(table) == ROWS


def test_wrapped_label_in_a_ruled_row_stays_one_cell(tmp_path: Path) -> None:
    rows = [["Variable", "Mean"], ["Household income", "2,127"], ["(Euro/month)", ""], ["Age", "50.8"]]
    texts = grid_texts(rows, [70, 290], 100.0, 11.0, widths=[0, 30])

    def draw(c: Canvas) -> None:
        for t in texts:
            draw_text(c, t)
        for y in (90, 103, 125, 136):
            draw_hline(c, 64, 340, y)
        for x in (64, 280, 340):
            draw_vline(c, x, 90, 136)

    (table,) = extract_paper(write_pdf(tmp_path / "t.pdf", draw)).tables
    assert grid(table) == [["Variable", "Mean"], ["Household income (Euro/month)", "2,127"], ["Age", "50.8"]]


def header_cell(lines: list[str], x: float, mid: float, valign: str, leading: float = 10.8) -> list[Text]:
    """A header cell of several lines, bold, set at the middle or bottom of a row whose
    one-line cells sit at baseline ``mid``."""
    n = len(lines)
    first = mid - (n - 1) * leading / 2 if valign == "middle" else mid - (n - 1) * leading
    return [Text(t, x, first + i * leading, bold=True) for i, t in enumerate(lines)]


BODY = [
    ["PCDA", "276", "35.5%", "22.1%"],
    ["DHEP", "298", "43.0%", "24.2%"],
    ["Total", "574", "39.4%", "23.2%"],
]
COLS = [70, 170, 230, 290]


def wrapped_header_pdf(path: Path, valign: str, caption: str | None = None) -> Path:
    texts = [
        *header_cell(["Entry", "Route"], COLS[0], 100, valign),
        *header_cell(["Recruits"], COLS[1], 100, valign),
        *header_cell(["Female"], COLS[2], 100, valign),
        *header_cell(["Ethnic", "Minority", "Groups"], COLS[3], 100, valign),
        *grid_texts(BODY, COLS, 100 + 2 * 10.8 if valign == "middle" else 116, 12.8, bold_rows=0),
    ]
    if caption:
        texts.append(Text(caption, COLS[0], 100 - 3 * 10.8 - 12, size=10, bold=True))
    return texts_pdf(path, texts)


HEADER = ["Entry Route", "Recruits", "Female", "Ethnic Minority Groups"]


def test_header_cells_wrapped_and_set_mid_row_make_one_header_row(tmp_path: Path) -> None:
    (table,) = extract_paper(wrapped_header_pdf(tmp_path / "t.pdf", "middle")).tables
    assert table.header_rows == [HEADER] and table.rows == BODY


def test_first_lines_of_wrapped_header_cells_set_at_row_bottom_are_not_the_caption(tmp_path: Path) -> None:
    pdf = wrapped_header_pdf(tmp_path / "t.pdf", "bottom", caption="Hires by entry route")
    (table,) = extract_paper(pdf).tables
    assert table.caption == "Hires by entry route"
    assert table.header_rows == [HEADER] and table.rows == BODY


def test_unruled_rows_closer_than_header_and_body_are_split_where_figures_stack(tmp_path: Path) -> None:
    # one-line rows 12.8 pt apart under a header 14 pt above them: the only wider gap is
    # the header's, so gap sizes alone would read the body as one wrapped row
    body = [
        ["Oct - Dec 2021", "928", "601"],
        ["Jan - Mar 2022", "791", "530"],
        ["Total in period", "1,719", "1,131"],
    ]
    texts = [
        *header_cell(["Referrals by", "Type"], 70, 100, "bottom"),
        *header_cell(["Overall"], 220, 100, "bottom"),
        *header_cell(["Police"], 270, 100, "bottom"),
        *grid_texts(body, [70, 220, 270], 114.0, 12.8, widths=[0, 30, 30], bold_rows=0),
    ]
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert grid(table) == [["Referrals by Type", "Overall", "Police"], *body]


def test_unlabelled_total_set_flush_right_under_its_column_stays_in_the_table(tmp_path: Path) -> None:
    rows = [["Unit", "Trained"], ["Senior Leaders", "220"], ["Cadets", "79"], ["", "1,299"]]
    texts = grid_texts(rows, [70, 200], 100.0, 12.8, widths=[0, 30])
    texts.append(Text("Table 12: Number of trauma trained", 70, 160.0, size=10, bold=True))
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert grid(table) == rows and table.caption == "Table 12: Number of trauma trained"


@pytest.mark.parametrize("leader", ["Total{}", "Total {}"])
def test_dot_leaders_between_labels_and_figures_are_a_column_gap_not_text(
    tmp_path: Path, leader: str
) -> None:
    # labels run into their figures through leaders, attached ("Total.....") or spaced (". . .")
    body = [
        ("Alabama", "4,779,736", "52,419"),
        ("Alaska", "710,231", "663,267"),
        ("Total", "5,489,967", "715,686"),
    ]
    texts = [Text("State", 70, 100, bold=True), Text("Population", 300, 100, bold=True, align="right")]
    texts.append(Text("Area", 370, 100, bold=True, align="right"))
    for i, (label, pop, area) in enumerate(body):
        y = 114 + 12 * i
        dots = "." * 40 if "{}" in leader and " " not in leader else ". " * 20
        texts += [Text(leader.format(dots).replace("Total", label), 70, y), Text(pop, 300, y, align="right")]
        texts.append(Text(area, 370, y, align="right"))
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert grid(table) == [["State", "Population", "Area"], *[list(r) for r in body]]


def test_section_rows_between_rows_set_in_groups_stay_rows_of_their_own(tmp_path: Path) -> None:
    # rows in groups of three with a half line between groups: the gaps inside a group
    # are the narrower ones, yet a label-only row there is a section, not a wrapped label
    rows = [
        ["Industry", "Firms", "Payroll"],
        ["Mining", "1,204", "56.2"],
        ["Manufacturing", "12,871", "610.4"],
        ["Services", "", ""],
        ["Retail", "9,336", "211.0"],
        ["Health care and social work", "7,102", "402.9"],
        ["Education", "2,551", "88.7"],
    ]
    texts = []
    for i, row in enumerate(rows):
        y = 100 + 11 * i + (5.5 if i >= 4 else 0)
        texts += grid_texts([row], [70, 250, 310], y, 11.0, widths=[0, 30, 30], bold_rows=int(i == 0))
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert grid(table) == rows


def test_title_row_over_column_heads_set_as_tight_as_wrapped_lines_stays_a_row(tmp_path: Path) -> None:
    # the title runs out of the label column towards the first period: not a wrapped head
    rows = [
        ["Ethnic Minority Group %", "", ""],
        ["Rank", "Dec-22", "Jan-22"],
        ["Chief Officer", "25.0%", "20.0%"],
        ["Superintendent", "6.5%", "8.9%"],
    ]
    texts = grid_texts(rows, [70, 170, 220], 100.0, 10.0, bold_rows=2)
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert table.header_rows == rows[:2] and table.rows == rows[2:]


def test_heads_wider_than_their_right_aligned_figures_make_no_extra_columns(tmp_path: Path) -> None:
    # left-aligned heads start in the gutter before their figures; a dash is set flush left
    texts = [Text("Unit", 70, 100, bold=True), Text("Cadet", 200, 90, bold=True)]
    texts += [Text("Leaders", 200, 100, bold=True), Text("Cadet Leaders", 260, 80, bold=True)]
    texts += [Text("regularly", 260, 90, bold=True), Text("attending", 260, 100, bold=True)]
    body = [("Washwood Heath", "7", "5"), ("Ark Boulton", "-", "4"), ("Barrs Hill", "12", "3")]
    for i, (unit, leaders, attending) in enumerate(body):
        y = 116 + 14 * i
        texts += [Text(unit, 70, y), Text(attending, 300, y, align="right")]
        texts.append(Text(leaders, 200, y) if leaders == "-" else Text(leaders, 240, y, align="right"))
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert table.header_rows == [["Unit", "Cadet Leaders", "Cadet Leaders regularly attending"]]
    assert table.rows == [list(r) for r in body]


def test_spanner_head_centred_over_two_columns_sits_in_the_first(tmp_path: Path) -> None:
    rows = [["Area", "Male", "Female", "Male", "Female"], ["North", "12", "14", "15", "11"]]
    rows += [["South", "22", "24", "25", "21"]]
    # figures and heads flush right at 210, 270, 330, 390: "2010" centred over the first
    # two value columns sits in the gutter between them
    texts = grid_texts(rows, [70, 180, 240, 300, 360], 104.0, 14.0, widths=[0, 30, 30, 30, 30])
    texts += [
        Text("2010", 226, 90, bold=True, align="centre"),
        Text("2020", 346, 90, bold=True, align="centre"),
    ]
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert table.header_rows == [["", "2010", "", "2020", ""], rows[0]] and table.rows == rows[1:]


def test_spanner_heads_a_line_above_the_column_heads_join_the_table_not_the_caption(tmp_path: Path) -> None:
    rows = [["Area", "Male", "Female", "Male", "Female"], ["North", "12", "14", "15.1", "11.9"]]
    rows += [["South", "22", "24", "25.0", "21.3"]]
    texts = [Text("Table 4. Residents by sex", 70, 70, size=10, bold=True)]
    texts += grid_texts(rows, [70, 180, 240, 300, 360], 104.0, 14.0, widths=[0, 30, 30, 30, 30])
    texts.append(Text("Percent", 346, 89, bold=True, align="centre"))  # one spanner, over the last two
    (table,) = extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables
    assert table.caption == "Table 4. Residents by sex"
    assert table.header_rows == [["", "", "", "Percent", ""], rows[0]] and table.rows == rows[1:]


def test_contents_list_with_dot_leaders_is_not_a_table(tmp_path: Path) -> None:
    entries = [("1. Introduction", "3"), ("2. Workforce profile", "5"), ("2.1 Recruitment", "7")]
    entries += [("3. Attrition by entry route", "12"), ("4. Next steps", "15")]
    texts = [Text("Contents", 70, 80, size=12, bold=True)]
    for i, (title, page) in enumerate(entries):
        texts += [
            Text(title + " " + ". " * 30, 70, 100 + 14 * i, size=10),
            Text(page, 480, 100 + 14 * i, 10, align="right"),
        ]
    assert extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables == []


def test_code_listing_aligned_by_spaces_is_not_a_table(tmp_path: Path) -> None:
    code = [
        ("def summarise(rows):", ""),
        ("    totals = {}", "# by key"),
        ("    for row in rows:", ""),
        ("        count = row.get('count', 0)", "# people"),
        ("        total = count + row['extra']", "# and more"),
        ("    return totals", ""),
    ]
    texts = []
    for i, (stmt, comment) in enumerate(code):
        texts.append(Text(stmt.strip(), 70 + 5.4 * (len(stmt) - len(stmt.lstrip())), 100 + 11 * i))
        if comment:
            texts.append(Text(comment, 330, 100 + 11 * i))

    def draw(c: Canvas) -> None:
        for t in texts:
            c.setFont("Courier", 9)
            c.drawString(t.x, PAGE_H - t.y, t.text)

    assert extract_paper(write_pdf(tmp_path / "t.pdf", draw)).tables == []


def test_prose_set_in_two_columns_is_not_a_table(tmp_path: Path) -> None:
    left = [
        "The board agreed the plan for the year",
        "ahead and asked officers to report back",
        "on the progress made with partners across",
        "the region before the spring meeting.",
    ]
    right = [
        "Work continues with the three councils",
        "to agree a shared approach to the review",
        "of services and the funding settlement",
        "announced by the government in December.",
    ]
    texts = [Text(t, 70, 100 + 12 * i, size=9.5) for i, t in enumerate(left)]
    texts += [Text(t, 310, 100 + 12 * i, size=9.5) for i, t in enumerate(right)]
    assert extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables == []


def test_value_columns_set_apart_by_white_space_inside_a_ruled_frame_are_columns(tmp_path: Path) -> None:
    # a frame, a rule under the header and one after the stub: the value columns are
    # told apart by white space only
    rows = [["", "Freq.", "Percent", "Cum."], ["0", "138", "6.9", "6.9"], ["1", "178", "8.8", "15.7"]]
    rows += [["2", "626", "31.1", "46.8"], ["3", "1,070", "53.2", "100.0"]]
    texts = grid_texts(rows, [70, 160, 220, 280], 100.0, 12.0, widths=[0, 30, 30, 30])

    def draw(c: Canvas) -> None:
        for t in texts:
            draw_text(c, t)
        for y in (89, 104, 152):
            draw_hline(c, 64, 320, y)
        for x in (64, 140, 320):
            draw_vline(c, x, 89, 152)

    (table,) = extract_paper(write_pdf(tmp_path / "t.pdf", draw)).tables
    assert table.method == "ruled" and grid(table) == rows


def test_chart_gridlines_with_a_few_value_labels_are_not_a_table(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        for y in range(100, 260, 20):  # gridlines and axes of a bar chart
            draw_hline(c, 80, 400, y)
        for x in range(80, 420, 40):
            draw_vline(c, x, 100, 240)
        for i, v in enumerate(["30.5", "49.0", "20.4", "27.2"]):
            draw_text(c, Text(v, 95 + 80 * i, 135 + 20 * (i % 2)))
        draw_text(c, Text("Share of students by field, per cent", 80, 260))

    assert extract_paper(write_pdf(tmp_path / "t.pdf", draw)).tables == []


def test_justified_prose_stretched_wide_is_not_a_table(tmp_path: Path) -> None:
    # short justified lines stretch their word spaces past a column gap
    words = [
        ["bone/fracture,", "sexually", "transmitted", "diseases,", "and"],
        ["diabetes, but fewer respondents followed this up"],
        ["disorder, chronic fatigue syndrome and back pain"],
        ["a", "higher", "proportion", "of", "students"],
        ["depression, a higher proportion of female students"],
    ]
    texts = []
    for i, line in enumerate(words):
        if len(line) == 1:
            texts.append(Text(line[0], 70, 100 + 12 * i))
            continue
        widths = [text_width(Text(w, 0, 0)) for w in line]
        gap = (260 - sum(widths)) / (len(line) - 1)
        x = 70.0
        for w, width in zip(line, widths, strict=True):
            texts.append(Text(w, x, 100 + 12 * i))
            x += width + gap
    assert extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables == []


def test_chart_tick_labels_beside_a_legend_are_not_a_table(tmp_path: Path) -> None:
    rows = [["14000", "S. Enteritidis"], ["12000", "S. Typhimurium"], ["10000", "Other serovars"]]
    rows += [["8000", "Unknown"], ["6000", ""]]
    texts = grid_texts(rows, [70, 160], 100.0, 14.0, widths=[0, 0], bold_rows=0, right_from=9)
    assert extract_paper(texts_pdf(tmp_path / "t.pdf", texts)).tables == []


def test_row_whose_wrapped_cells_a_page_break_cuts_is_one_row(tmp_path: Path) -> None:
    head = [Text("Stream", 70, 700, bold=True), Text("Approach", 200, 700, bold=True)]
    head += [Text("Lead", 360, 700, bold=True)]
    page1 = [
        *head,
        Text("Identity", 70, 716),
        Text("Define the brand", 200, 716),
        Text("Dan Barton", 360, 716),
    ]
    page1 += [
        Text("Pipeline", 70, 732),
        Text("Clarify workforce demand", 200, 732),
        Text("Tony Burnett", 360, 732),
    ]
    page1 += [
        Text("Logistics", 70, 748),
        Text("Deliver solutions for the", 200, 748),
        Text("Andy Kelly", 360, 748),
    ]
    page2 = [Text("uplift in capacity", 200, 72), Text("and team", 360, 72)]
    page2 += [Text("The board is asked to note the progress made on each of the work streams.", 70, 110)]
    path = tmp_path / "t.pdf"
    c = Canvas(str(path), invariant=True)
    for t in page1:
        draw_text(c, t)
    c.showPage()
    for t in page2:
        draw_text(c, t)
    c.showPage()
    c.save()
    (table,) = extract_paper(path).tables
    assert table.pages == [1, 2]
    assert table.rows[-1] == [
        "Logistics",
        "Deliver solutions for the uplift in capacity",
        "Andy Kelly and team",
    ]
