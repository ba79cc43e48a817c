"""Body prose for variant papers, taken from the real PDFs' own text (pypdfium2)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LEAD_ENUM = re.compile(r"^\s*(\(?[0-9ivx]{1,4}[.)]|[•\uf0b7-])\s+")
_FALLBACK = (
    "The board is asked to note the contents of this report and the progress made since the last meeting. "
    "Work continues with partners across the region to deliver the plan agreed in the spring. "
    "Officers will return to the board with a further update once the review has concluded. "
    "The figures below are drawn from the workforce systems and are correct at the date of writing."
)


def pdf_sentences(path: Path, limit: int = 400) -> list[str]:
    """Prose sentences of a PDF, in reading order: lines of 8+ words (list markers
    stripped) joined and split at sentence ends; sentences of 8-45 words that do not
    look like table rows (few digits).  Falls back to fixed text when none are found."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        lines: list[str] = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            text = tp.get_text_range()
            tp.close()
            page.close()
            for raw in text.splitlines():
                ln = _LEAD_ENUM.sub("", raw.strip())
                if len(ln.split()) >= 8:
                    lines.append(ln)
    finally:
        pdf.close()
    out: list[str] = []
    for s in _SENT_END.split(" ".join(lines)):
        words = s.split()
        digits = sum(ch.isdigit() for ch in s)
        if 8 <= len(words) <= 45 and digits <= 0.08 * len(s) and s[-1] in ".!?":
            out.append(" ".join(words))
        if len(out) >= limit:
            break
    return out or _SENT_END.split(_FALLBACK)


class ProseSource:
    """Deterministic supply of sentences, cycling through a fixed list."""

    def __init__(self, sentences: list[str]) -> None:
        self._s = sentences
        self._i = 0

    def take(self, n: int) -> str:
        """The next ``n`` sentences joined with spaces."""
        out = [self._s[(self._i + k) % len(self._s)] for k in range(n)]
        self._i += n
        return " ".join(out)
