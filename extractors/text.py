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
