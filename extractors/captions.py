"""Find a table's caption: a "Table N" line above or below, or a distinct lead-in above.

What counts as a caption (above, within ~1.5 line heights of the table):
* a line starting ``Table/Figure/Graph/Chart/Exhibit N`` (also below the table);
* a short paragraph set apart from body text - another font size, bold or italic
  (a sub-heading or a caption style);
* a single line ending with ``:`` ("From Apr 2021 to Mar 2022 hires by entry route:");
* a single short line standing alone that does not end like a sentence, even in body
  style ("Outcomes of Promotion processes during 2021").
A numbered paragraph or an ordinary body paragraph that happens to introduce the table
("… as shown in the table below:") is not a caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.lines import Line, is_enumerator
from extractors.records import BBox
from extractors.text import join_lines

LABEL_RE = re.compile(r"^(Table|Figure|Fig\.|Graph|Chart|Exhibit)\s*[0-9IVX]+\b", re.IGNORECASE)


def paragraph_above(lines: Sequence[Line], top: float) -> list[Line]:
    """The paragraph ending just above ``top`` (lines in reading order), or []."""
    above = [ln for ln in lines if ln.bottom <= top + 1.0]
    if not above:
        return []
    last = max(above, key=lambda ln: ln.bottom)
    if top - last.bottom > 1.5 * last.size + 2.0:
        return []
    para = [last]
    for ln in sorted(above, key=lambda ln: -ln.bottom):
        if ln is last:
            continue
        first = para[0]
        if first.top - ln.bottom <= 0.5 * first.size and abs(ln.size - first.size) < 0.3:
            para.insert(0, ln)
        elif ln.bottom < first.top:
            break
    return para


def paragraph_below(lines: Sequence[Line], bottom: float) -> list[Line]:
    """The paragraph starting just below ``bottom``, or []."""
    below = [ln for ln in lines if ln.top >= bottom - 1.0]
    if not below:
        return []
    first = min(below, key=lambda ln: ln.top)
    if first.top - bottom > 1.5 * first.size + 2.0:
        return []
    para = [first]
    for ln in sorted(below, key=lambda ln: ln.top):
        if ln is first:
            continue
        last = para[-1]
        if ln.top - last.bottom <= 0.5 * last.size and abs(ln.size - last.size) < 0.3:
            para.append(ln)
        elif ln.top > last.bottom:
            break
    return para


def _text(para: Sequence[Line]) -> str:
    return join_lines(ln.text for ln in para)


def has_label(para: Sequence[Line]) -> bool:
    """Does a paragraph start with a "Table N"-style label?"""
    return bool(para) and bool(LABEL_RE.match(_text(para[:1])))


def caption_for(
    above_lines: Sequence[Line],
    top: float,
    below_lines: Sequence[Line],
    bottom: float,
    body_size: float,
    labels_below: bool = False,
) -> str | None:
    """The caption of a table spanning ``top`` (first page) to ``bottom`` (last page).

    ``labels_below`` says the document puts its "Table N" labels under tables (decided
    over all its tables): a label between two tables then belongs to the one above it.
    """
    above = paragraph_above(above_lines, top)
    below = paragraph_below(below_lines, bottom)
    if has_label(below) and (labels_below or not has_label(above)):
        return _text(below[:2] if len(below) <= 2 else below[:1])
    if not above:
        return None
    text = _text(above)
    if LABEL_RE.match(text):
        return text
    if is_enumerator(above[0].segments[0].text) and len(above[0].segments) > 1:
        return None
    distinct = all(abs(ln.size - body_size) > 0.3 or ln.bold or ln.italic for ln in above)
    if distinct and len(above) <= 3:
        return text
    if len(above) == 1 and (text.endswith(":") or is_lead_in_heading(text)):
        return text
    return None


_SENTENCE_END = re.compile(r"[.!?;,]$")
_MAX_HEADING_WORDS = 15


def is_lead_in_heading(text: str) -> bool:
    """Does a one-line paragraph standing alone above a table read like its heading even
    when set as body text: capitalised, short (at most 15 words) and not ending like a
    sentence or clause ("From Apr 2021 to Mar 2022 attrition by entry route")?"""
    t = text.strip()
    return (
        bool(t)
        and (t[0].isupper() or t[0].isdigit())
        and len(t.split()) <= _MAX_HEADING_WORDS
        and not _SENTENCE_END.search(t)
    )


def spans_box(lines: Sequence[Line], box: BBox) -> list[Line]:
    """Lines lying (by centre) inside ``box``."""
    x0, top, x1, bottom = box
    return [
        ln
        for ln in lines
        if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1 and ln.x1 >= x0 and ln.x0 <= x1
    ]
