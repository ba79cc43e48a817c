"""Normalise printed category labels to stable ids (the printed label is kept elsewhere).

Slug rules, in order:

1. whitespace collapsed, ``&`` → ``and``, ``+`` → ``plus``;
2. an all-capitals plural or possessive loses its ``s`` (``PCSO's``, ``PCSOs`` → ``PCSO``);
3. a one-letter band in either order is written ``band_x`` (``M-Band``, ``Band-M``,
   ``Band M`` → ``band_m``);
4. lower-cased; apostrophes and full stops dropped; every other run of non-alphanumerics
   becomes one ``_``; leading/trailing ``_`` removed.

A schema may add aliases (id → list of printed labels) for anything the rules do not
cover; an alias is matched on the slug of the printed label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})(?:'s|’s|s)\b")
_BAND_FIRST = re.compile(r"^band[\s\-]*([a-z])$", re.IGNORECASE)
_BAND_LAST = re.compile(r"^([a-z])[\s\-]*band$", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class CategoryError(ValueError):
    """A label that cannot give a category id (e.g. empty)."""


@lru_cache(maxsize=16384)
def slug(label: str) -> str:
    """The rule-based id of a printed label (see module doc); may be empty."""
    text = " ".join(label.split())
    text = text.replace("&", " and ").replace("+", " plus ")
    text = _ACRONYM_PLURAL.sub(r"\1", text)
    m = _BAND_FIRST.match(text) or _BAND_LAST.match(text)
    if m:
        return f"band_{m.group(1).lower()}"
    text = text.lower().replace("'", "").replace("’", "").replace(".", " ")
    return _NON_ALNUM.sub("_", text).strip("_")


def alias_index(aliases: Mapping[str, list[str]]) -> dict[str, str]:
    """Slug of each printed alias → its declared id."""
    return {slug(label): cid for cid, labels in aliases.items() for label in labels}


def category_id(label: str, aliases: Mapping[str, str] | None = None) -> str:
    """The stable id of a printed label: the alias id if the slug is aliased, else the slug.

    ``aliases`` is an index built by ``alias_index``.  Raises ``CategoryError`` for a label
    with no letters or digits.
    """
    s = slug(label)
    if not s:
        raise CategoryError(f"category label {label!r} gives no id")
    return (aliases or {}).get(s, s)
