"""Cached reads and mappings loaded while the run's temporary Prefect server starts.

A fresh ``boardpack run`` waits seconds for its server (longer on a loaded machine)
before the flow can start, with its process idle.  A rerun over a thousand papers then
spends seconds more in the flow loading each paper's cached read and mapping.  Started
before the wait (``start``), a thread loads them meanwhile; the flow takes what it
loaded (``take``) and loads the rest itself, so a preload that is wrong or incomplete
costs time, never a result.  Only a folder source is preloaded: pulling it again is
reading files, never a download.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from boardpack.settings import RunSettings
from boardpack.stages import pull_papers, settle_reads
from boardpack.worker import PaperRead
from flows.extract import cached_result, extract_key, map_key
from schemas.records import MappingResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """One paper's cached read and mapping."""

    read: PaperRead
    """The read, its tables left out (the store has them when the paper was stored)."""
    tables: int
    """How many tables the read found."""
    map_key: str
    """The mapping's cache key, as the paper's settled facts make it."""
    mapping: MappingResult


class Preload:
    """A thread loading the cached reads and mappings of a run's papers."""

    def __init__(self, settings: RunSettings) -> None:
        self.settings = settings
        self._loaded: dict[str, Loaded] = {}
        self._thread = threading.Thread(target=self._load, name="boardpack-preload", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        try:
            for paper in pull_papers(self.settings).papers:
                key = extract_key(None, {"paper": paper, "limits": self.settings.limits})
                read = cached_result(self.settings.cache / key)
                if read is None:
                    continue
                (settled,), _ = settle_reads([paper], [read])
                mkey = map_key(None, {"paper": settled})
                mapping = cached_result(self.settings.cache / mkey)
                if mapping is not None:
                    self._loaded[key] = Loaded(read.without_tables(), len(read.tables.tables), mkey, mapping)
        except Exception:  # the flow loads whatever this did not
            log.exception("preloading the cache of %s stopped", self.settings.out)

    def result(self) -> dict[str, Loaded]:
        """What was loaded, by the read's cache key (``extract_key``), once all is."""
        self._thread.join()
        return self._loaded


_running: Preload | None = None


def start(settings: RunSettings) -> None:
    """Start preloading the cache of a run of ``settings`` (a folder source only)."""
    global _running
    _running = Preload(settings) if settings.source.is_dir() else None


def take(settings: RunSettings) -> dict[str, Loaded]:
    """What ``start`` preloaded for a run of ``settings`` (empty if none), once."""
    global _running
    running, _running = _running, None
    if running is None or running.settings != settings:
        return {}
    return running.result()
