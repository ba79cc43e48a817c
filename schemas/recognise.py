"""Pick the table family a table belongs to, from its caption and cell patterns only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.records import Table
from schemas.spec import Recognise, Schema

CAPTION_WEIGHT = 10


@dataclass(frozen=True)
class Match:
    """The chosen family, or why none was chosen (``schema`` None)."""

    schema: Schema | None
    reason: str


def _any_cell(pattern: str, cells: list[str]) -> bool:
    """True when ``pattern`` (case-insensitive search) matches some cell."""
    rx = re.compile(pattern, re.IGNORECASE)
    return any(rx.search(c) for c in cells)


def score(rec: Recognise, table: Table) -> int | None:
    """How well a table fits: None if a header/body pattern fails, an exclude pattern
    matches, or a required caption is missing;
    otherwise one point per header/body pattern plus CAPTION_WEIGHT if the caption matches."""
    header_cells = [c for row in table.header_rows for c in row]
    body_cells = [c for row in table.rows for c in row]
    if not all(_any_cell(p, header_cells) for p in rec.header):
        return None
    if not all(_any_cell(p, body_cells) for p in rec.body):
        return None
    if any(_any_cell(p, header_cells + body_cells) for p in rec.exclude):
        return None
    caption_hit = table.caption is not None and _any_cell(
        "|".join(f"(?:{p})" for p in rec.caption), [table.caption]
    )
    if rec.caption_required and not caption_hit:
        return None
    return len(rec.header) + len(rec.body) + (CAPTION_WEIGHT if caption_hit and rec.caption else 0)


def recognise(table: Table, schemas: tuple[Schema, ...]) -> Match:
    """The single best-scoring family for ``table``; a tie or no fit gives a reason instead."""
    scored = [(s, score(s.recognise, table)) for s in schemas]
    fits = [(s, n) for s, n in scored if n is not None]
    if not fits:
        return Match(None, "no table family matches its caption and header")
    best = max(n for _, n in fits)
    top = [s for s, n in fits if n == best]
    if len(top) > 1:
        names = ", ".join(s.family for s in top)
        return Match(None, f"ambiguous: matches {names} equally")
    return Match(top[0], f"matched {top[0].family} (score {best})")
