"""Draw ``TableSpec``s, prose and look-alikes (contents, lists, code) on reportlab pages.

Coordinates here are top-down (``y`` grows down the page) and turned into PDF space only
when drawing.  Every table drawn returns its truth record (the corpus truth JSON shape:
``header_rows``, ``rows``, ``pages``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bench.synthetic.spec import WORDS, LookSpec, TableSpec, phrase

PW, PH = A4
LEFT, RIGHT, TOP, BOTTOM = 60.0, PW - 60.0, 60.0, PH - 60.0


@dataclass
class Pen:
    """A canvas and the current position down the page."""

    canvas: Canvas
    y: float = TOP
    page: int = 1

    def text(self, s: str, x: float, y: float, font: str, size: float, align: str = "left") -> None:
        self.canvas.setFont(font, size)
        w = stringWidth(s, font, size)
        x = x - w if align == "right" else x - w / 2 if align == "centre" else x
        self.canvas.drawString(x, PH - y, s)

    def hline(self, x0: float, x1: float, y: float, width: float = 0.5) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x0, PH - y, x1, PH - y)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.canvas.setLineWidth(0.5)
        self.canvas.line(x, PH - y0, x, PH - y1)

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = TOP


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a word longer stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(lines[-1] + " " + word, font, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def prose(pen: Pen, rng: random.Random, size: float = 10.0, x0: float = LEFT, x1: float = RIGHT) -> None:
    """A paragraph of body text."""
    text = " ".join(phrase(rng, 6, 14) + "." for _ in range(rng.randint(2, 5)))
    for ln in wrap(text, "Times-Roman", size, x1 - x0):
        pen.text(ln, x0, pen.y + size, "Times-Roman", size)
        pen.y += size * 1.25
    pen.y += size


def column_widths(spec: TableSpec, look: LookSpec, rng: random.Random) -> list[float]:
    """Stub width from its labels (and room for leaders); value columns as wide as their
    figures or their head's longest word, heads often narrower than their text (so they
    wrap)."""
    f, b, s = look.font, look.bold if look.header_bold else look.font, look.size
    stub = max(stringWidth(r[0], f, s) + spec.indents[i] * s for i, r in enumerate(spec.rows))
    stub = max(stub, stringWidth(spec.header_rows[-1][0], b, s)) + (4 * s if look.leaders else 0)
    out = [stub]
    for k in range(1, len(spec.rows[0])):
        fig = max(stringWidth(r[k], f, s) for r in spec.rows)
        head = spec.header_rows[-1][k]
        word = max((stringWidth(w, b, s) for w in head.split()), default=0.0)
        full = stringWidth(head, b, s)
        out.append(max(fig, word, full if rng.random() < 0.4 else full / rng.choice([2, 3])))
    return out


def fit(spec: TableSpec, look: LookSpec, widths: list[float]) -> int:
    """How many value columns fit between the margins."""
    total = widths[0]
    n = 0
    for w in widths[1:]:
        if total + look.col_gap + w > RIGHT - LEFT:
            break
        total += look.col_gap + w
        n += 1
    return n


def trim(spec: TableSpec, keep: int) -> TableSpec:
    """``spec`` with only the stub and the first ``keep`` value columns (spanners cut
    back so none runs past the last column kept)."""
    n = keep + 1
    header, spans = [], []
    for row, span in zip(spec.header_rows, spec.spans, strict=True):
        row, span = row[:n], span[:n]
        for k, sp in enumerate(span):
            if sp > 1 and k + sp > n:
                span[k] = n - k
        header.append(row)
        spans.append(span)
    spec.header_rows, spec.spans = header, spans
    spec.rows = [r[:n] for r in spec.rows]
    return spec


def draw_table(pen: Pen, spec: TableSpec, look: LookSpec, rng: random.Random) -> dict[str, Any]:
    """Draw title, header, body and footnotes at the pen; return the truth record."""
    if look.rules == "box" and len(spec.header_rows) > 1:
        # a full grid would cut through the spanner heads: rule those tables booktabs-style
        look = replace(look, rules="booktabs")
    widths = column_widths(spec, look, rng)
    spec = trim(spec, max(1, fit(spec, look, widths)))
    widths = widths[: len(spec.rows[0])]
    s, f, hb = look.size, look.font, look.bold if look.header_bold else look.font
    lefts = [LEFT]
    for w in widths[:-1]:
        lefts.append(lefts[-1] + w + look.col_gap)
    rights = [x + w for x, w in zip(lefts, widths, strict=True)]
    x_end = rights[-1]
    edges = [LEFT - 3] + [(rights[k] + lefts[k + 1]) / 2 for k in range(len(lefts) - 1)] + [x_end + 3]
    page = pen.page
    pen.text(spec.title, LEFT, pen.y + s + 1, look.bold, s + 1)
    pen.y += (s + 1) * 1.6
    if spec.units:
        pen.text(spec.units, x_end, pen.y + s, f, s, "right")
        pen.y += s * 1.4
    top = pen.y
    if look.rules in ("booktabs", "box"):
        pen.hline(edges[0], edges[-1], top, 1.0)
    pen.y += 3
    truth_header = []
    for row, span in zip(spec.header_rows[:-1], spec.spans[:-1], strict=True):
        for k, (text, sp) in enumerate(zip(row, span, strict=True)):
            if sp >= 1 and text:
                mid = (lefts[k] + rights[k + sp - 1]) / 2
                pen.text(text, mid, pen.y + s, hb, s, "centre")
                if look.rules in ("spanners", "booktabs", "box") and sp > 1:
                    pen.hline(lefts[k], rights[k + sp - 1], pen.y + s + 2.5)
        pen.y += s * 1.2 + 4
        truth_header.append(list(row))
    heads = spec.header_rows[-1]
    wrapped = [wrap(h, hb, s, w + 0.01) for h, w in zip(heads, widths, strict=True)]
    nlines = max(len(w) for w in wrapped)
    for k, lines in enumerate(wrapped):
        for i, ln in enumerate(lines):
            y = pen.y + s + (nlines - len(lines) + i) * s * 1.15
            if k == 0:
                pen.text(ln, lefts[0], y, hb, s)
            else:
                pen.text(ln, (lefts[k] + rights[k]) / 2, y, hb, s, "centre")
    pen.y += nlines * s * 1.15 + 3
    truth_header.append([" ".join(ln) for ln in wrapped])
    if look.rules != "none":
        pen.hline(edges[0], edges[-1], pen.y)
    pen.y += 2
    row_lines = []
    for i, (row, indent, section) in enumerate(zip(spec.rows, spec.indents, spec.sections, strict=True)):
        if look.group_space and i and i % look.group_space == 0:
            pen.y += look.pitch / 2
        base = pen.y + s
        x = lefts[0] + indent * s
        label = row[0]
        if look.leaders and not section:
            gap = 0.0 if look.leaders == "attached" else s * 0.4
            start = x + stringWidth(label, f, s) + gap
            dot = stringWidth(". " if look.leaders == "spaced" else ".", f, s)
            n = int((rights[0] - start) / dot)
            if n >= 4:
                dots = ". " * n if look.leaders == "spaced" else "." * n
                label = label + " " * (look.leaders != "attached") + dots
        pen.text(label, x, base, f, s)
        for k in range(1, len(row)):
            if row[k]:
                pen.text(row[k], rights[k], base, f, s, "right")
        # a rule between rows sits halfway between this row's descenders and the next row
        row_lines.append(pen.y + 1.25 * s + (look.pitch - 1.25 * s) / 2)
        pen.y += look.pitch
    bottom = pen.y
    if look.rules in ("booktabs", "box", "spanners"):
        pen.hline(edges[0], edges[-1], bottom, 1.0)
    if look.rules == "box":
        for x in edges:
            pen.vline(x, top, bottom)
        for y in row_lines[:-1]:
            pen.hline(edges[0], edges[-1], y)
    pen.y += s
    for note in spec.footnotes:
        for ln in wrap(note, f, s - 1, x_end - LEFT):
            pen.text(ln, LEFT, pen.y + s - 1, f, s - 1)
            pen.y += (s - 1) * 1.2
    pen.y += 12
    return {
        "pages": [page],
        "kind": "data",
        "header_rows": truth_header,
        "rows": [list(r) for r in spec.rows],
    }


def contents(pen: Pen, rng: random.Random) -> None:
    """A contents list: numbered headings, dot leaders, page numbers."""
    pen.text("Contents", LEFT, pen.y + 12, "Helvetica-Bold", 12)
    pen.y += 22
    page = rng.randint(1, 5)
    for i in range(rng.randint(5, 12)):
        title = f"{i + 1}. {phrase(rng, 2, 6)}"
        pen.text(title, LEFT + (12 if rng.random() < 0.3 else 0), pen.y + 10, "Times-Roman", 10)
        start = LEFT + stringWidth(title, "Times-Roman", 10) + 20
        pen.text(". " * int((RIGHT - 30 - start) / 5), start, pen.y + 10, "Times-Roman", 10)
        page += rng.randint(1, 6)
        pen.text(str(page), RIGHT, pen.y + 10, "Times-Roman", 10, "right")
        pen.y += 14
    pen.y += 10


def bullet_list(pen: Pen, rng: random.Random) -> None:
    """A bulleted list whose items wrap under a hanging indent."""
    for _ in range(rng.randint(3, 6)):
        lines = wrap(phrase(rng, 8, 25) + ".", "Times-Roman", 10, RIGHT - LEFT - 30)
        pen.text("•", LEFT + 8, pen.y + 10, "Times-Roman", 10)
        for ln in lines:
            pen.text(ln, LEFT + 30, pen.y + 10, "Times-Roman", 10)
            pen.y += 12.5
        pen.y += 3
    pen.y += 10


def code(pen: Pen, rng: random.Random) -> None:
    """A code listing in a monospaced font, with aligned trailing comments."""
    names = [rng.choice(WORDS) for _ in range(8)]
    lines = ["def summarise(rows):", "    totals = {}  # by key", "    for row in rows:"]
    for n in names[:4]:
        lines.append(f"        {n} = row.get('{n}', 0)          # {rng.choice(WORDS)}")
    lines += ["        totals[row['key']] = " + " + ".join(names[:3]), "    return totals"]
    for ln in lines:
        pen.text(ln, LEFT + 10, pen.y + 9, "Courier", 9)
        pen.y += 11
    pen.y += 10


def two_columns(pen: Pen, rng: random.Random) -> None:
    """Running text set in two columns side by side."""
    mid = (LEFT + RIGHT) / 2
    y0 = pen.y
    prose(pen, rng, 9.5, LEFT, mid - 10)
    left_end = pen.y
    pen.y = y0
    prose(pen, rng, 9.5, mid + 10, RIGHT)
    pen.y = max(pen.y, left_end)


def new_canvas(path: str) -> Canvas:
    """A canvas with fixed metadata (the same seed gives the same bytes)."""
    return Canvas(path, pagesize=A4, invariant=True)
