"""Fingerprints of the code and rules that shape the output.

A cached extraction or a release id must change whenever the code that produced it
changes, not only when someone remembers to bump the version, so they are keyed on
a digest of the source files themselves.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from boardpack import __version__
from boardpack.models import Paper

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".py", ".yaml", ".json")


def digest_files(paths: list[Path], root: Path = ROOT) -> str:
    """A short digest of the files' relative names and bytes, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@cache
def package_fingerprint(*packages: str) -> str:
    """Digest of every source, schema and suite file of the named top-level packages."""
    files = [p for pkg in packages for p in (ROOT / pkg).rglob("*") if p.suffix in SUFFIXES and p.is_file()]
    return f"{__version__}-{digest_files(files)}"


@cache  # asked once per paper and cache key: the files are read and hashed once per process
def extractor_version() -> str:
    """What an extraction depends on: the extractors package and the records."""
    return package_fingerprint("extractors") + "-" + digest_files([ROOT / "boardpack" / "models.py"])


def mapping_version() -> str:
    """What a mapping depends on: the schemas package (code and YAML)."""
    return package_fingerprint("schemas")


def mapping_fingerprint(paper: Paper) -> str:
    """What decides a paper's mapping besides its bytes: its label (every observation
    names it), its meeting date, the extractor's and the mapping's code."""
    return f"{extractor_version()}|{mapping_version()}|{paper.meeting_date}|{paper.file}"


def release_code_version() -> str:
    """What a release depends on beyond its papers: all of the project's code and rules."""
    return package_fingerprint("boardpack", "extractors", "schemas")
