"""Reading a ``manifest.json`` that sits beside papers (in a folder or next to an index).

Shape: ``{"papers": [{"file", "sha256", "board", "meeting_date", "title", ...}]}``;
extra keys are ignored and every field but ``file`` may be missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from boardpack.sources.errors import ManifestError


@dataclass(frozen=True)
class ManifestEntry:
    """What a manifest says about one file."""

    file: str
    sha256: str | None = None
    board: str | None = None
    meeting_date: str | None = None
    title: str | None = None


Manifest = dict[str, ManifestEntry]
"""Manifest entries keyed by file name."""


def parse_manifest(text: str | bytes, where: str) -> Manifest:
    """Parse manifest JSON into entries keyed by file name.

    Raises ``ManifestError`` naming ``where`` when the JSON or its shape is wrong.
    """
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ManifestError(where, f"not valid JSON ({exc})") from exc
    papers = data.get("papers") if isinstance(data, dict) else None
    if not isinstance(papers, list):
        raise ManifestError(where, 'expected an object with a "papers" list')
    return {entry.file: entry for entry in (_entry(item, where, i) for i, item in enumerate(papers))}


def _entry(item: Any, where: str, index: int) -> ManifestEntry:
    if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"]:
        raise ManifestError(where, f'papers[{index}]: expected an object with a non-empty "file"')
    return ManifestEntry(
        file=item["file"],
        sha256=_opt_str(item, "sha256"),
        board=_opt_str(item, "board"),
        meeting_date=_opt_str(item, "meeting_date"),
        title=_opt_str(item, "title"),
    )


def _opt_str(item: dict[str, Any], key: str) -> str | None:
    # Manifests written by hand put nulls, numbers or blanks in optional fields; only a
    # non-blank string is metadata.
    value = item.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None
