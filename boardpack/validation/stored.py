"""Which papers' observation and result rows the store already holds, kept between runs.

A paper's ``observations`` and ``validation_results`` rows are its figures (fixed by its
content, file name, meeting date and the code: ``kept.figures_key``), each figure's
status and its results.  A run with one new paper among many changes the rows of that
paper and of the few whose statuses or results the cross-paper checks changed; writing
every paper's rows again made storing a run's validation grow with all its papers.  So
each paper's rows are summed up in a digest, kept after the store commits them, and only
the papers whose digest changed, or whose rows the store no longer holds in full (a
store emptied or refilled since), are written again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path

from boardpack.atomic import write_whole
from boardpack.models import ValidationResult
from schemas.records import Observation

STORED_FILE = Path("stored") / "stored.pickle"
"""Under the validation cache folder, in a folder of its own: ``kept.forget_others``
removes every other ``*.pickle`` directly in it."""

RowCounts = tuple[int, int]
"""A paper's rows in the store: (observations, validation results)."""


def rows_digest(
    figures: str,
    observations: Sequence[Observation],
    status: Mapping[tuple[str, str, str, str], str],
    results: Sequence[ValidationResult],
) -> str:
    """A digest of the rows ``save_observations`` writes for a paper: its figures (by
    what fixes them, ``figures``: its ``kept.figures_key``), their statuses in order,
    and its results."""
    h = hashlib.sha256(figures.encode())
    h.update("\0".join(status.get(o.key, "unchecked") for o in observations).encode())
    h.update(pickle.dumps([r.to_dict() for r in results], protocol=pickle.HIGHEST_PROTOCOL))
    return h.hexdigest()


def load_stored(folder: Path) -> dict[str, tuple[str, RowCounts]]:
    """What the last run stored (kept under the validation cache ``folder``): per paper
    sha256, its rows' digest and counts (nothing when unreadable)."""
    try:
        found = pickle.loads((folder / STORED_FILE).read_bytes())
    except Exception:  # absent, torn or foreign: write every paper again
        return {}
    return found if isinstance(found, dict) else {}


def save_stored(folder: Path, stored: Mapping[str, tuple[str, RowCounts]]) -> None:
    """Keep ``stored`` for the next run, written whole (after the store has committed)."""
    write_whole(folder / STORED_FILE, pickle.dumps(dict(stored), protocol=pickle.HIGHEST_PROTOCOL))


def papers_to_write(
    now: Mapping[str, tuple[str, RowCounts]],
    kept: Mapping[str, tuple[str, RowCounts]],
    in_store: Mapping[str, RowCounts],
) -> list[str]:
    """The papers (sha256s, in ``now``'s order) whose rows must be written: those whose
    digest is not the one kept, or whose rows the store does not hold in the numbers
    written (``in_store``: the store's row counts per paper)."""
    return [
        sha
        for sha, (digest, counts) in now.items()
        if kept.get(sha, ("", (0, 0)))[0] != digest or in_store.get(sha, (0, 0)) != counts
    ]
