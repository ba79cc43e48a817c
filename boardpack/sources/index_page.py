"""Reading a board's HTML index page: which links are papers, and what the page says
about each (meeting date, title).

Parsed with the stdlib ``html.parser``, which tolerates the unclosed ``<li>``/``<tr>``
and other sloppiness of real council websites.  A link is a paper when its path ends in
``.pdf``, it is marked ``type="application/pdf"``, or its text or title says "PDF"; the
download's own checks decide whether it really is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from boardpack.sources.dates import find_date

# The element whose text describes a link: the table row or list item around it.
_CONTAINERS = frozenset({"tr", "li", "p", "article", "dd", "dt"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Closing a list or table implicitly closes an item/row left open inside it.
_IMPLIED_CLOSE = {"ul": "li", "ol": "li", "table": "tr", "tbody": "tr", "thead": "tr"}
# Link texts that say nothing about the paper.
_GENERIC = re.compile(r"^(?:pdf|download|view|open|here|click here|link|document|read more)?$", re.I)
_SIZE_NOTE = re.compile(r"\(\s*pdf[^)]*\)|\[\s*pdf[^\]]*\]|\bpdf,?\s*[\d.]+\s*[kmg]i?b\b", re.I)
_SEPARATORS = " \t\n-–—:|,;·•"


@dataclass(frozen=True)
class IndexLink:
    """A paper linked from an index page, with what the page says about it."""

    url: str
    link_text: str
    meeting_date: str | None
    title: str | None


@dataclass
class _Link:
    url: str
    text: list[str] = field(default_factory=list)
    context: str | None = None
    heading: str = ""
    looks_pdf: bool = False


@dataclass
class _Container:
    tag: str
    text: list[str] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)


class _IndexParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.links: list[_Link] = []
        self.open: list[_Container] = []
        self.link: _Link | None = None
        self.heading: list[str] | None = None
        self.last_heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "base" and attr.get("href"):
            self.base_url = urljoin(self.base_url, attr["href"])
        elif tag in _CONTAINERS:
            if self.open and self.open[-1].tag == tag and tag in ("li", "tr", "p"):
                self._close_top()  # <li>a<li>b: the second item ends the first
            self.open.append(_Container(tag))
        elif tag in _HEADINGS:
            self.heading = []
        elif tag == "a" and attr.get("href"):
            self._start_link(attr)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link is not None:
            self.link = None
        elif tag in _HEADINGS and self.heading is not None:
            self.last_heading = _clean(" ".join(self.heading))
            self.heading = None
        elif tag in _CONTAINERS:
            if any(c.tag == tag for c in self.open):
                while self._close_top() != tag:
                    pass
        elif tag in _IMPLIED_CLOSE and self.open and self.open[-1].tag == _IMPLIED_CLOSE[tag]:
            self._close_top()

    def handle_data(self, data: str) -> None:
        for container in self.open:
            container.text.append(data)
        if self.link is not None:
            self.link.text.append(data)
        if self.heading is not None:
            self.heading.append(data)

    def close(self) -> None:
        super().close()
        while self.open:
            self._close_top()

    def _start_link(self, attr: dict[str, str]) -> None:
        url, _ = urldefrag(urljoin(self.base_url, attr["href"].strip()))
        if urlsplit(url).scheme not in ("http", "https"):
            return  # mailto:, javascript: …
        hints = f"{attr.get('type', '')} {attr.get('title', '')}"
        link = _Link(url, heading=self.last_heading, looks_pdf="pdf" in hints.lower())
        self.link = link
        self.links.append(link)
        if self.open:
            self.open[-1].links.append(link)

    def _close_top(self) -> str:
        container = self.open.pop()
        text = _clean(" ".join(container.text))
        for link in container.links:
            link.context = text
        return container.tag


def parse_index(html: str, base_url: str) -> list[IndexLink]:
    """The paper links of an index page, absolute and de-duplicated, in page order.

    ``meeting_date`` is the first date found in the link's row/list item, else its
    link text, the nearest heading above it, or its file name.  ``title`` is the link
    text unless that is generic ("Download", "PDF"), then the row text less the date.
    """
    parser = _IndexParser(base_url)
    parser.feed(html)
    parser.close()
    seen: set[str] = set()
    found = []
    for link in parser.links:
        text = _clean(" ".join(link.text))
        if link.url in seen or not _is_paper(link, text):
            continue
        seen.add(link.url)
        found.append(_describe(link, text))
    return found


def _is_paper(link: _Link, text: str) -> bool:
    path = urlsplit(link.url).path.lower()
    return path.endswith(".pdf") or link.looks_pdf or bool(re.search(r"\bpdf\b", text, re.I))


def _describe(link: _Link, text: str) -> IndexLink:
    context = link.context or ""
    file_part = urlsplit(link.url).path.rsplit("/", 1)[-1]
    found = find_date(context) or find_date(link.heading) or find_date(file_part.replace("_", " "))
    return IndexLink(
        url=link.url,
        link_text=text,
        meeting_date=found[0] if found else None,
        title=_title(text, context, found[1] if found else None),
    )


def _title(link_text: str, context: str, date_text: str | None) -> str | None:
    title = _strip_noise(link_text, date_text)
    # A bare file name as link text ("2025-01-28_minutes.pdf") is no title either.
    if _GENERIC.match(title) or link_text.lower().endswith(".pdf"):
        title = _strip_noise(context.replace(link_text, " "), date_text)
    return None if _GENERIC.match(title) else title


def _strip_noise(text: str, date_text: str | None) -> str:
    if date_text:
        text = text.replace(date_text, " ")
    return _clean(_SIZE_NOTE.sub(" ", text)).strip(_SEPARATORS)


def _clean(text: str) -> str:
    return " ".join(text.split())
