"""HTTP fetching with the care a batch job needs.

* retries with exponential backoff and jitter on 5xx, 429, timeouts and connection
  errors (``retries`` extra attempts, then a ``FetchError`` saying how many were made);
* timeouts per network operation (``timeout``) and per attempt (``total_timeout``, which
  also stops a server that trickles bytes forever);
* a size limit enforced while streaming (``TooLargeError``);
* a content-type check and a ``%PDF-`` header check (``NotAPdfError``);
* conditional GET from a remembered ETag / Last-Modified: a 304 reuses the landed file;
* a download goes to ``.part-*`` in the landing dir and is renamed to ``<sha256>.pdf``
  only once complete and checked, so a half-downloaded file is never kept.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO, TypeVar
from urllib.parse import unquote, urlsplit

import httpx

from boardpack.problems import Kind
from boardpack.sources.config import FetchOptions
from boardpack.sources.digest import HEADER_WINDOW, looks_like_pdf
from boardpack.sources.errors import FetchError, NotAPdfError, TooLargeError
from boardpack.sources.sniff import sniff
from boardpack.sources.state import StateEntry

T = TypeVar("T")

USER_AGENT = "boardpack/0.1 (board papers dataset)"
PART_PREFIX = ".part-"

# Servers label PDFs inconsistently; these (or no content type at all) may be a PDF,
# and the %PDF- header check decides.  Anything else (text/html above all) is an error
# page, and we say so without reading it.
PDF_TYPES = frozenset(
    {
        "application/pdf",
        "application/x-pdf",
        "application/octet-stream",
        "binary/octet-stream",
        "application/download",
        "application/force-download",
    }
)


@dataclass(frozen=True)
class Landed:
    """A PDF that is in the landing dir, fetched now or reused after a 304."""

    url: str
    path: Path
    entry: StateEntry
    reused: bool


@dataclass(frozen=True)
class Page:
    """A small non-PDF resource (an index page, a manifest) read into memory."""

    url: str
    content: bytes
    content_type: str
    encoding: str = "utf-8"

    def text(self) -> str:
        """The content decoded with the served charset (UTF-8 when unknown or bogus)."""
        try:
            return self.content.decode(self.encoding, "replace")
        except LookupError:
            return self.content.decode("utf-8", "replace")


class _Transient(Exception):
    """A failure worth retrying (5xx, 429, timeout, connection trouble)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def sweep_partials(landing_dir: Path) -> None:
    """Delete ``.part-*`` files a killed pull left in ``landing_dir``.

    Only safe while no other pull writes to the same landing dir, which the shared
    state file assumes anyway.
    """
    for part in landing_dir.glob(PART_PREFIX + "*"):
        part.unlink(missing_ok=True)


def backoff_delay(attempt: int, options: FetchOptions, rng: random.Random) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (0-based).

    Doubles from ``backoff`` up to ``backoff_max``; half of it is random ("equal
    jitter") so clients that failed together do not retry in lockstep.
    """
    ceiling = min(options.backoff_max, options.backoff * 2**attempt)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class Fetcher:
    """Fetches URLs under one ``FetchOptions``; use as a context manager."""

    def __init__(
        self,
        options: FetchOptions,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.options = options
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )
        self.sleep = sleep
        self.rng = rng or random.Random()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def fetch_pdf(self, url: str, landing_dir: Path, known: StateEntry | None = None) -> Landed:
        """Download ``url`` into ``landing_dir`` as ``<sha256>.pdf``, or reuse ``known``.

        ``known`` (whose file must be in ``landing_dir``) makes the request conditional;
        a 304 returns it unchanged with ``reused=True``.  Raises ``FetchError``,
        ``NotAPdfError`` or ``TooLargeError``, each naming ``url``; on any error no file
        is left behind.
        """
        landing_dir.mkdir(parents=True, exist_ok=True)
        return self._with_retries(url, lambda: self._attempt_pdf(url, landing_dir, known))

    def fetch_page(self, url: str, missing_ok: bool = False) -> Page | None:
        """Read a small resource (index page, manifest) into memory, within ``max_bytes``.

        Returns None for a 404/410 when ``missing_ok``; raises ``FetchError`` or
        ``TooLargeError`` otherwise.
        """
        return self._with_retries(url, lambda: self._attempt_page(url, missing_ok))

    def _with_retries(self, url: str, attempt: Callable[[], T]) -> T:
        tries = self.options.retries + 1
        for n in range(tries):
            try:
                return attempt()
            except _Transient as exc:
                if n + 1 == tries:
                    plural = "s" if tries > 1 else ""
                    raise FetchError(url, f"gave up after {tries} attempt{plural}: {exc.reason}") from exc
                delay = backoff_delay(n, self.options, self.rng)
                if exc.retry_after is not None:
                    # Honour the server's Retry-After, but never beyond our own ceiling.
                    delay = max(delay, min(exc.retry_after, self.options.backoff_max))
                self.sleep(delay)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _attempt_pdf(self, url: str, landing_dir: Path, known: StateEntry | None) -> Landed:
        headers = known.validators() if known else {}
        with self._transport_errors(), self.client.stream("GET", url, headers=headers) as resp:
            if resp.status_code == 304 and known:
                return Landed(url, landing_dir / known.stored_name, known, reused=True)
            _check_status(url, resp)
            _check_pdf_type(url, resp)
            self._check_declared_size(url, resp)
            return self._land(url, resp, landing_dir)

    def _attempt_page(self, url: str, missing_ok: bool) -> Page | None:
        with self._transport_errors(), self.client.stream("GET", url) as resp:
            if missing_ok and resp.status_code in (404, 410):
                return None
            _check_status(url, resp)
            self._check_declared_size(url, resp)
            content = bytearray()
            for chunk in resp.iter_bytes():
                content += chunk
                self._check_running_size(url, len(content))
            _check_complete(url, resp)
            return Page(str(resp.url), bytes(content), _content_type(resp), resp.charset_encoding or "utf-8")

    def _transport_errors(self) -> _TransportErrors:
        return _TransportErrors(self.options)

    def _check_declared_size(self, url: str, resp: httpx.Response) -> None:
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.options.max_bytes:
            raise TooLargeError(url, f"Content-Length {declared} is over max_bytes {self.options.max_bytes}")

    def _check_running_size(self, url: str, size: int) -> None:
        if size > self.options.max_bytes:
            raise TooLargeError(url, f"more than max_bytes {self.options.max_bytes} bytes; download aborted")

    def _land(self, url: str, resp: httpx.Response, landing_dir: Path) -> Landed:
        fd, tmp_name = tempfile.mkstemp(dir=landing_dir, prefix=PART_PREFIX, suffix=".pdf")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                sha256 = self._stream_to(url, resp, out)
                out.flush()
                os.fsync(out.fileno())
            entry = StateEntry(
                sha256=sha256,
                file=original_name(url, resp.headers.get("Content-Disposition")),
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
            )
            final = landing_dir / entry.stored_name
            os.replace(tmp, final)  # atomic: the final name only ever holds a whole file
            return Landed(url, final, entry, reused=False)
        finally:
            tmp.unlink(missing_ok=True)

    def _stream_to(self, url: str, resp: httpx.Response, out: BinaryIO) -> str:
        """Copy the body to ``out`` under every limit; returns its sha256."""
        digest = hashlib.sha256()
        head = b""
        size = 0
        deadline = time.monotonic() + self.options.total_timeout
        for chunk in resp.iter_bytes():
            size += len(chunk)
            self._check_running_size(url, size)
            if time.monotonic() > deadline:
                raise _Transient(f"download took longer than total_timeout {self.options.total_timeout:g}s")
            if len(head) < HEADER_WINDOW:
                head += chunk[: HEADER_WINDOW - len(head)]
                # Decide as soon as the header window is full, so a large error page is
                # not downloaded in full just to be thrown away.
                if len(head) == HEADER_WINDOW:
                    _check_magic(url, head)
            digest.update(chunk)
            out.write(chunk)
        _check_complete(url, resp)
        _check_magic(url, head)
        return digest.hexdigest()


class _TransportErrors:
    """Turns httpx timeouts and connection errors into retryable failures."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, httpx.TimeoutException):
            raise _Transient(f"timed out ({type(exc).__name__}, timeout {self.options.timeout:g}s)") from exc
        if isinstance(exc, httpx.TransportError):
            raise _Transient(f"connection error ({type(exc).__name__}: {exc})") from exc


def _check_status(url: str, resp: httpx.Response) -> None:
    code = resp.status_code
    if code >= 500 or code == 429:
        raise _Transient(f"HTTP {code} {resp.reason_phrase}".rstrip(), _retry_after(resp))
    if code != 200:
        raise FetchError(url, f"HTTP {code} {resp.reason_phrase}".rstrip())


def _check_pdf_type(url: str, resp: httpx.Response) -> None:
    ctype = _content_type(resp)
    if ctype and ctype not in PDF_TYPES:
        kind = Kind.HTML if "html" in ctype else Kind.IMAGE if ctype.startswith("image/") else None
        raise NotAPdfError(url, f"server sent Content-Type {ctype}, not a PDF", kind)


def _check_magic(url: str, head: bytes) -> None:
    if not looks_like_pdf(head):
        preview = head[:40].decode("latin-1").replace("\n", " ").strip()
        found = sniff(head, len(head))
        raise NotAPdfError(url, f"body is not a PDF (no %PDF- header; starts {preview!r})", found.kind)


def _check_complete(url: str, resp: httpx.Response) -> None:
    # h11 already refuses a body shorter than Content-Length; this keeps the promise
    # explicit (and covers transports that do not).
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and resp.num_bytes_downloaded < int(declared):
        raise _Transient(f"body truncated: got {resp.num_bytes_downloaded} of {declared} bytes")


def _content_type(resp: httpx.Response) -> str:
    return resp.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


_DISPOSITION_NAME = re.compile(r"""filename\*?=(?:UTF-8'')?["']?([^"';]+)""", re.IGNORECASE)


def original_name(url: str, disposition: str | None = None) -> str:
    """The paper's file name as published: Content-Disposition's, else the URL's last part.

    Always a bare name (no directory) ending in ``.pdf``; ``paper.pdf`` when neither
    gives one.
    """
    name = ""
    if disposition and (match := _DISPOSITION_NAME.search(disposition)):
        name = unquote(match.group(1))
    if not name.strip():
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    # Never trust a server-supplied name with a path in it.
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "paper.pdf"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"
