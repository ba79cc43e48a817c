"""Files kept from the previous audit site: one whose key (a digest of what it is made
from) is the same as when the previous site wrote it is linked from there, not made again.

Each site writes the keys of the files it holds beside them (a JSON file: name → entry
holding at least ``key``), so the next site can tell which old files are still right.
The previous site is replaced whole, never written to, so a hard link to one of its
files stays right after the swap.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

Entry = dict[str, object]


def link_or_copy(source: Path, target: Path) -> None:
    """``source`` put at ``target``: hard-linked, else (another file system) copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class KeptFiles:
    """The files of the previous site (``old_site``, may be None or missing) that can be
    kept, by their record ``keys_file`` (a path relative to a site), and the entries of
    the files of the site being written."""

    def __init__(self, old_site: Path | None, keys_file: str) -> None:
        self.old_site = old_site
        self.keys_file = keys_file
        self.old: dict[str, Entry] = {}
        if old_site is not None and (old_site / keys_file).is_file():
            try:
                self.old = json.loads((old_site / keys_file).read_text())
            except (OSError, ValueError):
                self.old = {}  # an unreadable record keeps nothing: every file is made again
        self.new: dict[str, Entry] = {}

    def keep_file(self, name: str, key: str, out_dir: Path) -> Entry | None:
        """The old file ``name`` (a path relative to the site) put into ``out_dir`` and
        its old entry, if it was made under ``key``; None when it must be made."""
        entry = self.old.get(name)
        if self.old_site is None or not isinstance(entry, dict) or entry.get("key") != key:
            return None
        source = self.old_site / name
        if not source.is_file():
            return None
        link_or_copy(source, out_dir / name)
        self.new[name] = entry
        return entry

    def made(self, name: str, entry: Entry) -> None:
        """Record the entry (with its ``key``) of a file the new site holds."""
        self.new[name] = entry

    def save(self, out_dir: Path) -> None:
        """Write the new site's entries beside its files."""
        (out_dir / self.keys_file).write_text(json.dumps(self.new, sort_keys=True))
