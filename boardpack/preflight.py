"""Checks made before a run starts anything (Prefect, workers), so that a mistyped
source, a broken sources file or an output folder that cannot be written is one clear
line rather than a traceback from deep inside the run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from boardpack.errors import OutputError, RunError
from boardpack.settings import RunSettings
from boardpack.sources import load_config
from boardpack.store import connect


def check_source(settings: RunSettings) -> None:
    """Raise ``RunError`` for a source that does not exist, ``ConfigError`` (one line,
    naming the file and key) for a sources file that cannot be used."""
    source = settings.source
    if not source.exists():
        raise RunError(f"source {source} does not exist (give a folder of PDFs or a sources .yaml file)")
    if source.suffix in (".yaml", ".yml"):
        load_config(source)
    elif not source.is_dir():
        raise RunError(f"source {source} is neither a folder nor a sources .yaml file")


def check_writable(settings: RunSettings) -> None:
    """Raise ``OutputError`` or ``StoreError`` when the output folder, Prefect's state or
    the store cannot be written."""
    for folder in (settings.out, settings.prefect_home):
        _writable(folder)
    connect(settings.database).close()


def _writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-check-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
