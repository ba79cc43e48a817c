"""Cell text cleaning: one place that decides what a cell's text looks like."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Bullet glyphs that mark list items inside cells: the Symbol/Wingdings private-use bullet
# (U+F0B7, what Word's Symbol-font bullets extract as) and the ordinary bullet.  They are
# presentation, not data.
BULLETS = "\uf0b7\u2022"
_BULLET_RE = re.compile(f"[{BULLETS}]")
_WS_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Remove bullet glyphs and collapse every run of whitespace to one space (trimmed).

    Nothing else is changed: dashes, quotes, case and punctuation are kept verbatim.
    """
    return _WS_RE.sub(" ", _BULLET_RE.sub(" ", text)).strip()


def is_blank(text: str) -> bool:
    """True when ``text`` holds nothing but whitespace and bullet glyphs."""
    return clean_text(text) == ""


_HYPHEN_END = re.compile(r"[A-Za-z]-$")


def join_lines(lines: Iterable[str]) -> str:
    """Join the wrapped lines of one cell with single spaces, cleaned.

    A line broken right after a hyphen inside a word ("Non-" / "Cashable") is joined
    without a space: the break was the typesetter's, not the author's.
    """
    out = ""
    for raw in lines:
        piece = clean_text(raw)
        if not piece:
            continue
        if not out:
            out = piece
        elif _HYPHEN_END.search(out) and piece[0].isalpha():
            out += piece
        else:
            out += " " + piece
    return out


# A number as tables print it: sign or bracket, currency, digits grouped by commas,
# points, spaces or thin spaces, decimals, a percent sign ("-0.01", "15 455",
# "£5,294,595", "(3.2)", "13.70%").
_NUMBER_RE = re.compile(r"^[(\[]?[-–—−+±]?\s?[£$€]?\s?\d+(?:[ ,.\u00a0\u2009\u202f]\d+)*\s?%?[)\]]?\*{0,3}$")
# What tables print in a figure's place: a dash, a colon or dots for "not available".
_NIL_RE = re.compile(r"^(?:[-–—:x]|\.{2,3}|n/?a\.?|n\.a\.)$", re.IGNORECASE)


_YEAR_RE = re.compile(r"^(?:FY\s?)?(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?$", re.IGNORECASE)


def is_year_like(text: str) -> bool:
    """True for a year or a span of years ("2010", "2019/20", "FY22/23"): a column head
    more often than a figure."""
    return bool(_YEAR_RE.match(text.strip()))


def is_nil_mark(text: str) -> bool:
    """True for a mark standing in for a figure: a dash, a colon, dots, ``n/a``."""
    return bool(_NIL_RE.match(text.strip()))


def is_figure_like(text: str) -> bool:
    """True when a cell's whole text is a number or a nil mark standing for one: what
    never wraps over two lines of a cell."""
    t = text.strip()
    return bool(t) and bool(_NUMBER_RE.match(t) or _NIL_RE.match(t))


# Leader dots lead the eye from a label to its figure ("Total .......... 1,234"); they
# are layout, not text.  Four or more, attached to a word or alone ("..." is an ellipsis
# or a nil mark, and stays).
_LEADER_HEAD = re.compile(r"^(?:[.\u00b7]{4,}|\u2026{2,})")
_LEADER_TAIL = re.compile(r"(?:[.\u00b7]{4,}|\u2026{2,})$")
_LEADER_ONLY = re.compile(r"^(?:[.\u00b7]{4,}|\u2026{2,})$")


def leader_trim(word: str) -> tuple[int, int]:
    """The ``[start, end)`` of ``word`` left when leader dots are cut from its ends;
    ``(0, 0)`` for a word that is all leader."""
    if _LEADER_ONLY.match(word):
        return 0, 0
    head = _LEADER_HEAD.match(word)
    tail = _LEADER_TAIL.search(word)
    start = head.end() if head and head.end() < len(word) else 0
    end = tail.start() if tail and tail.start() > start else len(word)
    return start, end


def is_leader_dot(word: str) -> bool:
    """A word that is one dot: a piece of a spaced-out leader (". . . .")."""
    return word in (".", "\u00b7")
