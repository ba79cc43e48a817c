"""A real HTTP server on 127.0.0.1 serving raw_papers/ behind an index page, with faults.

Routes (all GET):
  /board/index.html          ``server.index_html`` (404 while it is None)
  /board/manifest.json       ``server.manifest`` bytes (404 while None)
  /papers/<file>             the file, with ETag and Last-Modified, honouring both
  /papers-lm/<file>          the file with Last-Modified only
  /flaky/<file>              500 for the first ``server.fail_first`` requests, then the file
  /faults/always500.pdf      always 500
  /faults/slow.pdf           waits ``server.slow_seconds`` before answering
  /faults/trickle.pdf        the largest paper, 4 KiB every 0.1 s
  /faults/truncated.pdf      Content-Length says 1000 bytes more than is sent
  /faults/html-as-pdf.pdf    an HTML error page served as application/pdf
  /faults/html.pdf           an HTML error page served as text/html
  /faults/big.pdf            the largest paper (use a small max_bytes)
  /faults/big-unsized.pdf    the same without Content-Length (body ends at close)
Every request is logged (path, conditional headers, status) in ``server.log``.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parents[2] / "raw_papers"
BIG = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"
ERROR_PAGE = b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>\n"


@dataclass(frozen=True)
class Seen:
    """One request the server answered."""

    path: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


@dataclass
class PaperServer:
    """The running server's address, its knobs and what it saw."""

    base_url: str
    index_html: str | None = None
    manifest: bytes | None = None
    fail_first: int = 1
    slow_seconds: float = 1.0
    log: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base_url + path

    def seen(self, path: str) -> list[Seen]:
        with self.lock:
            return [s for s in self.log if s.path == path]


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


def _make_handler(state: PaperServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            # The client giving up mid-body (size limit, timeout) is expected here.
            with contextlib.suppress(ConnectionError):
                self._route()

        def send_response(self, code: int, message: str | None = None) -> None:
            # Logged before the body goes out, so a test never races the log.
            seen = Seen(
                self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), code
            )
            with state.lock:
                state.log.append(seen)
            super().send_response(code, message)

        def _route(self) -> int:
            path = self.path
            if path == "/board/index.html":
                html = state.index_html
                return self._maybe(html.encode() if html is not None else None, "text/html; charset=utf-8")
            if path == "/board/manifest.json":
                return self._maybe(state.manifest, "application/json")
            if path.startswith("/papers/"):
                return self._file(path.removeprefix("/papers/"), etag=True)
            if path.startswith("/papers-lm/"):
                return self._file(path.removeprefix("/papers-lm/"), etag=False)
            if path.startswith("/flaky/"):
                if len(state.seen(path)) < state.fail_first:
                    return self._send(500, b"boom", "text/plain")
                return self._file(path.removeprefix("/flaky/"), etag=True)
            return self._fault(path)

        def _fault(self, path: str) -> int:
            big = (RAW / BIG).read_bytes()
            if path == "/faults/always500.pdf":
                return self._send(500, b"still broken", "text/plain")
            if path == "/faults/slow.pdf":
                time.sleep(state.slow_seconds)
                return self._send(200, big, "application/pdf")
            if path == "/faults/truncated.pdf":
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(big) + 1000))
                self.end_headers()
                self.wfile.write(big)
                self.close_connection = True
                return 200
            if path == "/faults/trickle.pdf":
                return self._trickle(big)
            if path == "/faults/html-as-pdf.pdf":
                return self._send(200, ERROR_PAGE, "application/pdf")
            if path == "/faults/html.pdf":
                return self._send(200, ERROR_PAGE, "text/html")
            if path == "/faults/big.pdf":
                return self._send(200, big, "application/pdf")
            if path == "/faults/big-unsized.pdf":
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.end_headers()
                self.wfile.write(big)
                self.close_connection = True
                return 200
            return self._send(404, ERROR_PAGE, "text/html")

        def _trickle(self, body: bytes) -> int:
            """A valid PDF sent 4 KiB every 0.1 s: each read is quick, the whole is slow."""
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for start in range(0, len(body), 4096):
                self.wfile.write(body[start : start + 4096])
                self.wfile.flush()
                time.sleep(0.1)
            return 200

        def _maybe(self, body: bytes | None, ctype: str) -> int:
            if body is None:
                return self._send(404, ERROR_PAGE, "text/html")
            return self._send(200, body, ctype)

        def _file(self, name: str, etag: bool) -> int:
            path = RAW / name
            if "/" in name or not path.is_file():
                return self._send(404, ERROR_PAGE, "text/html")
            data = path.read_bytes()
            tag = _etag(data)
            modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
            headers = {"Last-Modified": modified, **({"ETag": tag} if etag else {})}
            if (etag and self.headers.get("If-None-Match") == tag) or (
                not etag and self.headers.get("If-Modified-Since") == modified
            ):
                return self._send(304, b"", None, headers)
            return self._send(200, data, "application/pdf", headers)

        def _send(
            self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None
        ) -> int:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return status

    return Handler


@pytest.fixture
def paper_server() -> Iterator[PaperServer]:
    """A fresh server per test on a random 127.0.0.1 port, stopped afterwards."""
    state = PaperServer(base_url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(state))
    httpd.daemon_threads = True  # a handler still sleeping (slow.pdf) must not block exit
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), name="paper-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
