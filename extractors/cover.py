"""A paper's facts read from its own text: meeting date, board and title.  Pure: text in,
facts out.

Board papers open with a cover block: a board's name, the meeting date ("Date of meeting:
28 March 2024", "Meeting: 12 November 2024", or a date on a line of its own, "Tuesday 28
January 2025"), then the paper's title ("Title: …", or the line under the board's name).
``cover_facts`` reads that block from the first lines of a paper; ``metadata_facts`` reads
the PDF's Title and Subject; ``file_name_facts`` reads a date (and a title) from a file
name.  Each ``Fact`` keeps the text it was read from, so a person can check it.

Dates come out as ISO ``YYYY-MM-DD``, or ``YYYY-MM`` when only the month is printed;
numeric dates are read day first (``28/03/2024``), as UK public bodies write them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from extractors.records import Fact, FactSource, PaperFacts

_MONTHS = {name.lower(): i for i in range(1, 13) for name in (calendar.month_name[i], calendar.month_abbr[i])}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})\s?(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"


def _bounded(pattern: str) -> re.Pattern[str]:
    # Not \b: file names join words with "_", which \b counts as a word character.
    return re.compile(r"(?<![\dA-Za-z])" + pattern + r"(?![\dA-Za-z])", re.IGNORECASE)


def _month_number(m: re.Match[str]) -> int:
    month = m.group("month")
    return int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]


def _day_date(m: re.Match[str]) -> str | None:
    try:
        return date(int(m.group("year")), _month_number(m), int(m.group("day"))).isoformat()
    except ValueError:
        return None  # 31 February: not a date


def _month_date(m: re.Match[str]) -> str | None:
    number = _month_number(m)
    return f"{m.group('year')}-{number:02d}" if 1 <= number <= 12 else None


_DATES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    (_bounded(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"), _day_date),
    (_bounded(rf"(?:{_WEEKDAY}\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"), _day_date),
    (_bounded(rf"(?:{_WEEKDAY}\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}"), _day_date),
    (_bounded(rf"(?P<day>\d{{1,2}})[/.](?P<month>\d{{1,2}})[/.]{_YEAR}"), _day_date),
    # "31 February 2020": no such day, but it still tells the month.
    (_bounded(rf"{_MONTH},?\s+{_YEAR}"), _month_date),
    (_bounded(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})"), _month_date),
)
"""Most specific first: a full date anywhere in a text beats a month-only one."""

_TIME = re.compile(
    r"\b(?:at|from|commencing|starting)\b|\d{1,2}[.:]\d{2}\s*(?:am|pm|hrs)?|\d{1,2}\s*(?:am|pm)\b|noon",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^(?:date\s+of\s+(?:the\s+)?(?:meeting|board|committee)|meeting\s+date|date|meeting(?:\s+held\s+on)?)"
    r"(?![a-z])\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_HELD_ON = re.compile(r"\bheld\s+on\b", re.IGNORECASE)
_BODY = re.compile(
    r"\b(?:board|committee|sub-committee|authority|council|cabinet|panel|commission|trust|"
    r"governing\s+body|assembly|executive)\b",
    re.IGNORECASE,
)
_BOARD_LABEL = re.compile(r"^(?:meeting|committee|board|report\s+to|to)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^(?:title|report\s+title|paper\s+title|title\s+of\s+(?:the\s+)?(?:report|paper)|subject|report)\s*[:\-–]\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(
    r"^(?:presented\s+by|report\s+(?:of|by|author)|author|lead\s+officer|contact|purpose|agenda(?:\s+item)?|"
    r"item(?:\s+no\.?)?|classification|status|priority|police\s+and\s+crime\s+plan\s+priority|"
    r"recommendations?|summary|executive\s+summary|for\s+(?:decision|information|noting|assurance)|"
    r"wards?\s+affected|key\s+decision|enclosures?|appendix|exempt)\b",
    re.IGNORECASE,
)
_MARKING = re.compile(
    r"^(?:official(?:[-\s]sensitive)?|restricted|confidential|public|part\s+[12i]+|not\s+protectively\s+marked|"
    r"page\s+\d+(?:\s+of\s+\d+)?|\d+)$",
    re.IGNORECASE,
)
_JUNK_TITLE = re.compile(r"\.(?:docx?|pdf|xlsx?|pptx?)$|^microsoft\s+\w+\s+-\s+|^untitled", re.IGNORECASE)
COVER_LINES = 16
"""How many lines from the top of the first page make the cover block."""
MAX_TITLE_WORDS = 20


@dataclass(frozen=True)
class CoverLine:
    """One text line of a paper's first pages, with its font size and weight."""

    text: str
    size: float = 0.0
    bold: bool = False


def find_date(text: str) -> tuple[str, str] | None:
    """The first date in ``text`` as ``(iso, printed text)``, a full date before a
    month-only one; None when there is none."""
    for pattern, convert in _DATES:
        for m in pattern.finditer(text):
            if (iso := convert(m)) is not None:
                return iso, m.group(0)
    return None


def is_date_line(text: str) -> bool:
    """A line that is a date and nothing else but a weekday or a time (``Tuesday 28
    January 2025``, ``September 2022``, ``28 March 2024 at 10.00am``)."""
    found = find_date(text)
    if found is None:
        return False
    rest = _TIME.sub(" ", text.replace(found[1], " "))
    return not re.sub(r"[\s,.;:()\-–]+", "", rest)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" :-–")


def _fact(value: str, source: FactSource, evidence: str) -> Fact:
    return Fact(_clean(value), source, _clean(evidence))


def _is_label(text: str) -> bool:
    return bool(
        _OTHER_LABEL.match(text) or _TITLE_LABEL.match(text) or (_DATE_LABEL.match(text) and find_date(text))
    )


def _date_from_cover(lines: Sequence[str]) -> Fact | None:
    """The meeting date of a cover block: a labelled date (on the label's line, or alone on
    the next), else a date on a line of its own, else a date after "held on"."""
    for i, text in enumerate(lines):
        if (label := _DATE_LABEL.match(text)) is None:
            continue
        rest = text[label.end() :]
        if rest.strip():
            if found := find_date(rest):
                return _fact(found[0], "cover", text)
        elif i + 1 < len(lines) and is_date_line(lines[i + 1]) and (found := find_date(lines[i + 1])):
            return _fact(found[0], "cover", f"{text} {lines[i + 1]}")
    for text in lines:
        if is_date_line(text) and (found := find_date(text)):
            return _fact(found[0], "cover", text)
    for text in lines:
        if _HELD_ON.search(text) and (found := find_date(text)):
            return _fact(found[0], "cover", text)
    return None


def _board_line(lines: Sequence[CoverLine]) -> int | None:
    """The index of the line naming the board: labelled (``Meeting: Trust Board``), else
    the largest-type short line naming a body (board, committee, council, …)."""
    for i, ln in enumerate(lines):
        if (m := _BOARD_LABEL.match(ln.text)) and not is_date_line(m.group("rest")) and _BODY.search(ln.text):
            return i
    candidates = [
        i
        for i, ln in enumerate(lines)
        if _BODY.search(ln.text)
        and len(ln.text.split()) <= 12
        and not ln.text.rstrip().endswith(".")
        and not _is_label(ln.text)
    ]
    return max(candidates, key=lambda i: (lines[i].size, -i)) if candidates else None


def _board_name(text: str) -> str:
    """A board line without its label or a date printed on it."""
    if m := _BOARD_LABEL.match(text):
        text = m.group("rest")
    if found := find_date(text):
        text = text.replace(found[1], " ")
    return _clean(text)


def _title(lines: Sequence[CoverLine], board: int | None) -> Fact | None:
    """A labelled title (``Title: …``, or the line after a bare ``Title:``), else the first
    line after the board's that is not a date, a label or a marking."""
    for i, ln in enumerate(lines):
        if m := _TITLE_LABEL.match(ln.text):
            rest = m.group("rest").strip()
            if not rest and i + 1 < len(lines):
                rest = lines[i + 1].text
            if rest and not is_date_line(rest):
                return _fact(rest, "cover", ln.text)
    start = 0 if board is None else board + 1
    body_size = min((ln.size for ln in lines), default=0.0)
    for ln in lines[start:]:
        text = ln.text
        if (
            is_date_line(text)
            or _is_label(text)
            or _MARKING.match(text.strip())
            or _BODY.fullmatch(text.strip())
        ):
            continue
        if len(text.split()) > MAX_TITLE_WORDS or text.rstrip().endswith("."):
            break
        if ln.bold or ln.size > body_size or board is None:
            return _fact(text, "cover", text)
        break
    return None


def cover_facts(lines: Sequence[CoverLine]) -> PaperFacts:
    """Meeting date, board and title from the first lines of a paper (its cover block);
    a fact not found is None."""
    block = [ln for ln in lines if ln.text.strip() and not _MARKING.match(ln.text.strip())][:COVER_LINES]
    texts = [ln.text for ln in block]
    board_at = _board_line(block)
    board = (
        None if board_at is None else _fact(_board_name(block[board_at].text), "cover", block[board_at].text)
    )
    meeting = _date_from_cover(texts)
    if meeting is None and board_at is not None and (found := find_date(block[board_at].text)):
        meeting = _fact(found[0], "cover", block[board_at].text)
    return PaperFacts(meeting_date=meeting, board=board, title=_title(block, board_at))


def metadata_facts(metadata: dict[str, str]) -> PaperFacts:
    """Facts from the PDF's document information: the Title (unless it is a file name or
    an editor's placeholder), a Subject naming a body as the board, a date in either."""
    title = _clean(metadata.get("Title", ""))
    subject = _clean(metadata.get("Subject", ""))
    date_fact = None
    for key, text in (("Title", title), ("Subject", subject)):
        if text and (found := find_date(text)):
            date_fact = _fact(found[0], "metadata", f"{key}: {text}")
            break
    return PaperFacts(
        meeting_date=date_fact,
        board=_fact(subject, "metadata", f"Subject: {subject}")
        if subject and _BODY.search(subject)
        else None,
        title=_fact(title, "metadata", f"Title: {title}")
        if title and not _JUNK_TITLE.search(title)
        else None,
    )


def file_name_facts(file: str) -> PaperFacts:
    """A meeting date in a file name (``2022-09_…``, ``…_28_March_2024``) and the rest of
    the name as a title (``fairness and belonging``)."""
    stem = PurePath(file).stem
    spaced = re.sub(r"[_\-]+", " ", stem)
    found = find_date(stem) or find_date(spaced)
    rest = stem.replace(found[1], " ") if found and found[1] in stem else stem
    title = _clean(re.sub(r"[_\-]+", " ", rest))
    return PaperFacts(
        meeting_date=_fact(found[0], "filename", file) if found else None,
        title=_fact(title, "filename", file) if title else None,
    )


def first_of(*facts: Fact | None) -> Fact | None:
    """The first fact that was found."""
    return next((f for f in facts if f is not None), None)


def combine(*sources: PaperFacts) -> PaperFacts:
    """Each fact from the first source that has it (strongest source first)."""
    return PaperFacts(
        meeting_date=first_of(*(s.meeting_date for s in sources)),
        board=first_of(*(s.board for s in sources)),
        title=first_of(*(s.title for s in sources)),
    )
