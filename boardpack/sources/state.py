"""Conditional-GET memory: what each URL last gave us, kept in the landing dir.

``<landing>/.pull-state.json`` maps URL → ETag, Last-Modified, sha256 and the paper's
original file name.  It is only a cache: losing or corrupting it costs a re-download,
never a wrong paper, so an unreadable state file is ignored (with a warning).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

STATE_NAME = ".pull-state.json"


@dataclass(frozen=True)
class StateEntry:
    """What one URL served last time it gave us a PDF."""

    sha256: str
    file: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def stored_name(self) -> str:
        """The landed file's name: content-addressed, ``<sha256>.pdf``."""
        return f"{self.sha256}.pdf"

    def validators(self) -> dict[str, str]:
        """Request headers that make a GET conditional on this entry."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass
class FetchState:
    """All remembered URLs of one landing dir; ``save()`` writes it atomically."""

    path: Path
    entries: dict[str, StateEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, landing_dir: Path) -> FetchState:
        """The state in ``landing_dir`` (empty when absent or unreadable)."""
        path = landing_dir / STATE_NAME
        if not path.exists():
            return cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = {url: StateEntry(**value) for url, value in raw["urls"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("%s: unreadable, ignoring it (%s)", path, exc)
            return cls(path)
        return cls(path, entries)

    def usable(self, url: str) -> StateEntry | None:
        """The entry for ``url`` if its landed file is still there, else None."""
        entry = self.entries.get(url)
        if entry and (self.path.parent / entry.stored_name).is_file():
            return entry
        return None

    def save(self) -> None:
        """Write the state via a temp file and rename, so it is never half-written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"urls": {url: asdict(e) for url, e in sorted(self.entries.items())}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1)
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
