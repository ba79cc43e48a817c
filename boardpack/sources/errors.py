"""The one small exception hierarchy of the sources layer.

Every error names *where* it happened (a URL, a file, or ``config-file: key``) so a
failure line in a pull report can be acted on without a traceback::

    SourceError
    ├── ConfigError      the sources YAML is missing, malformed or invalid
    ├── ManifestError    a manifest.json beside the papers is malformed
    ├── NotAPdfError     the bytes (or the content type) are not a PDF
    ├── TooLargeError    a download went past ``max_bytes``
    └── FetchError       HTTP status, timeout, connection or truncation problems
"""

from __future__ import annotations


class SourceError(Exception):
    """A problem with one source, file or URL; ``where`` names it."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class ConfigError(SourceError):
    """The sources file (or one key in it) is invalid."""


class ManifestError(SourceError):
    """A manifest.json exists but cannot be used."""


class NotAPdfError(SourceError):
    """The content is not a PDF (wrong content type or no ``%PDF-`` header)."""


class TooLargeError(SourceError):
    """The content is larger than the configured ``max_bytes``."""


class FetchError(SourceError):
    """An HTTP fetch failed: bad status, timeout, connection error or short body."""
