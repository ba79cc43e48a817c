"""Papers of other kinds of boards, made here, with no manifest and no family that knows them.

Three papers typeset with reportlab, each opening with the cover block its kind of body
prints (an NHS trust's cover sheet, a council's agenda header, a fire authority's dated
heading), then prose and tables: months and quarters across, sites and directorates down,
a spanning group header, sections, money in £000 with bracketed negatives, durations,
``-`` and ``n/a``, and in two of them a printed total that does not add up.

``build(folder)`` writes the PDFs and returns what they print (the truth).  ``main`` runs
extraction and tidying on them and reports the share of their numeric cells that come out
as tidy cells with the right row and column labels and value, the facts read from their
covers, and whether the wrong totals can be seen from the tidy cells alone (parts of a
column summed against the row labelled as its total, section by section).

Run: ``.venv/bin/python bench/other_boards.py`` (writes ``outputs/bench/other_boards.json``).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from schemas.records import TidyCell  # noqa: E402
from schemas.values import parse_value  # noqa: E402


@dataclass(frozen=True)
class PrintedTable:
    """A table as printed: caption, header rows (a cell followed by ``""`` cells it spans
    when ``spans`` says so), body rows, ruled or not, and the wrong total it prints."""

    caption: str
    header: list[list[str]]
    rows: list[list[str]]
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    """(header row, first col, last col) merged cells."""
    ruled: bool = True
    wrong_total: tuple[str, str] | None = None
    """(row label, column leaf) of a printed total that does not add up."""


@dataclass(frozen=True)
class OtherPaper:
    """One paper: its file name, cover lines, the facts they give, and its tables."""

    file: str
    cover: list[str]
    meeting_date: str
    board: str
    title: str
    tables: list[PrintedTable]


NHS = OtherPaper(
    file="ipr-march.pdf",
    cover=[
        "Trust Board (Public)",
        "Agenda item 7.2",
        "Date of meeting: 28 March 2024",
        "Report title: Integrated Performance Report",
        "Presented by: Chief Operating Officer",
    ],
    meeting_date="2024-03-28",
    board="Trust Board (Public)",
    title="Integrated Performance Report",
    tables=[
        PrintedTable(
            "Table 1: Emergency department attendances by site",
            [["Site", "Dec-23", "Jan-24", "Feb-24"]],
            [
                ["City Hospital", "8,412", "8,950", "8,130"],
                ["General Hospital", "6,205", "6,480", "6,010"],
                ["Urgent Treatment Centre", "3,110", "3,392", "3,005"],
                ["Total", "17,727", "18,822", "17,155"],
            ],
            wrong_total=("Total", "Feb-24"),
        ),
        PrintedTable(
            "Table 2: Ambulance response times (mean, mm:ss)",
            [["Category", "Q2 2023/24", "Q3 2023/24"]],
            [["Category 1", "08:32", "09:05"], ["Category 2", "31:10", "42:48"], ["Category 3", "n/a", "-"]],
        ),
        PrintedTable(
            "Table 3: Workforce by division",
            [
                ["", "Registered nurses", "", "Medical staff", ""],
                ["Division", "WTE", "Vacancy %", "WTE", "Vacancy %"],
            ],
            [
                ["Medicine", "412.5", "8.2%", "120.0", "5.1%"],
                ["Surgery", "305.0", "6.9%", "98.4", "4.4%"],
                ["Women and Children", "188.2", "10.4%", "61.0", "7.9%"],
                ["Total", "905.7", "8.1%", "279.4", "5.3%"],
            ],
            spans=[(0, 1, 2), (0, 3, 4)],
        ),
    ],
)

COUNCIL = OtherPaper(
    file="cabinet_report_q2.pdf",
    cover=[
        "Report to: Cabinet",
        "Meeting: 12 November 2024",
        "Title: Revenue Budget Monitoring 2024/25 Quarter 2",
        "Report of: Director of Finance",
    ],
    meeting_date="2024-11-12",
    board="Cabinet",
    title="Revenue Budget Monitoring 2024/25 Quarter 2",
    tables=[
        PrintedTable(
            "Table 1: Revenue forecast by directorate (£000)",
            [["Directorate", "Budget 2024/25 £000", "Forecast £000", "Variance £000"]],
            [
                ["People", "", "", ""],
                ["Adult social care", "98,400", "101,250", "2,850"],
                ["Children's services", "61,300", "63,900", "2,600"],
                ["Place", "", "", ""],
                ["Highways", "14,200", "13,650", "(550)"],
                ["Waste and recycling", "22,800", "22,410", "(390)"],
                ["Net total", "196,700", "201,210", "4,610"],
            ],
            ruled=False,
            wrong_total=("Net total", "Variance £000"),
        ),
    ],
)

FIRE = OtherPaper(
    file="fra-2025-01.pdf",
    cover=["Fire and Rescue Authority", "Tuesday 28 January 2025", "Performance Report Quarter 3 2024/25"],
    meeting_date="2025-01-28",
    board="Fire and Rescue Authority",
    title="Performance Report Quarter 3 2024/25",
    tables=[
        PrintedTable(
            "Incidents attended by type",
            [["Incident type", "Oct-24", "Nov-24", "Dec-24", "Total"]],
            [
                ["Primary fires", "112", "98", "105", "315"],
                ["Secondary fires", "240", "131", "88", "459"],
                ["False alarms", "402", "388", "415", "1,205"],
                ["Special services", "296", "310", "344", "950"],
                ["Total incidents", "1,050", "927", "952", "2,929"],
            ],
        ),
    ],
)

PAPERS = (NHS, COUNCIL, FIRE)
PROSE = (
    "This report sets out the position at the end of the period and the actions taken. The board is asked "
    "to note the figures below and the risks they describe."
)


def _table(t: PrintedTable) -> Table:
    grid = [*t.header, *t.rows]
    table = Table(grid, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, len(t.header) - 1), "Helvetica-Bold", 9),
        ("FONT", (0, len(t.header)), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
    style += [("SPAN", (c0, r), (c1, r)) for r, c0, c1 in t.spans]
    style += [("ALIGN", (c0, r), (c1, r), "CENTER") for r, c0, c1 in t.spans]
    if t.ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    else:
        style.append(("LINEBELOW", (0, len(t.header) - 1), (-1, len(t.header) - 1), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def render(paper: OtherPaper, path: Path) -> None:
    """Typeset one paper: cover block, then prose and a captioned table per table."""
    big = ParagraphStyle("board", fontName="Helvetica-Bold", fontSize=14, leading=18)
    bold = ParagraphStyle("cover", fontName="Helvetica-Bold", fontSize=12, leading=16)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    caption = ParagraphStyle("caption", fontName="Helvetica-Bold", fontSize=10, leading=13)
    story: list[Any] = [Paragraph("OFFICIAL", body), Spacer(1, 12)]
    story += [Paragraph(line, big if i == 0 else bold) for i, line in enumerate(paper.cover)]
    story.append(Spacer(1, 12))
    for t in paper.tables:
        story += [Paragraph(PROSE, body), Spacer(1, 8), Paragraph(t.caption, caption), Spacer(1, 4)]
        story += [_table(t), Spacer(1, 14)]
    SimpleDocTemplate(str(path), pagesize=A4, title="", subject="").build(story)


def build(folder: Path) -> list[OtherPaper]:
    """Write the three papers into ``folder`` (no manifest); returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    for paper in PAPERS:
        render(paper, folder / paper.file)
    return list(PAPERS)


def _leaf(t: PrintedTable, col: int) -> str:
    for row in reversed(t.header):
        if row[col]:
            return row[col]
    return ""


def truth_cells(t: PrintedTable) -> list[tuple[str, str, str]]:
    """(row label, column leaf, printed text) of every body cell that prints a figure."""
    return [
        (row[0], _leaf(t, c), text)
        for row in t.rows
        for c, text in enumerate(row)
        if c > 0 and parse_value(text).status in ("ok", "note")
    ]


def found_right(t: PrintedTable, cells: Sequence[TidyCell]) -> tuple[int, int]:
    """(truth figures, figures found as tidy cells with the right labels and value)."""
    truth = truth_cells(t)
    right = sum(
        any(
            c.value_text == text and c.row_labels[-1:] == (row,) and c.col_labels[-1:] == (col,)
            for c in cells
        )
        for row, col, text in truth
    )
    return len(truth), right


def totals_that_do_not_add_up(cells: Sequence[TidyCell]) -> list[str]:
    """Cells of a row labelled as a total that equal neither the sum of the rows above them
    in their section nor the sum of all the rows above them: what a family-free check can
    see from tidy cells alone (percentages left out: they do not add)."""
    groups: dict[tuple[str, str, int], list[TidyCell]] = defaultdict(list)
    for c in cells:
        groups[(c.paper_sha256, c.table_id, c.col)].append(c)
    found = []
    for column in groups.values():
        parts: dict[str, float] = defaultdict(float)
        for c in sorted(column, key=lambda c: c.row):
            if c.value is None or c.unit == "percent":
                continue
            if not c.row_is_total:
                parts[c.section] += c.value
                continue
            sums = (parts[c.section], sum(parts.values()))
            if all(abs(total - c.value) > 0.5 * c.scale for total in sums):
                found.append(f"{c.table_id} {' | '.join(c.row_labels)} × {' | '.join(c.col_labels)}: "
                             f"parts {sums[-1]:,.0f} ≠ {c.value:,.0f}")  # fmt: skip
            parts.clear()
    return found


@dataclass
class Report:
    """What the bench measured on the three papers."""

    truth_cells: int = 0
    right: int = 0
    facts_right: int = 0
    facts: int = 0
    wrong_totals_printed: list[str] = field(default_factory=list)
    wrong_totals_seen: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def measure(folder: Path) -> Report:
    """Extract, settle facts and map the papers (no manifest, shipped families only)."""
    from boardpack.models import Paper
    from boardpack.stages import map_tables, settle_papers
    from extractors import extract_paper

    report = Report()
    for paper in build(folder):
        extracted = extract_paper(folder / paper.file)
        (settled,), (tables,) = settle_papers(
            [Paper(paper.file, extracted.sha256, str(folder / paper.file))], [extracted]
        )
        mapped = map_tables(settled, tables)
        for got, want in ((settled.meeting_date, paper.meeting_date), (settled.board, paper.board),
                          (settled.title, paper.title)):  # fmt: skip
            report.facts += 1
            report.facts_right += got == want
        by_caption = {t.caption: t for t in tables.tables}
        for printed in paper.tables:
            table = by_caption.get(printed.caption)
            cells = [c for c in mapped.cells if table is not None and c.table_id == table.id]
            n, right = found_right(printed, cells)
            report.truth_cells += n
            report.right += right
            if printed.wrong_total:
                report.wrong_totals_printed.append(f"{paper.file} {' × '.join(printed.wrong_total)}")
        report.wrong_totals_seen += [
            f"{paper.file} {line}" for line in totals_that_do_not_add_up(mapped.cells)
        ]
        report.unmapped += [f"{paper.file} {t.table_id}: {t.reason}" for t in mapped.unmapped]
    return report


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = measure(Path(tmp))
    share = report.right / report.truth_cells if report.truth_cells else 1.0
    print(
        f"numeric cells: {report.truth_cells}; tidy cells with right labels and value: {report.right} ({share:.1%})"
    )
    print(f"facts read right (meeting date, board, title): {report.facts_right}/{report.facts}")
    print("wrong totals printed:", *report.wrong_totals_printed, sep="\n  ")
    print("seen from tidy cells:", *report.wrong_totals_seen, sep="\n  ")
    print("unmapped tables:", *report.unmapped, sep="\n  ")
    out = ROOT / "outputs" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "other_boards.json").write_text(json.dumps({**asdict(report), "share": share}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
