"""Did the last run finish every output for exactly these inputs?

A run's key is a digest of everything that shapes its outputs: each paper's bytes and
metadata, every name found, every pull failure, the code and the reading limits.  It is
recorded in the store (``run_state``) only after the store, the release, Data Docs and
the audit report are all written, so a run killed at any moment leaves a stale key and
the next run redoes what follows pull (from the per-paper cache: cheap) instead of
saying "nothing new" over a half-written output.
"""

from __future__ import annotations

import hashlib
import json

from boardpack.fingerprint import release_code_version
from boardpack.settings import RunSettings
from boardpack.sources import PullResult
from boardpack.store import connect, save_run_state, stored_run_key
from boardpack.worker import Limits

KEY_VERSION = "1"


def run_key(pulled: PullResult, limits: Limits) -> str:
    """The digest of a run's inputs (see the module docstring); paths are left out, so
    a moved source folder is the same run."""
    inputs = {
        "version": KEY_VERSION,
        "code": release_code_version(),
        "limits": limits.key(),
        "papers": sorted(
            [p.sha256, p.file, p.board, p.meeting_date, p.title, p.source] for p in pulled.papers
        ),
        "names": sorted([n.sha256, n.file, n.source, n.is_label] for n in pulled.names),
        "failures": sorted([f.reason, f.kind, f.sha256] for f in pulled.failures),
        "failure_names": sorted(f.url_or_path.rsplit("/", 1)[-1] for f in pulled.failures),
    }
    return hashlib.sha256(json.dumps(inputs, default=str).encode()).hexdigest()[:16]


def outputs_whole(settings: RunSettings, key: str) -> bool:
    """True when the last finished run had ``key`` and its outputs are all still there."""
    outputs = (settings.database, settings.audit / "index.html", settings.data_docs / "index.html")
    if not all(path.is_file() for path in outputs):
        return False
    con = connect(settings.database)
    try:
        return stored_run_key(con) == key
    finally:
        con.close()


def mark_finished(settings: RunSettings, key: str, release_id: str | None) -> None:
    """Record that every output of the run ``key`` is written (call it last)."""
    con = connect(settings.database)
    try:
        save_run_state(con, key, release_id)
    finally:
        con.close()
