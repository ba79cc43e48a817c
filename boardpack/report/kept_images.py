"""Page images kept from the previous audit site: a page that would be drawn exactly as
before is linked from the old site instead of drawn again.

Drawing the pages is most of the site's cost, and a run that adds one paper to a
thousand changes few of them.  Each image is keyed (``image_key``) on what decides its
pixels: the paper's bytes (sha256), the page, the outlines drawn on it, and the drawing
code itself.  The keys are written beside the images (``img/images.json``), so the next
site can tell which old images are still right; an image whose key differs (a cell that
now fails, new drawing code) is drawn afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from boardpack.fingerprint import digest_files
from boardpack.report import drawing
from boardpack.report.drawing import PageImage, page_outlines
from boardpack.report.kept_files import KeptFiles
from boardpack.report.records import CellInfo, CellKey, Finding, TableInfo

KEYS_FILE = "img/images.json"
_DRAWING_CODE = digest_files([Path(drawing.__file__)])


def image_key(
    sha256: str,
    page: int,
    tables: Sequence[TableInfo],
    cells: Sequence[CellInfo],
    flagged: Mapping[CellKey, Sequence[Finding]],
) -> str:
    """What decides the pixels of page ``page`` of the paper ``sha256``, as a digest."""
    # the outlines of the page's own cells are those of all (cheaper: no key of every cell)
    outlines = page_outlines(page, tables, [c for c in cells if c.page == page], flagged)
    text = f"{_DRAWING_CODE}|{sha256}|{page}|{outlines!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class KeptImages(KeptFiles):
    """The images of the previous site (``old_site``, may be None or missing) that can
    be kept, and the keys of the images of the site being written."""

    def __init__(self, old_site: Path | None) -> None:
        super().__init__(old_site, KEYS_FILE)

    def keep(self, name: str, key: str, page: int, out_dir: Path) -> PageImage | None:
        """The old image ``name`` put into ``out_dir`` if it was drawn under ``key``;
        None when it must be drawn."""
        entry = self.keep_file(name, key, out_dir)
        if entry is None:
            return None
        size = entry["size"]
        assert isinstance(size, list)
        return PageImage(page, (float(size[0]), float(size[1])), float(str(entry["scale"])), name)

    def drawn(self, image: PageImage, key: str) -> None:
        """Record the key of an image the new site holds."""
        self.made(image.name, {"key": key, "size": list(image.size), "scale": image.scale})
