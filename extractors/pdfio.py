"""Page reading with pdfplumber (reference reader): page → ``PageContent``."""

from __future__ import annotations

from typing import Any

from extractors.geometry import FilledBox, PageContent, Rule, Word
from extractors.text import is_blank

# A rectangle thinner than this is a ruling drawn as a filled box (Word/LibreOffice draw
# table borders that way); a thicker filled one is shading.
_THIN = 2.0


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def _is_mono(fontname: str) -> bool:
    name = fontname.lower()
    return any(k in name for k in ("courier", "mono", "consol", "menlo", "typewriter", "code"))


def _is_italic(fontname: str) -> bool:
    name = fontname.lower()
    return "italic" in name or "oblique" in name


def words_from_plumber(raw: list[dict[str, Any]]) -> list[Word]:
    """Turn pdfplumber word dicts (with size/fontname attrs) into ``Word`` records.

    Upright words only; words that are nothing but bullet glyphs are dropped here because
    they would otherwise look like a column of their own.
    """
    out: list[Word] = []
    for w in raw:
        if not w.get("upright", True) or is_blank(w["text"]):
            continue
        font = str(w.get("fontname", ""))
        out.append(
            Word(
                text=w["text"],
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
                size=round(float(w.get("size", w["bottom"] - w["top"])), 2),
                bold=_is_bold(font),
                italic=_is_italic(font),
                mono=_is_mono(font),
            )
        )
    return out


def rules_from_objects(
    lines: list[dict[str, Any]], rects: list[dict[str, Any]]
) -> tuple[list[Rule], list[Rule], list[FilledBox]]:
    """Split drawn objects into rulings, rectangle edges and shading boxes.

    Returns ``(rules, rect_edges, fills)``: stroked lines and thin rectangles become rules;
    every rectangle also contributes its four edges to ``rect_edges`` (cell borders drawn
    as stroked boxes); thick filled rectangles are also kept as ``fills``.
    """
    rules: list[Rule] = []
    edges: list[Rule] = []
    fills: list[FilledBox] = []
    for ln in lines:
        x0, x1, top, bottom = float(ln["x0"]), float(ln["x1"]), float(ln["top"]), float(ln["bottom"])
        if abs(bottom - top) <= _THIN and x1 - x0 > _THIN:
            rules.append(Rule("h", x0, (top + bottom) / 2, x1, (top + bottom) / 2))
        elif abs(x1 - x0) <= _THIN and bottom - top > _THIN:
            rules.append(Rule("v", (x0 + x1) / 2, top, (x0 + x1) / 2, bottom))
    for r in rects:
        x0, x1, top, bottom = float(r["x0"]), float(r["x1"]), float(r["top"]), float(r["bottom"])
        w, h = x1 - x0, bottom - top
        if h <= _THIN and w > _THIN:
            rules.append(Rule("h", x0, (top + bottom) / 2, x1, (top + bottom) / 2))
        elif w <= _THIN and h > _THIN:
            rules.append(Rule("v", (x0 + x1) / 2, top, (x0 + x1) / 2, bottom))
        elif w > _THIN and h > _THIN:
            if r.get("stroke"):
                edges.extend(
                    [
                        Rule("h", x0, top, x1, top),
                        Rule("h", x0, bottom, x1, bottom),
                        Rule("v", x0, top, x0, bottom),
                        Rule("v", x1, top, x1, bottom),
                    ]
                )
            if r.get("fill"):
                fills.append(FilledBox(x0, top, x1, bottom))
    return rules, edges, fills


def page_content(page: Any, number: int | None = None) -> PageContent:
    """Read one pdfplumber page into a ``PageContent`` (the expensive step: char parsing).

    The default reader is ``extractors.pdfium_io`` (6x faster); this one is kept as a
    cross-check of the geometry on a second PDF parser.
    """
    raw_words = page.extract_words(
        extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False
    )
    rules, edges, fills = rules_from_objects(page.lines, page.rects)
    images = [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images]
    return PageContent(
        number=int(page.page_number),
        width=float(page.width),
        height=float(page.height),
        words=words_from_plumber(raw_words),
        rules=rules,
        rects=edges,
        fills=fills,
        images=images,
    )
