"""Publishing: a versioned release of the dataset, switched in atomically.

Layout under ``outputs/``::

    releases/<release_id>/        one directory per release, written whole first
    dataset -> releases/<id>      a symlink, replaced atomically once the release is whole

A killed run leaves at worst a half-written ``releases/.tmp-*`` directory that the next
run removes; ``dataset`` always points at the last complete release.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

KEEP_RELEASES = 5


@dataclass(frozen=True)
class Release:
    """A published release: its id and where it lives."""

    release_id: str
    path: Path
    observations: int
    new: bool


def release_id(resources: Mapping[str, pd.DataFrame], code_version: str) -> str:
    """A short id derived from the published tables themselves and the code version.

    Any change to a published value (a figure, a paper's name or meeting date, a
    source cell) changes the id; the same tables under the same code always give the
    same id, so rerunning publishes nothing new.
    """
    h = hashlib.sha256(code_version.encode())
    for name in sorted(resources):
        frame = resources[name]
        h.update(f"\0{name}\0{list(frame.columns)}\0{list(map(str, frame.dtypes))}\0".encode())
        # Hashed row by row with pandas' fixed key: the same values give the same bytes in
        # any process, and the frame need not be written out as text first.
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:12]


def switch_to(out: Path, rid: str) -> None:
    """Point ``out/dataset`` at ``releases/rid`` atomically (rename over the old link)."""
    link = out / "dataset"
    tmp = out / f".dataset-{rid}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("releases") / rid, target_is_directory=True)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an old plain directory from before releases existed
    os.replace(tmp, link)


def current_release(out: Path) -> str | None:
    """The id of the release ``out/dataset`` points at, if any."""
    link = out / "dataset"
    return Path(os.readlink(link)).name if link.is_symlink() else None


def prune(out: Path, keep: int = KEEP_RELEASES) -> None:
    """Remove half-written releases and all but the newest ``keep`` whole ones."""
    releases = out / "releases"
    for tmp in releases.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    current = current_release(out)
    whole = sorted(
        (p for p in releases.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime
    )
    for old in whole[:-keep]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


def publish(
    out: Path,
    rid: str,
    write: Callable[[Path], None],
) -> Release:
    """Write a release with ``write(directory)`` beside the last one, then switch to it.

    If ``rid`` is already the current release nothing is written (idempotent).
    """
    releases = out / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    final = releases / rid
    if current_release(out) == rid and final.is_dir():
        return Release(rid, final, _count(final), new=False)
    tmp = releases / f".tmp-{rid}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    write(tmp)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    switch_to(out, rid)
    prune(out)
    return Release(rid, final, _count(final), new=True)


def _count(directory: Path) -> int:
    path = directory / "observations.parquet"
    return len(pd.read_parquet(path)) if path.exists() else 0
