"""More papers of other kinds of boards, made here, each table a shape the checks that need
no family must get right, with what they should say about it.

Typeset with reportlab like ``bench/other_boards.py`` (whose papers and renderer this
reuses): no manifest, no family that knows them.  The shapes: a % column with a 100% total
(right, and with one printed share wrong), a row of averages labelled "Overall average",
an "Average" row that is no total, a budget table in £000 with bracketed negatives and a
variance column (right, and with the sign of its variance total slipped), a "Total" column
beside year columns that is a sum (with one row's total wrong) and one that is a change,
durations with an "Overall" row, a forecast running years past the meeting, and a caption
whose period runs past the meeting.

``EXPECTED`` says, per paper and table caption, which cells (row label, column label)
must be reported as an error, a warning or not checked; every other total must pass or
be left alone, and nothing else may be an error.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.other_boards import OtherPaper, PrintedTable, render  # noqa: E402

Place = tuple[str, str]
"""(row label, column label) of a cell as printed (innermost levels)."""

QUALITY = OtherPaper(
    file="quality-report-may.pdf",
    cover=[
        "Quality Committee",
        "Date of meeting: 14 May 2024",
        "Report title: Quality and Patient Experience Report",
    ],
    meeting_date="2024-05-14",
    board="Quality Committee",
    title="Quality and Patient Experience Report",
    tables=[
        PrintedTable(
            "Table 1: Patient experience survey responses by rating",
            [["Rating", "Responses", "% of responses"]],
            [
                ["Very good", "1,204", "48.2%"],
                ["Good", "812", "32.5%"],
                ["Neither good nor poor", "245", "9.8%"],
                ["Poor", "160", "6.4%"],
                ["Very poor", "78", "3.1%"],
                ["Total", "2,499", "100.0%"],
            ],
        ),
        PrintedTable(
            "Table 2: Complaints received by theme, Q4 2023/24",
            [["Theme", "Complaints", "% of complaints"]],
            [
                ["Communication", "64", "35.6%"],
                ["Clinical care", "52", "28.9%"],
                ["Waiting times", "38", "21.1%"],
                ["Staff attitude", "26", "15.4%"],
                ["Total", "180", "100%"],
            ],
            wrong_total=("Total", "% of complaints"),
        ),
        PrintedTable(
            "Table 3: Admissions and length of stay by ward",
            [["Ward", "Admissions", "Average length of stay (days)"]],
            [
                ["Ward 1 (Medicine)", "320", "4.2"],
                ["Ward 2 (Surgery)", "275", "6.8"],
                ["Ward 3 (Elderly care)", "190", "9.1"],
                ["Overall average", "262", "6.2"],
            ],
        ),
        PrintedTable(
            "Table 4: Daily attendances by site",
            [["Site", "Jan-24", "Feb-24", "Mar-24"]],
            [
                ["City Hospital", "412", "398", "405"],
                ["General Hospital", "301", "322", "310"],
                ["Average", "357", "360", "358"],
            ],
        ),
    ],
)

OUTTURN = OtherPaper(
    file="outturn-2023-24.pdf",
    cover=[
        "Report to: Audit and Governance Committee",
        "Meeting: 9 July 2024",
        "Title: Annual Financial Outturn 2023/24",
        "Report of: Director of Finance",
    ],
    meeting_date="2024-07-09",
    board="Audit and Governance Committee",
    title="Annual Financial Outturn 2023/24",
    tables=[
        PrintedTable(
            "Table 1: Revenue outturn by service 2023/24 (£000)",
            [["Service", "Budget £000", "Outturn £000", "Variance £000"]],
            [
                ["Adult social care", "45,200", "46,050", "850"],
                ["Children's services", "30,100", "29,640", "(460)"],
                ["Housing", "8,400", "8,910", "510"],
                ["Environment", "12,750", "12,180", "(570)"],
                ["Total net expenditure", "96,450", "96,780", "330"],
            ],
            ruled=False,
        ),
        PrintedTable(
            "Table 2: Capital programme outturn 2023/24 (£000)",
            [["Scheme", "Budget £000", "Outturn £000", "Variance £000"]],
            [
                ["Schools", "12,400", "11,950", "(450)"],
                ["Highways", "8,300", "8,720", "420"],
                ["Leisure centre", "5,100", "4,880", "(220)"],
                ["Total", "25,800", "25,550", "250"],
            ],
            ruled=False,
            wrong_total=("Total", "Variance £000"),
        ),
        PrintedTable(
            "Table 3: Council tax collected by band (£000)",
            [["Band", "2021/22", "2022/23", "2023/24", "Total"]],
            [
                ["Band A", "10,210", "10,640", "11,180", "32,030"],
                ["Band B", "14,350", "14,980", "15,720", "45,500"],
                ["Band C", "9,880", "10,310", "10,820", "31,010"],
                ["Band D", "7,460", "7,790", "8,170", "23,420"],
            ],
            wrong_total=("Band B", "Total"),
        ),
        PrintedTable(
            "Table 4: Staff in post by directorate (FTE)",
            [["Directorate", "March 2023", "March 2024", "Total"]],
            [
                ["Adults", "412.0", "398.5", "-13.5"],
                ["Children's", "365.5", "381.0", "15.5"],
                ["Place", "289.0", "292.5", "3.5"],
                ["Resources", "198.5", "187.0", "-11.5"],
            ],
        ),
    ],
)

FIRE_BUDGET = OtherPaper(
    file="fra-2024-10.pdf",
    cover=["Fire and Rescue Authority", "Tuesday 15 October 2024", "Service Performance and Budget Report"],
    meeting_date="2024-10-15",
    board="Fire and Rescue Authority",
    title="Service Performance and Budget Report",
    tables=[
        PrintedTable(
            "Table 1: Incidents by category, April to September 2024",
            [["Category", "Incidents", "Share"]],
            [
                ["Fires", "1,020", "31.9%"],
                ["Special services", "860", "26.9%"],
                ["False alarms", "1,320", "41.2%"],
                ["Total incidents", "3,200", "100%"],
            ],
        ),
        PrintedTable(
            "Table 2: Average response times (mm:ss) by station",
            [["Station", "Q1 2024/25", "Q2 2024/25"]],
            [["North", "07:45", "08:02"], ["South", "09:12", "09:30"], ["Overall", "08:28", "08:46"]],
        ),
        PrintedTable(
            "Table 3: Medium term financial plan (£000)",
            [["Budget line", "2024/25", "2025/26", "2026/27"]],
            [
                ["Employees", "28,400", "29,250", "30,130"],
                ["Premises", "3,120", "3,210", "3,300"],
                ["Supplies", "2,480", "2,550", "2,630"],
                ["Total", "34,000", "35,010", "36,060"],
            ],
        ),
        PrintedTable(
            "Table 4: Home fire safety visits, April 2024 to September 2025",
            [["District", "Visits completed"]],
            [["Northern", "1,245"], ["Central", "1,580"], ["Southern", "1,102"], ["Total", "3,927"]],
        ),
    ],
)

PAPERS = (QUALITY, OUTTURN, FIRE_BUDGET)

EXPECTED: dict[tuple[str, str], dict[str, set[Place]]] = {
    (QUALITY.file, "Table 1: Patient experience survey responses by rating"): {},
    (QUALITY.file, "Table 2: Complaints received by theme, Q4 2023/24"): {
        "error": {("Total", "% of complaints")},  # 35.6 + 28.9 + 21.1 + 15.4 = 101.0, not 100
    },
    (QUALITY.file, "Table 3: Admissions and length of stay by ward"): {
        "not_checked": {
            ("Overall average", "Admissions"),
            ("Overall average", "Average length of stay (days)"),
        },
    },
    (QUALITY.file, "Table 4: Daily attendances by site"): {},  # "Average" is no total: nothing to add
    (OUTTURN.file, "Table 1: Revenue outturn by service 2023/24 (£000)"): {},
    (OUTTURN.file, "Table 2: Capital programme outturn 2023/24 (£000)"): {
        "error": {("Total", "Variance £000")},  # (450) + 420 + (220) = (250), printed 250
    },
    (OUTTURN.file, "Table 3: Council tax collected by band (£000)"): {
        "error": {("Band B", "Total")},  # 14,350 + 14,980 + 15,720 = 45,050, printed 45,500
    },
    (OUTTURN.file, "Table 4: Staff in post by directorate (FTE)"): {
        "not_checked": {
            ("Adults", "Total"),
            ("Children's", "Total"),
            ("Place", "Total"),
            ("Resources", "Total"),
        },
    },
    (FIRE_BUDGET.file, "Table 1: Incidents by category, April to September 2024"): {},
    (FIRE_BUDGET.file, "Table 2: Average response times (mm:ss) by station"): {
        "not_checked": {("Overall", "Q1 2024/25"), ("Overall", "Q2 2024/25")},
    },
    (FIRE_BUDGET.file, "Table 3: Medium term financial plan (£000)"): {
        "not_checked": {("Employees", "2025/26"), ("Employees", "2026/27")},  # periods of a plan
    },
    (FIRE_BUDGET.file, "Table 4: Home fire safety visits, April 2024 to September 2025"): {
        "error": {("Northern", "Visits completed")},  # the caption's period ends 11 months after the meeting
    },
}
"""What the checks must say, per (paper, caption): cells reported as ``error``,
``warning`` or ``not_checked`` (a subset of what is not checked)."""


def build(folder: Path) -> list[OtherPaper]:
    """Write the papers into ``folder`` (no manifest); returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    for paper in PAPERS:
        render(paper, folder / paper.file)
    return list(PAPERS)
