"""Finding a meeting date in free text (index rows, link text, headings, file names).

Returns ISO text: ``YYYY-MM-DD``, or ``YYYY-MM`` when only a month is given (the
manifest's convention for month-only papers).  Numeric dates like ``17/12/2019`` are read
day-first, as UK public bodies write them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"


def _full(m: re.Match[str]) -> str | None:
    month = m.group("month")
    month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    try:
        return date(int(m.group("year")), month_no, int(m.group("day"))).isoformat()
    except ValueError:
        return None  # 31 February and friends: not a date


def _month_only(m: re.Match[str]) -> str | None:
    month = m.group("month")
    month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    return f"{int(m.group('year')):04d}-{month_no:02d}" if 1 <= month_no <= 12 else None


def _compile(pattern: str) -> re.Pattern[str]:
    # (?<![\dA-Za-z]) rather than \b, because file names join words with "_".
    return re.compile(r"(?<![\dA-Za-z])" + pattern + r"(?![\dA-Za-z])", re.IGNORECASE)


# Most specific first: a full date anywhere beats a month-only one.
_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
    (_compile(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"), _full),
    (_compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR), _full),
    (_compile(_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR), _full),
    (_compile(r"(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.]" + _YEAR), _full),
    (_compile(_MONTH + r",?\s+" + _YEAR), _month_only),
    (_compile(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})"), _month_only),
]


def find_date(text: str) -> tuple[str, str] | None:
    """The first meeting date in ``text`` as ``(iso, matched_text)``, or None.

    Full dates are preferred to month-only ones wherever they appear.
    """
    for pattern, convert in _PATTERNS:
        for match in pattern.finditer(text):
            iso = convert(match)
            if iso:
                return iso, match.group(0)
    return None
