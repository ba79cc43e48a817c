"""A run with nothing new, settled before Prefect starts.

Importing Prefect and starting its temporary server cost a fresh ``boardpack run``
several seconds (tens on a loaded machine) before the flow can find that nothing
changed.  Without a Prefect server to record the flow run (no ``PREFECT_API_URL``), and
for a folder source (pulling it again is only hashing files, never a download),
``unchanged_run`` makes the flow's own first check (``run_state.outputs_whole`` over a
fresh pull) and, when it holds, gives the summary the flow would give.  Anything else
goes to the flow as before.
"""

from __future__ import annotations

from boardpack.run_state import outputs_whole, run_key
from boardpack.settings import RunSettings
from boardpack.stages import RunSummary, pull_papers, unchanged_summary
from boardpack.timings import StageClock, timings_record, write_timings


def unchanged_run(settings: RunSettings) -> RunSummary | None:
    """The summary of a run of ``settings`` that finds nothing new, or None when the
    flow has work to do (or the source is not a folder).  Call it under the run lock."""
    if not settings.source.is_dir():
        return None
    clock = StageClock()
    with clock.stage("pull"):
        pulled = pull_papers(settings)
    if not pulled.papers or not outputs_whole(settings, run_key(pulled, settings.limits)):
        return None
    summary = unchanged_summary(settings, pulled.papers)
    record = timings_record(clock, papers=summary.papers, release_id=summary.release_id,
                            new_release=False, reprocessed=0, before_prefect=True)  # fmt: skip
    write_timings(settings.out, record)
    return summary
