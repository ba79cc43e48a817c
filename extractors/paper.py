"""``extract_paper``: open a PDF once, read each page, find tables, stitch, caption."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from extractors.aligned import block_to_fragment, find_blocks, lead_block
from extractors.captions import caption_for, has_label, paragraph_above, paragraph_below
from extractors.consistency import table_confidence
from extractors.detection import lookalike
from extractors.facts import read_facts
from extractors.geometry import Fragment, PageContent, Word
from extractors.headers import count_header_rows
from extractors.items import item_column, item_fragments
from extractors.layout import classify
from extractors.lines import Line, body_size, furniture_key, furniture_keys, group_lines
from extractors.pdfium_io import PDFIUM_LOCK
from extractors.pdfium_io import page_content as read_page
from extractors.records import Cell, ExtractionError, PageBox, PaperTables, Table
from extractors.ruled import ruled_fragments, words_in
from extractors.second import reread
from extractors.stitch import continuation, group_fragments, join_rows, repeated_header_rows, row_goes_on

PageReader = Callable[[Any, int], PageContent]


def _inside_any(w: Word, frags: Sequence[Fragment]) -> bool:
    return any(words_in(f.bbox, [w]) for f in frags)


def page_fragments(
    content: PageContent, furniture: set[tuple[str, int]]
) -> tuple[list[Fragment], list[Line], Fragment | None]:
    """Tables on one page (ruled first, then aligned in what is left), the page's
    remaining text lines (for captions and stitching), running headers/footers removed,
    and a ``lead`` fragment: the page's first free lines when they could be the last
    row(s) of a table broken at the page above (kept only if the stitcher agrees)."""
    lines = [ln for ln in group_lines(content.words) if furniture_key(ln) not in furniture]
    body_words = [w for ln in lines for w in ln.words]
    frags = ruled_fragments(
        PageContent(
            content.number,
            content.width,
            content.height,
            body_words,
            content.rules,
            content.rects,
            content.fills,
            content.images,
        )
    )
    rest = [w for w in body_words if not _inside_any(w, frags)]
    frags = [f for f in frags if f.kind != "drawing"]
    rest_lines = group_lines(rest)
    for block in find_blocks(rest_lines, content.rules, content.fills):
        frag = block_to_fragment(block, content.number, content.rules, content.fills)
        if frag is not None and lookalike(block.lines, frag.texts()) is None:
            frags.append(frag)
    frags.sort(key=lambda f: f.bbox[1])
    free = [ln for ln in rest_lines if not any(_line_in(ln, f) for f in frags)]
    lead = None
    top = min((f.bbox[1] for f in frags), default=content.height)
    lead_lines = lead_block([ln for ln in free if ln.bottom <= top], content.rules, content.fills)
    if lead_lines is not None:
        lead = block_to_fragment(lead_lines, content.number, content.rules, content.fills, min_rows=1)
    return frags, free, lead


def _line_in(ln: Line, f: Fragment) -> bool:
    x0, top, x1, bottom = f.bbox
    mid = (ln.top + ln.bottom) / 2
    return top - 0.5 <= mid <= bottom + 0.5 and ln.x1 >= x0 - 1 and ln.x0 <= x1 + 1


def _to_table(index: int, parts: list[Fragment], captions: dict[int, str | None]) -> Table:
    head = parts[0]
    rows = list(head.grid)
    row_pages = [head.page] * len(rows)
    for cont in parts[1:]:
        drop = repeated_header_rows(head, cont)
        carried = cont.grid[drop:]
        if (
            carried
            and head.kind == "data"
            and len(rows) > head.header_rows
            and row_goes_on(rows[-1], carried[0])
        ):
            rows[-1] = join_rows(rows[-1], carried[0])
            carried = carried[1:]
        rows.extend(carried)
        row_pages.extend([cont.page] * len(carried))
    ncols = max(len(r) for r in rows)
    texts = [[c.text for c in r] + [""] * (ncols - len(r)) for r in rows]
    h = head.header_rows
    cells = [
        Cell(row=i, col=j, text=c.text, page=row_pages[i], bbox=c.bbox)
        for i, r in enumerate(rows)
        for j, c in enumerate(r)
    ]
    base = min(p.confidence for p in parts)
    confidence, note = table_confidence(base, texts[:h], texts[h:])
    return Table(
        id=f"t{index:02d}",
        kind=classify(texts),
        pages=sorted({p.page for p in parts}),
        caption=captions.get(id(head)),
        header_rows=texts[:h],
        rows=texts[h:],
        bbox=[PageBox(p.page, p.bbox) for p in parts],
        method=head.method if all(p.method == head.method for p in parts) else "mixed",
        confidence=confidence,
        cells=cells,
        confidence_note=note,
    )


def _last_on_page(frags: Sequence[Fragment], free: dict[int, list[Line]]) -> set[int]:
    """``id()`` of the fragments with no free line below them on their page."""
    return {
        id(f)
        for f in frags
        if not any(ln.top >= f.bbox[3] - 1 for ln in free.get(f.page, []))
        and f is max((g for g in frags if g.page == f.page), key=lambda g: g.bbox[3])
    }


def _first_on_page(frags: Sequence[Fragment], free: dict[int, list[Line]]) -> set[int]:
    """``id()`` of the fragments with no free line above them on their page."""
    return {
        id(f)
        for f in frags
        if not any(ln.bottom <= f.bbox[1] + 1 for ln in free.get(f.page, []))
        and f is min((g for g in frags if g.page == f.page), key=lambda g: g.bbox[1])
    }


def _take_leads(
    frags: list[Fragment], free: dict[int, list[Line]], leads: dict[int, Fragment]
) -> list[Fragment]:
    """``frags`` with the page-top ``leads`` that continue the table ending the page
    before (the lead's lines leave ``free``, which is updated in place)."""
    if not leads:
        return frags
    last = _last_on_page(frags, free)
    taken = []
    for n, lead in leads.items():
        before = [f for f in frags if f.page == n - 1 and id(f) in last]
        if before and continuation(before[0], lead, True, True) is not None:
            lead.header_rows = 0
            taken.append(lead)
            free[n] = [ln for ln in free[n] if not _line_in(ln, lead)]
    return sorted(frags + taken, key=lambda f: (f.page, f.bbox[1]))


def extract_paper(path: str | Path, page_reader: PageReader = read_page) -> PaperTables:
    """Extract every table of one PDF paper.

    Returns a ``PaperTables`` with the file's base name, the sha256 of its bytes, its
    page count, its tables (ids ``t01``… in reading order) and one ``ExtractionError``
    per page that could not be read - the other pages are still extracted.  The PDF is
    opened once; ``page_reader`` turns one pypdfium2 page (and its 1-based number) into
    a ``PageContent``.
    """
    path = Path(path)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    errors: list[ExtractionError] = []
    contents: dict[int, PageContent] = {}
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except Exception as exc:  # an unreadable file is one error, not a crash
            return PaperTables(
                path.name, sha, 0, [], [ExtractionError(path.name, None, f"cannot open PDF: {exc}")]
            )
        try:
            n_pages = len(pdf)
            for i in range(1, n_pages + 1):
                try:
                    page = pdf[i - 1]
                except Exception as exc:
                    errors.append(
                        ExtractionError(path.name, i, f"cannot load page: {type(exc).__name__}: {exc}")
                    )
                    continue
                try:
                    contents[i] = page_reader(page, i)
                except Exception as exc:
                    errors.append(
                        ExtractionError(path.name, i, f"cannot parse page: {type(exc).__name__}: {exc}")
                    )
                finally:
                    page.close()
            facts = read_facts(pdf, contents)
        finally:
            pdf.close()
    tables = tables_from_pages(contents, path.name, errors)
    tables = second_readings(path, tables, contents)
    return PaperTables(path.name, sha, n_pages, tables, errors, facts)


def second_readings(path: Path, tables: list[Table], contents: dict[int, PageContent]) -> list[Table]:
    """``tables`` with the low-confidence ones read again where another engine does
    better (``extractors.second``)."""
    heights = {n: c.height for n, c in contents.items()}
    widths = {n: c.width for n, c in contents.items()}
    return [reread(path, t, heights, widths) for t in tables]


def tables_from_pages(
    contents: dict[int, PageContent], file: str, errors: list[ExtractionError]
) -> list[Table]:
    """The paper-level chain over parsed pages: fragments → stitch → headers/kind → captions."""
    all_lines = {n: group_lines(c.words) for n, c in contents.items()}
    furniture = furniture_keys(all_lines, {n: c.height for n, c in contents.items()})
    bsize = body_size([ln for ls in all_lines.values() for ln in ls])
    frags: list[Fragment] = []
    free: dict[int, list[Line]] = {}
    leads: dict[int, Fragment] = {}
    for n in sorted(contents):
        try:
            page_frags, free[n], lead = page_fragments(contents[n], furniture)
        except Exception as exc:
            errors.append(ExtractionError(file, n, f"cannot extract tables: {type(exc).__name__}: {exc}"))
            free[n] = []
            continue
        for f in page_frags:
            f.header_rows = count_header_rows(f.grid)
        frags.extend(page_frags)
        if lead is not None:
            leads[n] = lead
    frags = _take_leads(frags, free, leads)
    col = item_column([free[n] for n in sorted(free)])
    if col is not None:
        item_frags, free = item_fragments(free, col)
        frags = sorted(frags + item_frags, key=lambda f: (f.page, f.bbox[1]))
    last_on_page = _last_on_page(frags, free)
    first_on_page = _first_on_page(frags, free)
    groups = group_fragments(frags, last_on_page, first_on_page)
    n_below = sum(has_label(paragraph_below(free.get(g[-1].page, []), g[-1].bbox[3])) for g in groups)
    n_above = sum(has_label(paragraph_above(free.get(g[0].page, []), g[0].bbox[1])) for g in groups)
    captions: dict[int, str | None] = {}
    for g in groups:
        head, tail = g[0], g[-1]
        captions[id(head)] = caption_for(
            free.get(head.page, []),
            head.bbox[1],
            free.get(tail.page, []),
            tail.bbox[3],
            bsize,
            labels_below=n_below > n_above,
        )
    return [_to_table(i, g, captions) for i, g in enumerate(groups, start=1)]
