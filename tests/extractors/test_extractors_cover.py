"""Paper facts from the paper: cover blocks of several kinds of boards, metadata, file names."""

from __future__ import annotations

import pytest

from extractors.cover import (
    CoverLine,
    cover_facts,
    file_name_facts,
    find_date,
    is_date_line,
    metadata_facts,
)
from extractors.records import PaperTables


def _lines(*texts: str) -> list[CoverLine]:
    """Cover lines, the first (the body's name) in larger bold type, the rest bold."""
    return [CoverLine(t, 14.0 if i == 0 else 12.0, True) for i, t in enumerate(texts)] + [
        CoverLine("1. This paper asks the board to note the report and the figures below.", 11.0, False)
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("17th December 2019", "2019-12-17"),
        ("23 rd January 2023", "2023-01-23"),
        ("Tuesday 28 January 2025", "2025-01-28"),
        ("Thursday, 28 March 2024", "2024-03-28"),
        ("March 28, 2024", "2024-03-28"),
        ("28/03/2024", "2024-03-28"),
        ("28.03.2024", "2024-03-28"),
        ("2024-03-28", "2024-03-28"),
        ("September 2022", "2022-09"),
        ("Sept 2022", "2022-09"),
    ],
)
def test_printed_dates(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found[0] == iso


def test_a_day_that_does_not_exist_still_tells_the_month() -> None:
    assert find_date("31 February 2024") == ("2024-02", "February 2024")


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("Tuesday 28 January 2025", True),
        ("28 March 2024 at 10.00am", True),
        ("September 2022", True),
        ("Notes of Last Meeting 17th December 2024", False),
        ("In September 2024 we reviewed the plan", False),
    ],
)
def test_a_date_line_holds_nothing_but_a_date(text: str, alone: bool) -> None:
    assert is_date_line(text) is alone


def test_nhs_cover_sheet_with_labels() -> None:
    facts = cover_facts(
        _lines(
            "Trust Board (Public)",
            "Agenda item 7.2",
            "Date of meeting: 28 March 2024",
            "Report title: Integrated Performance Report",
            "Presented by: Chief Operating Officer",
        )
    )
    assert facts.meeting_date is not None and facts.meeting_date.value == "2024-03-28"
    assert facts.meeting_date.evidence == "Date of meeting: 28 March 2024"
    assert facts.board is not None and facts.board.value == "Trust Board (Public)"
    assert facts.title is not None and facts.title.value == "Integrated Performance Report"
    assert {facts.meeting_date.source, facts.board.source, facts.title.source} == {"cover"}


def test_council_agenda_header_meeting_label() -> None:
    facts = cover_facts(
        _lines(
            "Report to: Cabinet",
            "Meeting: 12 November 2024",
            "Title: Revenue Budget Monitoring Q2 2024/25",
            "Report of: Director of Finance",
        )
    )
    assert facts.meeting_date is not None and facts.meeting_date.value == "2024-11-12"
    assert facts.board is not None and facts.board.value == "Cabinet"
    assert facts.title is not None and facts.title.value == "Revenue Budget Monitoring Q2 2024/25"


def test_date_on_the_line_after_its_label() -> None:
    facts = cover_facts(_lines("Fire and Rescue Authority", "Date of meeting:", "Thursday 6 February 2025"))
    assert facts.meeting_date is not None and facts.meeting_date.value == "2025-02-06"


def test_weekday_date_under_the_board_name_and_untitled_title_line() -> None:
    facts = cover_facts(
        _lines(
            "Fire Authority",
            "Audit and Governance Committee",
            "Tuesday 28 January 2025",
            "Treasury Management",
        )
    )
    assert facts.meeting_date is not None and facts.meeting_date.value == "2025-01-28"
    assert facts.board is not None and facts.board.value == "Fire Authority"
    assert facts.title is not None and facts.title.value == "Audit and Governance Committee"


def test_a_date_in_the_body_is_not_the_meeting_date() -> None:
    lines = [
        CoverLine("Quarterly update", 14.0, True),
        CoverLine("Notes of Last Meeting 17th December 2024 were approved by the members.", 11.0, False),
    ]
    assert cover_facts(lines).meeting_date is None


def test_corpus_cover_blocks(corpus: dict[str, PaperTables]) -> None:
    got = {
        name: (pt.facts.meeting_date and pt.facts.meeting_date.value, pt.facts.board and pt.facts.board.value)
        for name, pt in corpus.items()
    }
    assert got == {
        "2019-12-17_spcb_building-a-modern-police-force.pdf": (
            "2019-12-17",
            "Strategic Policing and Crime Board",
        ),
        "2022-09_spcb_fairness-and-belonging.pdf": ("2022-09", "Strategic Policing and Crime Board"),
        "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf": (
            "2023-01-23",
            "Strategic Policing and Crime Board",
        ),
        "2025-01-28_agb_minutes.pdf": ("2025-01-28", "Accountability and Governance Board"),
        "2025-01-28_agb_supporting-the-workforce.pdf": ("2025-01-28", "ACCOUNTABILITY AND GOVERNANCE BOARD"),
    }
    minutes = corpus["2025-01-28_agb_minutes.pdf"].facts
    assert minutes.title is not None and minutes.title.value == "Notes of the Last Meeting"
    assert all(pt.facts.meeting_date and pt.facts.meeting_date.source == "cover" for pt in corpus.values())


def test_metadata_title_subject_and_date() -> None:
    facts = metadata_facts({"Title": "Trust Board 28 March 2024", "Subject": "Trust Board", "Author": "x"})
    assert facts.meeting_date is not None and facts.meeting_date.value == "2024-03-28"
    assert facts.meeting_date.source == "metadata" and facts.meeting_date.evidence.startswith("Title:")
    assert facts.board is not None and facts.board.value == "Trust Board"


def test_metadata_title_that_is_a_file_name_is_not_a_title() -> None:
    assert metadata_facts({"Title": "Microsoft Word - report v3.docx"}).title is None
    assert metadata_facts({"Subject": "Quarterly figures"}).board is None


def test_file_name_date_and_title() -> None:
    facts = file_name_facts("2022-09_spcb_fairness-and-belonging.pdf")
    assert facts.meeting_date is not None and facts.meeting_date.value == "2022-09"
    assert facts.title is not None and facts.title.value == "spcb fairness and belonging"
    assert file_name_facts("board_report_28_March_2024.pdf").meeting_date.value == "2024-03-28"  # type: ignore[union-attr]
    assert file_name_facts("report.pdf").meeting_date is None
