"""Runs killed at random moments: the rerun leaves the release, store and audit site
whole and equal to a clean run's, and no Prefect server or worker is left running."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import CorpusRun
from tests.reliability.whole import kill_then_rerun, snapshot

pytestmark = pytest.mark.slow

KILLS = 1  # bench/kill_runs.py does 20


def test_runs_killed_at_random_moments_rerun_to_the_clean_result(
    corpus_run: CorpusRun, raw_papers: Path, tmp_path: Path
) -> None:
    rng = random.Random(12)
    clean = snapshot(corpus_run.out)
    home, log = tmp_path / "prefect", tmp_path / "runs.log"
    for i in range(KILLS):
        # Each kill interrupts a cold run into a fresh folder (real work to cut short);
        # the Prefect home is shared, so after the first run's migration the moments
        # fall in extraction, validation, the store, the release and the audit write.
        after = rng.uniform(25, 60) if i == 0 else rng.uniform(3, 25)
        out = tmp_path / f"out-{i}"
        kill = kill_then_rerun(raw_papers, out, after, log, home)
        assert kill.left_running == [], f"kill {i} at {after:.1f}s left {kill.left_running}"
        assert kill.rerun_code == 0, log.read_text()[-3000:]
        assert snapshot(out) == clean, f"kill {i} at {after:.1f}s"
