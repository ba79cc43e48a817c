"""Render one paper's truth tables into a PDF in a given ``Style`` (reportlab platypus).

The page story per table: a few numbered body paragraphs, then either a caption (above;
below for "Table N" labels) or - for a table without caption - a numbered lead-in
paragraph ending with ':'; the table itself (header rows bold, a title cell merged across
the columns it spans, long cells wrapped, split over two pages when the source split it);
tables as wide as ``Style.landscape_min_cols`` go on a page rotated by ``/Rotate 90``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bench.variants.prose import ProseSource
from bench.variants.styles import Style

LABEL_RE = re.compile(r"^Table\s*[0-9]+\b", re.IGNORECASE)
_FIGURE_RE = re.compile(r"^[-(£$€]*\d[\d,.]*%?\)?$")


def _is_figure(text: str) -> bool:
    return bool(_FIGURE_RE.match(text.strip()))


MARGIN = 72.0
PW, PH = A4


class Marker(Flowable):
    """Zero-size flowable recording the page it lands on (for the truth's ``pages``)."""

    def __init__(self, key: str, log: dict[str, list[int]]) -> None:
        super().__init__()
        self.key, self.log = key, log
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.log.setdefault(self.key, []).append(self.canv.getPageNumber())


@dataclass
class Story:
    """Flowables plus the page log that ``Marker``s fill while building."""

    items: list[Flowable] = field(default_factory=list)
    pages: dict[str, list[int]] = field(default_factory=dict)


def _pstyle(name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=round(size * 1.2, 2), **kw)


def column_widths(
    grid: Sequence[Sequence[str]], style: Style, avail: float, n_header: int = 0
) -> list[float]:
    """Column widths: natural (longest text) when the table fits, else shrunk toward each
    column's longest word, so that long cells wrap.  With ``Style.header_wrap`` the
    first ``n_header`` rows do not widen their columns beyond their longest word."""
    ncols = max(len(r) for r in grid)
    pad = 2 * style.pad_h
    nat = [pad + 6.0] * ncols
    minw = [pad + 6.0] * ncols
    for i, r in enumerate(grid):
        for k, text in enumerate(r):
            if not text:
                continue
            longest = max(stringWidth(w, style.table_bold, style.header_size) for w in text.split())
            minw[k] = max(minw[k], longest + pad + 3.0)  # slack: never break inside a word
            if style.header_wrap and i < n_header:
                continue  # a header cell wraps to its column's body width
            nat[k] = max(
                nat[k], min(stringWidth(text, style.table_bold, style.header_size) + pad, 0.5 * avail)
            )
    nat = [max(n, m) for n, m in zip(nat, minw, strict=True)]
    if sum(nat) <= avail:
        return nat
    if sum(minw) >= avail:
        return minw  # a little into the margin rather than words broken
    f = (avail - sum(minw)) / (sum(nat) - sum(minw))
    return [m + (n - m) * f for m, n in zip(minw, nat, strict=True)]


def span_commands(
    header_rows: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]
) -> list[tuple[Any, ...]]:
    """SPAN commands: in every header row but the last, a cell followed only by empty
    cells spans to the row end (a group title); in body rows, a long text (25+ chars)
    in a later column followed only by empty cells does too (a merged note cell)."""
    cmds: list[tuple[Any, ...]] = []
    h = len(header_rows)
    for i, r in enumerate(list(header_rows) + list(rows)):
        filled = [k for k, c in enumerate(r) if c]
        if not filled or filled[-1] == len(r) - 1:
            continue
        last = filled[-1]
        is_group_title = i < h - 1
        is_note = i >= h and last > 0 and len(r[last]) >= 25
        if is_group_title or is_note:
            cmds.append(("SPAN", (last, i), (len(r) - 1, i)))
    return cmds


def table_style(style: Style, n_header: int, nrows: int, spans: list[tuple[Any, ...]]) -> TableStyle:
    """Rulings, shading, padding and alignment of one table part."""
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), style.pad_v),
        ("BOTTOMPADDING", (0, 0), (-1, -1), style.pad_v),
        ("LEFTPADDING", (0, 0), (-1, -1), style.pad_h),
        ("RIGHTPADDING", (0, 0), (-1, -1), style.pad_h),
        *spans,
    ]
    if n_header and style.header_valign != "TOP":
        cmds.append(("VALIGN", (0, 0), (-1, n_header - 1), style.header_valign))
    if style.rules == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif style.rules == "booktabs":
        cmds += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black),
        ]
        if n_header:
            cmds.append(("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.5, colors.black))
    elif style.rules == "headrule":
        if n_header:
            cmds.append(("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.5, colors.black))
    elif style.rules == "hrules":
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black))
        cmds.append(("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black))
    if style.zebra:
        if n_header:
            cmds.append(("BACKGROUND", (0, 0), (-1, n_header - 1), colors.Color(0.75, 0.8, 0.9)))
        if nrows > n_header:
            cmds.append(("ROWBACKGROUNDS", (0, n_header), (-1, -1), [None, colors.Color(0.92, 0.92, 0.92)]))
    return TableStyle(cmds)


def table_part(
    header_rows: Sequence[Sequence[str]], rows: Sequence[Sequence[str]], style: Style, widths: list[float]
) -> Table:
    """One platypus table: header rows bold (and at ``header_size``), body cells wrapped."""
    hst = _pstyle("th", style.table_bold, style.header_size)
    bst = _pstyle("td", style.table_font, style.table_size)
    data = [[Paragraph(escape(c), hst) for c in r] for r in header_rows]
    rst = _pstyle("tdr", style.table_font, style.table_size, alignment=TA_RIGHT)
    data += [
        [Paragraph(escape(c), rst if style.figures_right and _is_figure(c) else bst) for c in r] for r in rows
    ]
    spans = span_commands(header_rows, rows)
    repeat = len(header_rows) if style.repeat_header else 0
    t = Table(data, colWidths=widths, repeatRows=repeat, splitInRow=1, hAlign="LEFT")
    t.setStyle(table_style(style, len(header_rows), len(data), spans))
    return t


def _pad(rows: Sequence[Sequence[str]], ncols: int) -> list[list[str]]:
    return [list(r) + [""] * (ncols - len(r)) for r in rows]


def caption_flowable(text: str, style: Style) -> Paragraph:
    """A caption in the style's caption look (bold, italic, or plain body text)."""
    font = {"bold": style.body_bold, "italic": style.body_italic, "body": style.body_font}[style.caption_look]
    return Paragraph(escape(text), _pstyle("cap", font, style.body_size, spaceBefore=4, spaceAfter=6))


def table_story(
    table: dict[str, Any], style: Style, prose: ProseSource, para_no: list[int], story: Story
) -> None:
    """Append one truth table with its surroundings to ``story``."""
    header = [[str(c) for c in r] for r in table.get("header_rows") or []]
    body = [[str(c) for c in r] for r in table.get("rows") or []]
    ncols = max(len(r) for r in header + body)
    header, body = _pad(header, ncols), _pad(body, ncols)
    landscape = style.landscape_min_cols is not None and ncols >= style.landscape_min_cols
    avail = (PH if landscape else PW) - 2 * MARGIN
    widths = column_widths(header + body, style, avail, len(header))
    numbered = _pstyle("num", style.body_font, style.body_size, leftIndent=28, bulletIndent=0, spaceAfter=8)
    items = story.items
    for _ in range(2):
        para_no[0] += 1
        items.append(Paragraph(escape(prose.take(2 + para_no[0] % 3)), numbered, bulletText=f"{para_no[0]}."))
    if landscape:
        items += [NextPageTemplate("landscape"), PageBreak()]
    caption = table.get("caption")
    if caption is None:
        para_no[0] += 1
        lead = prose.take(1).rstrip(".!?") + ", as the table below shows:"
        items.append(Paragraph(escape(lead), numbered, bulletText=f"{para_no[0]}."))
    elif not LABEL_RE.match(caption):
        items.append(caption_flowable(caption, style))
    items.append(Marker(str(table["id"]), story.pages))
    if table.get("split_in_source") and len(body) >= 4:
        cut = len(body) // 2
        items += [table_part(header, body[:cut], style, widths), PageBreak()]
        again = header if style.repeat_header else []
        items.append(table_part(again, body[cut:], style, widths))
    else:
        items.append(table_part(header, body, style, widths))
    items.append(Marker(str(table["id"]), story.pages))
    if caption is not None and LABEL_RE.match(caption):
        items.append(caption_flowable(caption, style))
    items.append(Spacer(1, 6))
    if landscape:
        items += [NextPageTemplate("portrait"), PageBreak()]


def _furniture(canv: Any, doc: Any, w: float, h: float, style: Style) -> None:
    canv.setFont(style.body_font, 8)
    canv.drawCentredString(w / 2, h - 36, "OFFICIAL")
    canv.drawCentredString(w / 2, 30, f"Page {doc.page}")


def build_doc(out: Path, title: str, style: Style, story: Story) -> None:
    """Write ``story`` to ``out`` with a portrait template and a rotated landscape one
    (portrait MediaBox, ``/Rotate 90``, content drawn turned so it reads upright)."""

    def on_portrait(canv: Any, doc: Any) -> None:
        _furniture(canv, doc, PW, PH, style)

    def on_landscape(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.translate(PW, 0)
        canv.rotate(90)
        _furniture(canv, doc, PH, PW, style)

    def end_landscape(canv: Any, doc: Any) -> None:
        canv.restoreState()

    doc = BaseDocTemplate(
        str(out), pagesize=A4, invariant=1, title=title, author="boardpack variants", creator="boardpack"
    )
    portrait = Frame(MARGIN, MARGIN, PW - 2 * MARGIN, PH - 2 * MARGIN, id="p")
    land = Frame(MARGIN, MARGIN, PH - 2 * MARGIN, PW - 2 * MARGIN, id="l")
    rotated = PageTemplate("landscape", [land], onPage=on_landscape, onPageEnd=end_landscape, pagesize=A4)
    rotated.rotation = 90  # platypus sets the page's /Rotate from its template
    doc.addPageTemplates([PageTemplate("portrait", [portrait], onPage=on_portrait, pagesize=A4), rotated])
    doc.build(story.items)


def render_paper(truth: dict[str, Any], style: Style, prose: ProseSource, out: Path) -> dict[str, Any]:
    """Render one paper; return its truth document for the variant (same JSON shape as
    the corpus truth, ``pages`` as rendered)."""
    story = Story()
    title = Path(str(truth["paper"])).stem.replace("_", " ").replace("-", " ")
    story.items.append(
        Paragraph(escape(title.title()), _pstyle("h1", style.body_bold, style.body_size + 4, spaceAfter=12))
    )
    para_no = [0]
    for t in truth["tables"]:
        table_story(t, style, prose, para_no, story)
    para_no[0] += 1
    numbered = _pstyle("num", style.body_font, style.body_size, leftIndent=28, spaceAfter=8)
    story.items.append(Paragraph(escape(prose.take(3)), numbered, bulletText=f"{para_no[0]}."))
    build_doc(out, title, style, story)
    tables = []
    for t in truth["tables"]:
        pages = story.pages.get(str(t["id"]), [])
        rec = dict(t)
        rec["pages"] = list(range(min(pages), max(pages) + 1)) if pages else t.get("pages", [])
        rec["ruling"] = style.rules
        tables.append(rec)
    return {
        "paper": truth["paper"],
        "producer": f"boardpack variants ({style.name})",
        "style": style.name,
        "tables": tables,
    }
