"""Parse a printed table cell into a number with a status — never a silent NaN or 0.

Statuses (``schemas.records.ValueStatus``):

* ``ok`` — a plain figure: ``13.70%``, ``1,050``, ``£5,294,595``, ``-33.00``, ``120 (10%)``;
  a negative in brackets ``(1,234)``, ``(£1,234)``, ``£(1,234)``; money with a printed
  multiplier ``£5.2m``, ``£350k``, ``£1.1bn`` (``scale`` 1e6, 1e3, 1e9; ``value`` is the
  printed figure, the caller scales); a duration ``08:32`` or ``1:02:03`` (``duration``:
  ``value`` is the count of the last printed unit, 512 and 3723 here).
* ``nil`` — a printed dash (``-``, ``–``, ``—``): the source's "none / zero".
* ``not_applicable`` — ``N/A``, ``n/a``, ``NA``.
* ``missing`` — an empty cell.
* ``note`` — a figure followed by a dash and explanatory text
  (``£8,009,320 - one off back log maintenance saving``): value kept, text kept in ``note``.
* ``qualified`` — a figure followed by a qualifier without a dash (``25 cohort 2``).
* ``invalid`` — anything else; ``value`` is None and the caller reports the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from schemas.records import ValueStatus

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DIGITS = r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
_CURRENCY = r"(?P<cur>£|\$|€)"
_NUMBER = rf"(?P<sign>[{_DASHES}])?\s*{_CURRENCY}?\s*(?P<sign2>[{_DASHES}])?{_DIGITS}\s*(?P<pct>%)?"
_PLAIN = re.compile(rf"^{_NUMBER}$")
_BRACKETED = re.compile(rf"^(?P<cur0>£|\$|€)?\(\s*{_CURRENCY}?\s*{_DIGITS}\s*(?P<pct>%)?\s*\)$")
_MULTIPLIED = re.compile(rf"^(?P<sign>-)?\s*{_CURRENCY}\s*{_DIGITS}\s*(?P<mult>k|m|mn|bn)$", re.IGNORECASE)
_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
_DURATION = re.compile(r"^(?P<a>\d{1,3}):(?P<b>[0-5]\d)(?::(?P<c>[0-5]\d))?$")
_WITH_SHARE = re.compile(rf"^{_NUMBER}\s*\(\s*(?P<share>\d+(?:\.\d+)?)\s*%\s*\)$")
_WITH_NOTE = re.compile(rf"^{_NUMBER}\s+[{_DASHES}:;]\s*(?P<note>\S.*)$")
_QUALIFIED = re.compile(rf"^{_NUMBER}\s+(?P<note>[A-Za-z(].*)$")
_NIL = re.compile(rf"^[{_DASHES}]+$")
_NOT_APPLICABLE = re.compile(r"^(?:n\s*/\s*a|na|not applicable)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedValue:
    """A cell read as a figure.

    ``value`` is set only for statuses ``ok``, ``note`` and ``qualified``.  ``decimals`` is
    the number of printed decimal places (``13.70%`` → 2), for rounding tolerances.
    ``percent``/``currency`` say what symbol was printed; ``share`` is the bracketed share
    of a ``120 (10%)`` cell (in percent) and ``note`` the trailing text of a ``note`` or
    ``qualified`` cell.  ``scale`` is a multiplier printed with the figure (``£5.2m`` → 1e6);
    ``duration`` marks an ``mm:ss`` / ``h:mm:ss`` cell, whose value counts the last unit.
    """

    text: str
    status: ValueStatus
    value: float | None = None
    decimals: int | None = None
    percent: bool = False
    currency: str | None = None
    share: float | None = None
    share_decimals: int | None = None
    note: str | None = None
    scale: float = 1.0
    duration: bool = False


def _number(m: re.Match[str]) -> tuple[float, int]:
    """The signed value and printed decimal count of a match of ``_NUMBER``."""
    digits = m.group("int").replace(",", "")
    dec = m.group("dec") or ""
    value = float(f"{digits}.{dec}" if dec else digits)
    groups = m.groupdict()
    if groups.get("sign") or groups.get("sign2"):
        value = -value
    return value, len(dec)


def _figure(text: str, m: re.Match[str], status: ValueStatus, note: str | None = None) -> ParsedValue:
    """A ParsedValue for a matched figure with the given status."""
    value, decimals = _number(m)
    return ParsedValue(
        text=text,
        status=status,
        value=value,
        decimals=decimals,
        percent=bool(m.group("pct")),
        currency=m.group("cur"),
        note=note,
    )


def _bracketed(t: str, m: re.Match[str]) -> ParsedValue:
    """``(1,234)``: the accountants' negative."""
    value, decimals = _number(m)
    currency = m.group("cur0") or m.group("cur")
    return ParsedValue(t, "ok", -value, decimals, percent=bool(m.group("pct")), currency=currency)


def _multiplied(t: str, m: re.Match[str]) -> ParsedValue:
    """``£5.2m``: the printed figure and its multiplier."""
    value, decimals = _number(m)
    return ParsedValue(
        t, "ok", value, decimals, currency=m.group("cur"), scale=_MULTIPLIERS[m.group("mult").lower()]
    )


def _duration(t: str, m: re.Match[str]) -> ParsedValue:
    """``08:32`` (two parts) or ``1:02:03``: the total in the last printed unit."""
    parts = [int(p) for p in m.group("a", "b", "c") if p is not None]
    total = 0
    for p in parts:
        total = total * 60 + p
    return ParsedValue(t, "ok", float(total), 0, duration=True)


_SPECIAL_FORMS = ((_BRACKETED, _bracketed), (_MULTIPLIED, _multiplied), (_DURATION, _duration))


def _special_figure(t: str) -> ParsedValue | None:
    """A bracketed negative, a figure with a multiplier or a duration; None otherwise."""
    for pattern, read in _SPECIAL_FORMS:
        if m := pattern.match(t):
            return read(t, m)
    return None


@lru_cache(maxsize=65536)
def parse_value(text: str) -> ParsedValue:
    """Read one printed cell; always returns a status, never raises.

    The returned ``text`` is the cell text as given (whitespace-stripped).
    """
    t = " ".join(text.split())
    if not t:
        return ParsedValue(text=t, status="missing")
    if _NIL.match(t):
        return ParsedValue(text=t, status="nil")
    if _NOT_APPLICABLE.match(t):
        return ParsedValue(text=t, status="not_applicable")
    m = _PLAIN.match(t)
    if m:
        return _figure(t, m, "ok")
    if found := _special_figure(t):
        return found
    m = _WITH_SHARE.match(t)
    if m:
        base = _figure(t, m, "ok")
        share_text = m.group("share")
        share_dec = len(share_text.split(".")[1]) if "." in share_text else 0
        return ParsedValue(
            text=t,
            status="ok",
            value=base.value,
            decimals=base.decimals,
            percent=base.percent,
            currency=base.currency,
            share=float(share_text),
            share_decimals=share_dec,
        )
    m = _WITH_NOTE.match(t)
    if m:
        return _figure(t, m, "note", note=m.group("note"))
    m = _QUALIFIED.match(t)
    if m:
        return _figure(t, m, "qualified", note=m.group("note"))
    return ParsedValue(text=t, status="invalid")
