"""The garbage collector's pace in a run's processes, which build large object graphs.

CPython collects its youngest generation of container objects every 700 net
allocations and, every hundred of those, may walk every object the process holds.  A
run's stages build millions of objects that live to the stage's end (a thousand papers'
cached reads and mappings unpickled, two hundred thousand cells read from the store into
records), so the collector walks the same live objects over and over: at a thousand
papers, a fifth of the audit site's time (4.7 → 3.8 s).  These records hold few
reference cycles, so collecting the youngest generation every ``YOUNGEST_EVERY``
allocations costs little memory (a cycle a stage drops waits a little longer to be
freed) and saves the walks.  The readers keep CPython's pace: a hostile PDF's objects
must be freed well inside their memory limit.
"""

from __future__ import annotations

import gc

YOUNGEST_EVERY = 100_000
"""Net allocations of container objects between two collections of the youngest generation."""


def pace_for_batches() -> None:
    """Collect this process's youngest generation every ``YOUNGEST_EVERY`` allocations
    (the older generations at CPython's ratios)."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_EVERY, middle, oldest)
