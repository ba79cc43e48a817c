"""Headless Chromium for the site's tests: Debian's ``/usr/bin/chromium`` (installed by
``make test``), driven by Playwright, never a browser Playwright downloads.

Every page opened through ``Browser.open`` is watched: console errors, uncaught
exceptions, failed loads and any request that would leave the machine (only ``file://``
and 127.0.0.1 are allowed; anything else is aborted and recorded).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import duckdb
import pypdfium2 as pdfium

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""What this machine needs; Playwright adds a fresh ``--user-data-dir`` of its own."""
LOCAL_HOSTS = {"127.0.0.1"}


def is_local(url: str) -> bool:
    """The request stays on this machine: a file, or a server on 127.0.0.1."""
    parsed = urlparse(url)
    return parsed.scheme == "file" or (
        parsed.scheme in ("http", "https", "ws") and parsed.hostname in LOCAL_HOSTS
    )


@dataclass
class Watch:
    """What went wrong while pages were open."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Record the page's console errors, exceptions, failed loads and outside requests."""
        page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text} ({page.url})") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e} ({page.url})"))
        page.on("requestfailed", self._failed)
        page.on("request", lambda r: None if is_local(r.url) else self.outside.append(r.url))

    def _failed(self, request: Any) -> None:
        # a load the page itself dropped (an image still coming when a link is followed)
        # is not a broken resource
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed to load {request.url}: {request.failure}")

    def assert_clean(self) -> None:
        """No console error, no exception, no failed load, no request off the machine."""
        assert self.outside == [], f"requests that leave the machine: {self.outside[:5]}"
        assert self.errors == [], f"errors in the browser: {self.errors[:5]}"


class Browser:
    """One Chromium with a context that runs scripts and one that does not."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.with_js = self._context(javascript=True)
        self.without_js = self._context(javascript=False)

    def _context(self, javascript: bool) -> Any:
        context = self.browser.new_context(
            java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
        )
        context.route(
            "**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort()
        )
        return context

    @contextmanager
    def open(self, url: str, javascript: bool = True) -> Iterator[tuple[Any, Watch]]:
        """A new tab at ``url``, watched; closed afterwards."""
        page = (self.with_js if javascript else self.without_js).new_page()
        watch = Watch()
        watch.attach(page)
        try:
            page.goto(url, wait_until="load")
            yield page, watch
        finally:
            page.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, with the flags this machine needs."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield Browser(browser)
        finally:
            browser.close()


def cell_geometry(database: Path) -> dict[tuple[str, str, int, int], tuple[str, int, tuple[float, ...], str]]:
    """(paper stem, table, row, col) → (pdf, page, bbox, text) for every cell."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            """SELECT p.paper_file, p.path, c.table_id, c.row, c.col, c.page, c.x0, c.top, c.x1, c.bottom, c.text
               FROM cells c JOIN papers p USING (paper_sha256)"""
        ).fetchall()
    finally:
        con.close()
    return {(Path(r[0]).stem, r[2], r[3], r[4]): (r[1], r[5], tuple(r[6:10]), r[10]) for r in rows}


def _path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def _page_size(pdf: str, page: int) -> tuple[float, float]:
    doc = pdfium.PdfDocument(pdf)
    try:
        p = doc[page - 1]
        return (p.get_width(), p.get_height())
    finally:
        doc.close()


LANDING = """() => {
  const t = document.querySelector(':target');
  if (!t) return null;
  const img = t.parentElement.querySelector('img');
  const r = t.getBoundingClientRect(), i = img ? img.getBoundingClientRect() : null;
  const s = getComputedStyle(t);
  return {id: t.id, cls: t.className, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          box: [r.left, r.top, r.right, r.bottom], img: i ? [i.left, i.top, i.width, i.height] : null,
          viewport: [window.innerWidth, window.innerHeight]};
}"""


def assert_landed_on_outlined_cell(page: Any, cells: dict[Any, Any], value_text: str | None) -> None:
    """The page shows the cell its URL names, outlined, where the PDF has it."""
    stem = _path(page.url).stem
    landed = page.evaluate(LANDING)
    assert landed is not None, page.url
    assert "cell" in landed["cls"].split() and landed["outline"] == "solid" and landed["width"] >= 2, landed
    table, row, col = landed["id"].rsplit("-", 2)[0], *landed["id"].rsplit("-", 2)[1:]
    pdf, pno, bbox, text = cells[(stem, table, int(row[1:]), int(col[1:]))]
    if value_text is not None:
        assert value_text == text, (page.url, value_text, text)
    x0, top, x1, bottom = landed["box"]
    width, height = landed["viewport"]
    assert top >= 0 and bottom <= height and x0 >= 0 and x1 <= width, ("not in view", landed)
    left, img_top, img_w, img_h = landed["img"]
    pw, ph = _page_size(pdf, pno)
    assert abs((x0 - left) / img_w - bbox[0] / pw) < 0.004, (page.url, landed, bbox)
    assert abs((top - img_top) / img_h - bbox[1] / ph) < 0.004, (page.url, landed, bbox)
    assert abs((x1 - left) / img_w - bbox[2] / pw) < 0.004, (page.url, landed, bbox)
