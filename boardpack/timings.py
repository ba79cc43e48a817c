"""Wall time of each stage of a run, kept with the run's outputs (``out/run_timings.json``).

A data engineer reads it to see where a run's time went (and the scale benchmark reads it
to report seconds per paper and per page for each stage); it is small, rewritten whole
by every run, and nothing reads it back.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack.atomic import write_whole

STAGES = ("pull", "extract", "map", "store", "validate", "publish", "report")
"""The stages a run times, in the order they run (a run that finds nothing new times pull only)."""

TIMINGS_FILE = "run_timings.json"


@dataclass
class StageClock:
    """Seconds spent in each stage of one run, from the moment the clock was made."""

    seconds: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    peak_mb: dict[str, float] = field(default_factory=dict)
    """The flow process's peak memory (resident, MB) by the end of each stage: the stage
    where it rises is the one that holds the memory."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block as stage ``name`` (added up when a stage is timed twice)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
            self.peak_mb[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    def elapsed(self) -> float:
        """Seconds since the clock was made."""
        return time.perf_counter() - self.started


def timings_record(clock: StageClock, **facts: Any) -> dict[str, Any]:
    """What ``run_timings.json`` holds: the run's ``facts`` (papers, release, ...), each
    stage's seconds (rounded to ms) and the flow's total."""
    return {
        **facts,
        "stage_seconds": {name: round(s, 3) for name, s in clock.seconds.items()},
        "peak_mb_by_stage_end": clock.peak_mb,
        "flow_seconds": round(clock.elapsed(), 3),
    }


def write_timings(out: Path, record: dict[str, Any]) -> Path:
    """Write ``record`` to ``out/run_timings.json`` (whole or not at all) and return the path."""
    path = out / TIMINGS_FILE
    write_whole(path, (json.dumps(record, indent=1, default=str) + "\n").encode("utf-8"))
    return path
