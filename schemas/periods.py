"""Parse printed period labels into inclusive ISO date intervals, keeping the label.

Accepted forms (case-insensitive; a trailing unit such as ``£``, ``£k``, ``FTE`` or ``%``
is ignored, so ``2022/23 £`` reads as ``2022/23``):

* a month: ``Nov-24``, ``Jan-19``, ``Nov 2024``, ``November 2024``
* a UK financial year, April to March: ``2022/23``, ``FY22/23``, ``19/20``, ``2022/2023``,
  ``2022-23`` (a dash with a two-digit second year that follows the first; ``2022-11``
  is November 2022)
* a quarter: of a financial year ``Q2 2024/25``, ``2024/25 Q2``, ``Qtr 2 24/25`` (Q1 is
  April to June), of a calendar year ``Q2 2024`` (April to June 2024)
* ``YTD 2022/23``: from 1 April 2022 to ``as_of`` when given and inside the year, else
  to the year end (the label keeps "YTD")
* a calendar year: ``2021``
* a day: ``1 October 2021``
* ``To March 2020``: the twelve months ending then (the financial year for March)
* ranges ``A - B``, ``A – B``, ``A to B``, ``From A to B``, ``January 2019-December 2019``
  where each side is one of the above or a month/day whose year comes from the other
  side (``1 October - 31 December 2021``, ``Jan-Dec 2019``)
* a bare month name (``April``) only when the caller supplies ``year``.

Anything else raises ``PeriodError``: the parser never guesses.  ``find_period(text)``
looks for the longest run of words that is one of these labels inside longer text (a
caption, a title row).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

_MONTH_RE = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = "[-\u2010\u2011\u2012\u2013\u2014]"
_MONEY_UNIT = r"£\s*'?(?:000s?|k|m|bn)?"
_UNIT_SUFFIX = re.compile(rf"\s*(?:\(\s*(?:{_MONEY_UNIT}|fte|%)\s*\)|{_MONEY_UNIT}|fte|%)\s*$", re.IGNORECASE)

_FY = re.compile(r"^(?:fy\s?)?(?P<a>\d{2}|\d{4})\s?/\s?(?P<b>\d{2}|\d{4})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(
    "^" + _MONTH_RE.format(name="m") + rf"(?:\s*{_DASH}\s*|\s+|\s*'\s*)(?P<y>\d{{4}}|\d{{2}})$",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE.format(name="m") + r"(?:\s+(?P<y>\d{4}))?$",
    re.IGNORECASE,
)
_FY_DASH = re.compile(r"^(?:fy\s?)?(?P<a>\d{4})\s?[-\u2013]\s?(?P<b>\d{2})$", re.IGNORECASE)
_QUARTER = r"(?:q|qtr|quarter)\s*(?P<q>[1-4])"
_QUARTER_FIRST = re.compile(rf"^{_QUARTER}\s+(?P<rest>.+)$", re.IGNORECASE)
_QUARTER_LAST = re.compile(rf"^(?P<rest>.+?)\s+{_QUARTER}$", re.IGNORECASE)
_MONTH_ONLY = re.compile("^" + _MONTH_RE.format(name="m") + "$", re.IGNORECASE)
_YEAR = re.compile(r"^(?P<y>\d{4})$")
_TO = re.compile(r"^to\s+(?P<rest>.+)$", re.IGNORECASE)
_YTD = re.compile(r"^ytd\s+(?P<rest>.+)$", re.IGNORECASE)
_FROM = re.compile(r"^from\s+(?P<rest>.+)$", re.IGNORECASE)
_RANGE_SPLITS = (
    re.compile(r"\s+to\s+", re.IGNORECASE),
    re.compile(rf"\s+{_DASH}\s+"),
    re.compile(rf"(?<=[a-z0-9]){_DASH}(?=[a-z])", re.IGNORECASE),
)


class PeriodError(ValueError):
    """A period label that no rule reads; the message names the label (and cell if known)."""


@dataclass(frozen=True)
class Period:
    """An inclusive interval of days with the label as printed."""

    start: date
    end: date
    label: str

    @property
    def iso(self) -> tuple[str, str]:
        """(start, end) as ISO-8601 date strings."""
        return self.start.isoformat(), self.end.isoformat()


@dataclass(frozen=True)
class _Partial:
    """One side of a range: a year may be missing (filled from the other side)."""

    start_day: int | None
    month: int
    year: int | None
    end_day: int | None


def _year(text: str) -> int:
    """A printed year; two digits mean 2000-2069 or 1970-1999."""
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 70 else 1900 + y
    return y


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int, label: str) -> Period:
    """The whole of one calendar month."""
    return Period(date(year, month, 1), month_end(year, month), label)


def financial_year(start_year: int, label: str) -> Period:
    """The UK financial year 1 April ``start_year`` to 31 March the next year."""
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31), label)


def _strip_unit(text: str) -> str:
    """The label without a trailing unit (``£``, ``£k``, ``FTE``, ``%``)."""
    return _UNIT_SUFFIX.sub("", text).strip()


def _fy(m: re.Match[str], label: str) -> Period:
    """A financial year from a match of ``_FY``; the two years must be consecutive."""
    a, b_text = _year(m.group("a")), m.group("b")
    b = int(b_text)
    if len(b_text) == 2:
        b += a - a % 100
        if b < a:
            b += 100
    if b != a + 1:
        raise PeriodError(f"period {label!r}: {m.group('a')}/{m.group('b')} is not a financial year")
    return financial_year(a, label)


def _fy_dash(m: re.Match[str], label: str) -> Period | None:
    """``2022-23`` as a financial year, ``2022-11`` as a month, else None."""
    a, b = int(m.group("a")), int(m.group("b"))
    if b == (a + 1) % 100:
        return financial_year(a, label)
    return month_period(a, b, label) if 1 <= b <= 12 else None


def _quarter(text: str, label: str) -> Period | None:
    """``Q2 2024/25`` (financial: Q1 is April-June) or ``Q2 2024`` (calendar), or None."""
    m = _QUARTER_FIRST.match(text) or _QUARTER_LAST.match(text)
    if m is None:
        return None
    rest = m.group("rest").strip()
    q = int(m.group("q"))
    if (y := _YEAR.match(rest)) is not None:
        first = date(int(y.group("y")), 3 * q - 2, 1)
    else:
        year = _atom(rest, label, None, None)
        if year is None or (year.start.month, year.end.month) != (4, 3):
            return None
        first = date(year.start.year + (q == 4), (3 * q) % 12 + 1, 1)
    return Period(first, month_end(first.year, first.month + 2), label)


def _atom(text: str, label: str, year: int | None, as_of: date | None) -> Period | None:
    """A single (non-range) period, or None when ``text`` is not one."""
    if m := _FY.match(text):
        return _fy(m, label)
    if (m := _FY_DASH.match(text)) and (found := _fy_dash(m, label)):
        return found
    if found := _quarter(text, label):
        return found
    if m := _MONTH_YEAR.match(text):
        return month_period(_year(m.group("y")), MONTHS[m.group("m").lower()], label)
    if (m := _DAY_MONTH_YEAR.match(text)) and m.group("y"):
        y, mo, d = int(m.group("y")), MONTHS[m.group("m").lower()], int(m.group("d"))
        day = _date(y, mo, d, label)
        return Period(day, day, label)
    if m := _YEAR.match(text):
        y = int(m.group("y"))
        return Period(date(y, 1, 1), date(y, 12, 31), label)
    if (m := _MONTH_ONLY.match(text)) and year is not None:
        return month_period(year, MONTHS[m.group("m").lower()], label)
    if m := _TO.match(text):
        end = _atom(m.group("rest"), label, year, as_of)
        if end is None:
            return None
        start_month = end.end.month % 12 + 1
        start_year = end.end.year - 1 if start_month != 1 else end.end.year
        return Period(date(start_year, start_month, 1), end.end, label)
    if m := _YTD.match(text):
        whole = _atom(m.group("rest"), label, year, as_of)
        if whole is None:
            return None
        if as_of is not None and whole.start <= as_of <= whole.end:
            return Period(whole.start, as_of, label)
        return whole
    return None


def _date(y: int, mo: int, d: int, label: str) -> date:
    """A date, or PeriodError naming the label when the day does not exist."""
    try:
        return date(y, mo, d)
    except ValueError as e:
        raise PeriodError(f"period {label!r}: {e}") from None


def _partial(text: str) -> _Partial | None:
    """A month or day whose year may be missing (one side of a range)."""
    if m := _DAY_MONTH_YEAR.match(text):
        d = int(m.group("d"))
        y = int(m.group("y")) if m.group("y") else None
        return _Partial(d, MONTHS[m.group("m").lower()], y, d)
    if m := _MONTH_ONLY.match(text):
        return _Partial(None, MONTHS[m.group("m").lower()], None, None)
    return None


def _side(text: str, label: str, year: int | None, as_of: date | None) -> Period | _Partial | None:
    """One side of a range: a full period if it has its year, else a partial."""
    whole = _atom(text, label, None, as_of)
    return whole if whole is not None else _partial(text)


def _complete(p: Period | _Partial, other: Period | _Partial, before: bool, label: str) -> Period:
    """A range side as a Period, taking a missing year from the other side."""
    if isinstance(p, Period):
        return p
    if p.year is not None:
        y = p.year
    elif isinstance(other, Period):
        ref = other.end if before else other.start
        y = ref.year
        if before and p.month > ref.month:
            y -= 1
        if not before and p.month < ref.month:
            y += 1
    else:
        raise PeriodError(f"period {label!r}: no year on either side of the range")
    start = _date(y, p.month, p.start_day or 1, label)
    end = _date(y, p.month, p.end_day, label) if p.end_day else month_end(y, p.month)
    return Period(start, end, label)


def _range(text: str, label: str, year: int | None, as_of: date | None) -> Period | None:
    """A range ``A to B`` / ``A - B`` / ``A-B``, or None when no split reads."""
    for split in _RANGE_SPLITS:
        parts = split.split(text)
        if len(parts) != 2:
            continue
        left = _side(parts[0].strip(), label, year, as_of)
        right = _side(parts[1].strip(), label, year, as_of)
        if left is None or right is None:
            continue
        a = _complete(left, right, True, label)
        b = _complete(right, left, False, label)
        if b.end < a.start:
            raise PeriodError(f"period {label!r}: range ends before it starts")
        return Period(a.start, b.end, label)
    return None


def parse_period(label: str, *, year: int | None = None, as_of: date | None = None) -> Period:
    """Read a printed period label into an inclusive interval, keeping ``label`` verbatim.

    ``year`` is the year for a bare month name (supplied only when a schema says where it
    comes from); ``as_of`` ends a ``YTD`` period.  Raises ``PeriodError`` naming the label
    when no rule reads it.
    """
    text = " ".join(label.split())
    m = _FROM.match(text)
    core = _strip_unit(m.group("rest") if m else text)
    if not core:
        raise PeriodError(f"period {label!r}: empty label")
    found = _atom(core, label, year, as_of) or _range(core, label, year, as_of)
    if found is None:
        raise PeriodError(f"period {label!r}: not a recognised period label")
    return found


@lru_cache(maxsize=16384)
def try_period(label: str) -> Period | None:
    """``parse_period(label)``, or None when no rule reads it (for testing whether a header
    is a period at all)."""
    try:
        return parse_period(label)
    except PeriodError:
        return None


def span(periods: list[Period], label: str) -> Period:
    """The smallest interval covering all ``periods`` (for totals over a period axis)."""
    if not periods:
        raise PeriodError(f"period {label!r}: nothing to span")
    return Period(min(p.start for p in periods), max(p.end for p in periods), label)


_WINDOW = 8
"""The most words a period label takes (``1 October 2021 to 31 December 2021`` is 7)."""
_EDGE_PUNCTUATION = " :;,.()[]"


@lru_cache(maxsize=4096)
def find_period(text: str) -> Period | None:
    """The longest run of words in ``text`` that reads as a period (the leftmost of equal
    length), labelled with that run; None when no run does.  For captions and title rows
    (``From April 2022 to July 2023 attrition by entry route`` → April 2022 to July 2023)."""
    words = text.split()
    for n in range(min(_WINDOW, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            run = " ".join(words[i : i + n]).strip(_EDGE_PUNCTUATION)
            if not run or not any(ch.isdigit() for ch in run):
                continue
            if (found := try_period(run)) is not None:
                return found
    return None
