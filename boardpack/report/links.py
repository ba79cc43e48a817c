"""Where everything lives in the site: file names, anchors and links (pure).

Layout of the site (paths relative to its folder)::

    index.html              findings, series, papers, unmapped tables, quarantine, checks
    <paper-stem>.html       a paper: its pages (images) and extracted tables
    series/<series>.html    a series: chart and every value linked to its cell
    img/<stem>-p<N>.png     page images
    static/                 stylesheet, scripts and the vendored chart library

Anchors in a paper page: ``p18`` (a page), ``t08`` (a table's grid; ``t08-p18`` for its
part on a later page), ``t08-r11-c2`` (a cell, outlined on the page image when that page
was drawn) and ``t08-r11-c2-grid`` (the same cell in the extracted grid).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from boardpack.report.records import PaperInfo

SERIES_DIR = "series"
RESERVED_STEMS = {"index"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_names(papers: Sequence[PaperInfo]) -> dict[str, str]:
    """Each paper's page stem (sha → stem): the file's stem, made unique and never
    ``index``."""
    names: dict[str, str] = {}
    taken = set(RESERVED_STEMS)
    for p in papers:
        stem = Path(p.file).stem or "paper"
        name = stem if stem not in taken else f"{stem}-{p.sha256[:8]}"
        taken.add(name)
        names[p.sha256] = name
    return names


def series_names(series_ids: Iterable[str]) -> dict[str, str]:
    """Each series' file stem (id → stem): the id with anything but letters, digits,
    ``.``, ``_`` and ``-`` replaced, made unique."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for sid in series_ids:
        base = _UNSAFE.sub("-", sid).strip(".-") or "series"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names[sid] = name
    return names


def slug(text: str) -> str:
    """``text`` as a fragment-safe anchor part (letters, digits, ``.``, ``_``, ``-``)."""
    return _UNSAFE.sub("-", text).strip("-") or "x"


def cell_anchor(table_id: str, row: int, col: int) -> str:
    """The anchor of a cell on its paper page: ``t08-r11-c2``."""
    return f"{table_id}-r{row}-c{col}"


def grid_anchor(table_id: str, row: int, col: int) -> str:
    """The anchor of a cell in its table's extracted grid: ``t08-r11-c2-grid``."""
    return cell_anchor(table_id, row, col) + "-grid"


def table_anchor(table_id: str, page: int | None = None) -> str:
    """The anchor of a table's grid (``t08``) or of its part on a later page (``t08-p18``)."""
    return table_id if page is None else f"{table_id}-p{page}"


def category_anchor(category_id: str) -> str:
    """The anchor of a category's values on a series page."""
    return "cat-" + slug(category_id)


def value_anchor(category_id: str, period_start: str, period_end: str) -> str:
    """The anchor of one value's row on a series page."""
    return f"v-{slug(category_id)}-{period_start}-{period_end}"


def href(page: str, anchor: str | None = None) -> str:
    """A relative link to ``page`` (and an anchor in it), URL-quoted."""
    return quote(page) + (f"#{quote(anchor)}" if anchor else "")


def paper_page(stem: str) -> str:
    """A paper's page, relative to the site."""
    return f"{stem}.html"


def series_page(name: str) -> str:
    """A series' page, relative to the site."""
    return f"{SERIES_DIR}/{name}.html"


def image_name(stem: str, page: int) -> str:
    """A page image's path relative to the site: ``img/<stem>-p<N>.png``."""
    return f"img/{stem}-p{page}.png"
