"""A new audit site keeps the previous site's page images that would be drawn the same,
and draws again those that would not."""

from __future__ import annotations

import json
from pathlib import Path

from boardpack.report import write_audit_report
from boardpack.report.kept_images import KEYS_FILE


def test_a_second_site_links_the_page_images_of_the_first_instead_of_drawing_them(
    twice_written: tuple[Path, Path],
) -> None:
    first, second = twice_written
    images = sorted((first / "img").glob("*.png"))
    assert len(images) > 10
    for image in images:
        assert (second / "img" / image.name).stat().st_ino == image.stat().st_ino, image.name
    assert (second / "index.html").read_text().count("<a") == (first / "index.html").read_text().count("<a")
    assert json.loads((second / KEYS_FILE).read_text()) == json.loads((first / KEYS_FILE).read_text())


def test_an_image_drawn_otherwise_before_is_drawn_again(filled_store: Path, tmp_path: Path) -> None:
    """A key that differs (here: the first site's record of one image altered, as when a
    cell on the page newly fails) means that page is drawn, the rest kept."""
    first, second = tmp_path / "first", tmp_path / "second"
    write_audit_report(filled_store, first)
    keys = json.loads((first / KEYS_FILE).read_text())
    changed = sorted(keys)[0]
    keys[changed]["key"] = "drawn-with-other-outlines"
    (first / KEYS_FILE).write_text(json.dumps(keys))
    write_audit_report(filled_store, second, previous=first)
    assert (second / changed).stat().st_ino != (first / changed).stat().st_ino
    assert (second / changed).read_bytes() == (first / changed).read_bytes()  # drawn as before
    kept = [n for n in keys if n != changed and (second / n).stat().st_ino == (first / n).stat().st_ino]
    assert len(kept) == len(keys) - 1
