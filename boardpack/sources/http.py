"""The HTTP sources: a board's index page (``http_index``) and a list of URLs (``url_list``).

Downloads land in the landing dir content-addressed, as ``<sha256>.pdf``: the same bytes
from two URLs are stored once, two papers with the same published name never collide,
and a revised paper lands beside the old version instead of over it.  ``Paper.file``
keeps the name the paper was published under (from the URL or Content-Disposition),
which is what manifests and people refer to; ``Paper.path`` is the landed file.

Each URL is remembered in ``<landing>/.pull-state.json`` (see ``state.py``) so the next
pull asks conditionally and a 304 reuses the landed file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from boardpack.models import Paper
from boardpack.sources.config import FetchOptions, HttpIndexSource, UrlEntry, UrlListSource
from boardpack.sources.errors import SourceError
from boardpack.sources.fetch import Fetcher, Landed, sweep_partials
from boardpack.sources.index_page import parse_index
from boardpack.sources.manifest import Manifest, ManifestEntry, parse_manifest
from boardpack.sources.result import PullFailure, PullResult
from boardpack.sources.state import FetchState

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class _Wanted:
    """One URL to pull and the metadata known for it before downloading."""

    url: str
    board: str | None
    meeting_date: str | None
    title: str | None
    manifest: ManifestEntry | None = None


def pull_http_index(source: HttpIndexSource, landing_dir: Path, fetcher: Fetcher | None = None) -> PullResult:
    """Every paper linked from ``source.url``, downloaded (or reused) into ``landing_dir``.

    Metadata: a ``manifest.json`` beside the index page wins where it names the file;
    otherwise the index page's row text (date, title) and ``source.board``.  An
    unreachable index page is one failure; each paper that fails is one failure.
    """
    with _fetcher(source.options, fetcher) as f:
        try:
            page = f.fetch_page(source.url)
        except SourceError as exc:
            return PullResult(failures=[PullFailure(source.url, exc.reason, exc.kind)])
        assert page is not None  # missing_ok is False
        links = parse_index(page.text(), page.url)
        if not links:
            log.warning("%s: no PDF links found on the index page", source.url)
        manifest, result = _index_manifest(f, page.url)
        wanted = [
            _Wanted(link.url, source.board, link.meeting_date, link.title, manifest.get(_url_name(link.url)))
            for link in links
        ]
        result.extend(_pull_urls(f, wanted, landing_dir, source.name))
        return result


def pull_url_list(source: UrlListSource, landing_dir: Path, fetcher: Fetcher | None = None) -> PullResult:
    """Every URL of ``source``, downloaded (or reused) into ``landing_dir``, in list order."""
    wanted = [_from_entry(entry, source.board) for entry in source.urls]
    with _fetcher(source.options, fetcher) as f:
        return _pull_urls(f, wanted, landing_dir, source.name)


@contextmanager
def _fetcher(options: FetchOptions, given: Fetcher | None) -> Iterator[Fetcher]:
    """``given`` as is (its owner closes it), else a new Fetcher closed on exit."""
    if given is not None:
        yield given
        return
    with Fetcher(options) as fetcher:
        yield fetcher


def _from_entry(entry: UrlEntry, board: str | None) -> _Wanted:
    return _Wanted(entry.url, entry.board or board, entry.meeting_date, entry.title)


def _index_manifest(fetcher: Fetcher, index_url: str) -> tuple[Manifest, PullResult]:
    """The manifest.json beside the index page ({} when there is none).

    A broken manifest is reported as a failure, and the papers still come, with the
    index page's metadata only.
    """
    url = urljoin(index_url, MANIFEST_NAME)
    try:
        page = fetcher.fetch_page(url, missing_ok=True)
        return (parse_manifest(page.content, url) if page else {}), PullResult()
    except SourceError as exc:
        return {}, PullResult(failures=[PullFailure(url, exc.reason, exc.kind)])


def _pull_urls(
    fetcher: Fetcher, wanted: Iterable[_Wanted], landing_dir: Path, source_name: str
) -> PullResult:
    landing_dir.mkdir(parents=True, exist_ok=True)
    sweep_partials(landing_dir)
    state = FetchState.load(landing_dir)
    result = PullResult()
    try:
        for item in wanted:
            try:
                landed = fetcher.fetch_pdf(item.url, landing_dir, state.usable(item.url))
            except SourceError as exc:
                result.failures.append(PullFailure(item.url, exc.reason, exc.kind))
                continue
            state.entries[item.url] = landed.entry
            result.papers.append(_paper(item, landed, source_name))
    finally:
        # Save even when interrupted, so what did land is reused next time.
        state.save()
    return result


def _paper(item: _Wanted, landed: Landed, source_name: str) -> Paper:
    entry = landed.entry
    m = item.manifest
    if m and m.sha256 and m.sha256.lower() != entry.sha256:
        log.warning("%s: sha256 %s differs from the manifest's %s", item.url, entry.sha256, m.sha256)
    return Paper(
        file=entry.file,
        sha256=entry.sha256,
        path=str(landed.path),
        board=(m.board if m else None) or item.board,
        meeting_date=(m.meeting_date if m else None) or item.meeting_date,
        title=(m.title if m else None) or item.title,
        source=source_name,
    )


def _url_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])
