"""Saying what a file is from its first bytes, before any parser sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from boardpack.problems import Kind
from boardpack.sources.sniff import sniff, sniff_file
from tests.reliability import hostile


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (hostile.empty, Kind.EMPTY),
        (hostile.html_error_page, Kind.HTML),
        (hostile.png_image, Kind.IMAGE),
        (lambda: b"\xef\xbb\xbf  <html><body>moved</body></html>", Kind.HTML),
        (lambda: b"\xff\xd8\xff\xe0JFIF", Kind.IMAGE),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, Kind.WORD),
        (lambda: b"\0" * 4096, Kind.EMPTY),
        (lambda: b"Just some text, no header", Kind.NOT_PDF),
    ],
)
def test_each_kind_is_named_from_its_bytes(make: object, kind: Kind) -> None:
    data = make()  # type: ignore[operator]
    assert sniff(data[:1024], len(data)).kind is kind


def test_a_docx_renamed_pdf_is_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(hostile.word_document())
    found = sniff_file(path, path.read_bytes()[:1024], path.stat().st_size)
    assert found.kind is Kind.WORD and "Word" in found.what


def test_a_pdf_header_after_leading_junk_is_a_pdf(raw_papers: Path) -> None:
    data = b"junk\r\n" + (raw_papers / "2025-01-28_agb_minutes.pdf").read_bytes()
    assert sniff(data[:1024], len(data)).is_pdf
