"""HTML pages kept from the previous audit site: a page rendered from exactly the same
inputs as before is linked from the old site instead of rendered again.

A run that adds one paper to a thousand changes few pages: the new paper's, the series
it reports on, and the index.  Each kept page is keyed (``page_key``) on everything it
is rendered from, passed in whole and pickled (never a guess at what changed): a paper page on its
paper's slice of the site data (facts, tables, cells, failed checks, mappings,
extraction errors), its file stem and its page images; a series page on a digest of
everything its view is made from (``series_keys``: the store's rows of the series and
where its links land), so that an unchanged series page needs no view at all; its entry
also holds what the index shows of it (``SeriesSummary``).  The key also holds the
digest of the report package's code and templates and Jinja's version, so new code
renders every page again.  The keys are written beside the pages (``pages.json``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from boardpack.fingerprint import digest_files
from boardpack.report.kept_files import Entry, KeptFiles

KEYS_FILE = "pages.json"
RENDERING_PACKAGES = ("jinja2", "markupsafe")
"""The libraries that turn a page's inputs into HTML besides the report package."""


@cache
def code_version() -> str:
    """What turns a page's inputs into its HTML: the report package's code and templates,
    and the versions of the template libraries."""
    package = Path(__file__).parent
    files = [p for p in package.rglob("*") if p.suffix in (".py", ".j2") and p.is_file()]
    libraries = "-".join(version(name) for name in RENDERING_PACKAGES)
    return f"{libraries}-{digest_files(files, root=package)}"


def page_key(*inputs: object) -> str:
    """A digest of what a page is rendered from: ``inputs`` pickled (a faithful copy of
    every field of the site's records and views: equal pickles are equal data, so a
    changed input always changes the key), and the code."""
    h = hashlib.sha256(code_version().encode())
    h.update(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL))
    return h.hexdigest()[:32]


class KeptHtml(KeptFiles):
    """The pages of the previous site (``old_site``, may be None or missing) that can be
    kept, and the keys of the pages of the site being written."""

    def __init__(self, old_site: Path | None) -> None:
        super().__init__(old_site, KEYS_FILE)

    def write(
        self, out_dir: Path, name: str, key: str, render: Callable[[], str], extra: Entry | None = None
    ) -> Path:
        """The page ``name`` (relative to the site) in ``out_dir``: the previous site's if it
        was rendered under ``key``, else ``render()`` written (UTF-8), its entry holding
        ``extra`` beside the key."""
        path = out_dir / name
        if self.keep_file(name, key, out_dir) is None:
            path.write_text(render(), encoding="utf-8")
            self.made(name, {**(extra or {}), "key": key})
        return path

    def keep(self, out_dir: Path, name: str, key: str, field: str) -> dict[str, Any] | None:
        """The page ``name`` kept from the previous site, and its entry's ``field`` (a JSON
        object), if it was rendered under ``key`` and its entry holds that field; None
        (nothing kept) otherwise."""
        entry = self.old.get(name)
        wanted = entry.get(field) if isinstance(entry, dict) else None
        if not isinstance(wanted, dict) or self.keep_file(name, key, out_dir) is None:
            return None
        return wanted
