"""Words → text lines → segments (runs of words separated by column-sized gaps).

A *segment* is a run of words on one line whose inter-word gaps are ordinary word
spaces; a gap wider than ``col_gap(size)`` ends a segment.  Lines with two or more
segments are what aligned (unruled) tables are made of.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.geometry import Word
from extractors.text import is_leader_dot


class _WordRun:
    """The box of a left-to-right run of words (``words`` is set by the dataclass)."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass(frozen=True)
class Segment(_WordRun):
    """A run of words on one line with no column-sized gap inside."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Line(_WordRun):
    """One visual text line: words sharing a baseline band, left to right."""

    words: tuple[Word, ...]
    segments: tuple[Segment, ...]

    @property
    def size(self) -> float:
        """Dominant font size (by characters)."""
        c: Counter[float] = Counter()
        for w in self.words:
            c[w.size] += len(w.text)
        return c.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        return sum(len(w.text) for w in self.words if w.bold) * 2 > sum(len(w.text) for w in self.words)

    @property
    def italic(self) -> bool:
        return sum(len(w.text) for w in self.words if w.italic) * 2 > sum(len(w.text) for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def col_gap(size: float) -> float:
    """Smallest horizontal gap that separates columns rather than words, for a font size.

    A word space is about 0.25-0.35 em and justified text stretches it to ~0.6 em; table
    columns are set apart by padding of at least ~0.8 em.
    """
    return 0.75 * size


def split_segments(words: Sequence[Word]) -> tuple[Segment, ...]:
    """Split one line's words (left to right) into segments at column-sized gaps."""
    if not words:
        return ()
    segs: list[list[Word]] = [[words[0]]]
    for prev, w in itertools.pairwise(words):
        if w.x0 - prev.x1 >= col_gap(min(prev.size, w.size)):
            segs.append([w])
        else:
            segs[-1].append(w)
    return tuple(Segment(tuple(s)) for s in segs)


def group_lines(words: Sequence[Word]) -> list[Line]:
    """Group words into lines: a word joins a line when it overlaps the line's first
    word vertically by at least half the smaller height.

    Lines are returned top to bottom; words in a line left to right.
    """
    rows: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        for top, bottom, row in reversed(rows[-3:]):
            ov = min(bottom, w.bottom) - max(top, w.top)
            if ov >= 0.5 * min(bottom - top, w.bottom - w.top):
                row.append(w)
                break
        else:
            rows.append((w.top, w.bottom, [w]))
    lines = []
    for _, _, row in rows:
        ws = drop_spaced_leaders(sorted(row, key=lambda w: w.x0))
        if ws:
            lines.append(Line(ws, split_segments(ws)))
    lines.sort(key=lambda ln: ln.top)
    return lines


def drop_spaced_leaders(words: Sequence[Word]) -> tuple[Word, ...]:
    """A line's words without spaced-out leader dots (". . . . ."): runs of three or more
    one-dot words a word space apart.  Leaders are layout between a label and its figure."""
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        j = i
        while (
            j < len(words)
            and is_leader_dot(words[j].text)
            and (j == i or words[j].x0 - words[j - 1].x1 < col_gap(words[j].size))
        ):
            j += 1
        if j - i >= 3:
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    return tuple(w for w, k in zip(words, keep, strict=True) if k)


_ENUM_RE = re.compile(r"^(\(?([0-9]{1,3}(\.[0-9]{1,2})*|[ivxlc]{1,5}|[a-zA-Z])[.)]|[0-9]{1,3})$")


def is_enumerator(text: str) -> bool:
    """True for a list/paragraph marker such as ``5.``, ``12``, ``ii.``, ``(a)``, ``b)``."""
    return bool(_ENUM_RE.match(text.strip()))


def body_size(lines: Sequence[Line]) -> float:
    """The font size most characters are set in: the document's body text size."""
    c: Counter[float] = Counter()
    for ln in lines:
        for w in ln.words:
            c[w.size] += len(w.text)
    return c.most_common(1)[0][0] if c else 10.0


_DIGITS = re.compile(r"\d+")


def furniture_keys(lines_by_page: dict[int, list[Line]], heights: dict[int, float]) -> set[tuple[str, int]]:
    """Running headers/footers: lines near the top or bottom edge repeated on many pages.

    Returns keys ``(text with digits masked, rounded top)`` seen on at least half the
    pages (and on at least two), in the outer 12% of the page height.
    """
    counts: Counter[tuple[str, int]] = Counter()
    for page, lines in lines_by_page.items():
        h = heights[page]
        seen = set()
        for ln in lines:
            if ln.top < 0.12 * h or ln.bottom > 0.88 * h:
                seen.add(furniture_key(ln))
        counts.update(seen)
    n = len(lines_by_page)
    return {k for k, c in counts.items() if c >= max(2, n / 2)}


def furniture_key(line: Line) -> tuple[str, int]:
    """The key under which ``furniture_keys`` recognises a repeated header/footer line."""
    return (_DIGITS.sub("#", line.text), round(line.top / 4))
