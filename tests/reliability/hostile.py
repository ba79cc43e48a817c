"""Hostile and broken files, made on the spot (the repo ships none it did not make).

Each maker returns the bytes of one kind of bad file an operator meets in a real
batch.  ``write_batch(folder)`` writes one of each, named for what it is, beside
nothing else; the tests and ``bench/hostile_batch.py`` put them beside the corpus.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

WIDTH, HEIGHT = A4


def text_pdf(title: str = "Quarterly volunteer report", rows: int = 4) -> bytes:
    """A small, valid one-page paper with a heading and a ruled table (text layer)."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4)
    styles = getSampleStyleSheet()
    data = [["Team", "Volunteers", "Hours"]] + [
        [f"Team {chr(65 + i)}", str(10 + i), str(100 * (i + 1))] for i in range(rows)
    ]
    table = Table(data)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    doc.build([Paragraph(title, styles["Heading1"]), table])
    return out.getvalue()


def empty() -> bytes:
    """A 0-byte file (an interrupted copy)."""
    return b""


def html_error_page() -> bytes:
    """A web server's error page saved under the paper's name."""
    return b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n"


def word_document() -> bytes:
    """A minimal .docx (a ZIP with word/document.xml) renamed .pdf."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    return out.getvalue()


def png_image() -> bytes:
    """A photo of a page (PNG) renamed .pdf."""
    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, format="PNG")
    return out.getvalue()


def truncated(cut: float = 0.5) -> bytes:
    """A paper cut short (an interrupted download): repair cannot recover it."""
    data = text_pdf("A paper that was cut short")
    return data[: int(len(data) * cut)]


def damaged_repairable() -> bytes:
    """A paper whose cross-reference offset points nowhere: qpdf rebuilds it."""
    data = text_pdf("A paper with a broken cross-reference table", rows=6)
    return re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)


def no_pages() -> bytes:
    """A well-formed PDF with an empty page tree."""
    pdf = pikepdf.new()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def broken_page_tree() -> bytes:
    """A PDF whose catalog's /Pages is not a page tree (a number)."""
    body = [
        b"%PDF-1.4\n",
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n42\nendobj\n",
    ]
    offsets, pos = [], 0
    for part in body:
        offsets.append(pos)
        pos += len(part)
    xref = b"xref\n0 3\n0000000000 65535 f \n" + b"".join(
        f"{o:010d} 00000 n \n".encode() for o in offsets[1:]
    )
    trailer = f"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{pos}\n%%EOF\n".encode()
    return b"".join(body) + xref + trailer


def password_protected() -> bytes:
    """A paper that needs a password to open."""
    pdf = pikepdf.open(io.BytesIO(text_pdf("A confidential paper")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner", R=6))
    return out.getvalue()


def scanned(pages: int = 3) -> bytes:
    """A scan: every page one image, no text layer."""
    image = Image.new("L", (600, 850), 255)
    for y in range(100, 800, 40):  # grey bars standing for lines of print
        image.paste(0, (60, y, 540, y + 12))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, WIDTH, HEIGHT)
        c.showPage()
    c.save()
    return out.getvalue()


def stream_bomb(inflated: int = 1 << 30) -> bytes:
    """One page whose content stream is small on disk and inflates to ``inflated`` bytes
    of spaces (valid content: whitespace), compressed chunk by chunk."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 24)
    parts = [compressor.compress(chunk) for _ in range(inflated // len(chunk))]
    stream = b"".join(parts) + compressor.flush()
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(WIDTH, HEIGHT))
    contents = pikepdf.Stream(pdf, stream)
    contents.stream_dict.Filter = pikepdf.Name.FlateDecode
    page.obj.Contents = pdf.make_indirect(contents)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def many_rectangles(count: int = 50_000) -> bytes:
    """A page of ``count`` tiny filled rectangles (a chart exported badly), then a page of text."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawString(72, HEIGHT - 72, "Appendix: activity chart")
    per_row = 200
    for i in range(count):
        x = 40 + (i % per_row) * 2.5
        y = 60 + (i // per_row) * 2.5
        c.rect(x, y, 2, 2, stroke=0, fill=1)
    c.showPage()
    c.drawString(72, HEIGHT - 72, "Notes after the chart")
    c.showPage()
    c.save()
    return out.getvalue()


REPEATED_TABLE = (
    [["Staff Type", "Ethnic Minority Group %", "", ""], ["", "Nov-31", "Dec-30", "Jan-30"]],
    [
        ["Police Officer", "14.2%", "13.9%", "13.7%"],
        ["Police Staff", "19.8%", "18.3%", "17.7%"],
        ["PCSO", "14.4%", "12.9%", "11.8%"],
        ["Specials", "30.7%", "31.0%", "29.2%"],
        ["Force Total", "16.3%", "15.6%", "15.3%"],
    ],
)


def repeated_table(pages: int = 500) -> bytes:
    """A pack that prints the same table on every one of its ``pages`` pages (periods of
    its own, so its figures are not the corpus's)."""
    header, body = REPEATED_TABLE
    styles = getSampleStyleSheet()
    story: list[object] = []
    for i in range(pages):
        table = Table(header + body)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (1, 0), (-1, 0))]))
        story += [Paragraph(f"Workforce pack, sheet {i + 1}", styles["Heading2"]), table]
        if i + 1 < pages:
            story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)  # type: ignore[arg-type]
    return out.getvalue()


BATCH: dict[str, Callable[[], bytes]] = {
    "empty.pdf": empty,
    "error-page.pdf": html_error_page,
    "minutes-draft.pdf": word_document,
    "photo-of-page.pdf": png_image,
    "cut-short.pdf": truncated,
    "broken-xref.pdf": damaged_repairable,
    "no-pages.pdf": no_pages,
    "broken-page-tree.pdf": broken_page_tree,
    "confidential.pdf": password_protected,
    "scanned.pdf": scanned,
    "stream-bomb.pdf": stream_bomb,
    "chart-50000-rects.pdf": many_rectangles,
}
"""One file of each kind, by the name it is written under."""

EXPECTED_KIND = {
    "empty.pdf": "empty",
    "error-page.pdf": "html",
    "minutes-draft.pdf": "word",
    "photo-of-page.pdf": "image",
    "cut-short.pdf": "truncated",
    "broken-xref.pdf": None,  # repaired and read
    "no-pages.pdf": "no_pages",
    "broken-page-tree.pdf": "no_pages",
    "confidential.pdf": "password",
    "scanned.pdf": "no_text",
    "stream-bomb.pdf": "over_stream",
    "chart-50000-rects.pdf": "over_objects",
}
"""The quarantine kind each file of ``BATCH`` must get (None: processed)."""


def write_batch(folder: Path, makers: dict[str, Callable[[], bytes]] | None = None) -> list[Path]:
    """Write one file of each kind into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in (makers or BATCH).items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths
