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

from boardpack.problems import Kind


class SourceError(Exception):
    """A problem with one source, file or URL; ``where`` names it."""

    default_kind: Kind | None = None

    def __init__(self, where: str, reason: str, kind: Kind | None = None) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
        self.kind = kind or self.default_kind
        """The quarantine code of the failure, where one is known (``boardpack.problems``)."""


class ConfigError(SourceError):
    """The sources file (or one key in it) is invalid."""


class ManifestError(SourceError):
    """A manifest.json exists but cannot be used."""

    default_kind = Kind.MANIFEST


class NotAPdfError(SourceError):
    """The content is not a PDF (wrong content type or no ``%PDF-`` header)."""

    default_kind = Kind.NOT_PDF

    def __init__(self, where: str, reason: str, kind: Kind | None = None, sha256: str | None = None) -> None:
        super().__init__(where, reason, kind)
        self.sha256 = sha256


class TooLargeError(SourceError):
    """The content is larger than the configured ``max_bytes``."""

    default_kind = Kind.TOO_LARGE


class FetchError(SourceError):
    """An HTTP fetch failed: bad status, timeout, connection error or short body."""

    default_kind = Kind.FETCH
