"""A paper's facts: the manifest wins, then the cover, the metadata, the file name."""

from __future__ import annotations

from boardpack.models import Paper
from boardpack.paper_facts import relabelled, with_facts
from boardpack.stages import settle_papers, undated
from extractors.records import ExtractionError, Fact, PaperFacts, PaperTables

COVER = PaperFacts(
    meeting_date=Fact("2024-03-28", "cover", "Date of meeting: 28 March 2024"),
    board=Fact("Trust Board", "cover", "Trust Board"),
    title=None,
)
METADATA_TITLE = Fact("Integrated Performance Report", "metadata", "Title: Integrated Performance Report")


def test_the_manifest_wins_and_says_so() -> None:
    paper = Paper("p.pdf", "sha", "/x/p.pdf", board="Board A", meeting_date="2024-01-01", title="T")
    got = with_facts(paper, COVER)
    assert (got.meeting_date, got.meeting_date_source) == ("2024-01-01", "manifest")
    assert (got.board, got.board_source, got.title_source) == ("Board A", "manifest", "manifest")


def test_cover_then_metadata_then_file_name() -> None:
    paper = Paper("2024-02_ipr.pdf", "sha", "/x/2024-02_ipr.pdf")
    facts = PaperFacts(COVER.meeting_date, COVER.board, METADATA_TITLE)
    got = with_facts(paper, facts)
    assert (got.meeting_date, got.meeting_date_source) == ("2024-03-28", "cover")
    assert (got.board, got.board_source) == ("Trust Board", "cover")
    assert (got.title, got.title_source) == ("Integrated Performance Report", "metadata")
    from_name = with_facts(paper, PaperFacts())
    assert (from_name.meeting_date, from_name.meeting_date_source) == ("2024-02", "filename")
    assert (from_name.title, from_name.board, from_name.board_source) == ("ipr", None, None)


def test_a_paper_with_no_date_anywhere_is_a_warning() -> None:
    paper = with_facts(Paper("report.pdf", "sha", "/x/report.pdf"), PaperFacts())
    assert paper.meeting_date is None and paper.meeting_date_source is None
    (line,) = undated([paper])
    assert line.startswith("report.pdf: no meeting date found")


def test_a_cached_extraction_takes_the_name_of_the_copy_at_hand() -> None:
    cached = PaperTables("old.pdf", "sha", 3, [], [ExtractionError("old.pdf", 2, "bad page")], COVER)
    paper = Paper("new.pdf", "sha", "/x/new.pdf")
    (settled,), (tables,) = settle_papers([paper], [cached])
    assert tables.file == "new.pdf" and tables.errors[0].file == "new.pdf" and tables.facts == COVER
    assert settled.meeting_date == "2024-03-28" and settled.file == "new.pdf"
    assert relabelled(tables, "new.pdf") is tables
