"""Calendar helpers: meeting dates that may be month-only or year-only."""

from __future__ import annotations

import calendar
import re
from datetime import date

_MEETING = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def latest_day(meeting_date: str | None) -> date | None:
    """The last day a meeting date can stand for: the day itself, the month's last day
    for ``2022-09``, the year's for ``2022``; None when unknown or unreadable."""
    m = _MEETING.match((meeting_date or "").strip())
    if m is None:
        return None
    year = int(m["y"])
    if m["m"] is None:
        return date(year, 12, 31)
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    if m["d"] is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    try:
        return date(year, month, int(m["d"]))
    except ValueError:
        return None


def iso_day(text: str) -> date | None:
    """An ISO date, or None when the text is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
