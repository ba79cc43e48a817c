"""Runs killed at random moments: the rerun leaves the release, store and audit site
whole and equal to a clean run's, and no Prefect server or worker is left running."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import CorpusRun
from tests.reliability.whole import kill_then_rerun, snapshot

pytestmark = pytest.mark.slow

KILLS = 2  # bench/kill_runs.py does 20


def test_runs_killed_at_random_moments_rerun_to_the_clean_result(
    corpus_run: CorpusRun, raw_papers: Path, tmp_path: Path
) -> None:
    rng = random.Random(12)
    clean = snapshot(corpus_run.out)
    out, log = tmp_path / "out", tmp_path / "runs.log"
    for i in range(KILLS):
        # The first kill lands in a cold run (Prefect's first start, extraction), later
        # ones in reruns over a warm cache: publishing, the store and the audit write.
        after = rng.uniform(8, 40) if i == 0 else rng.uniform(2, 15)
        kill = kill_then_rerun(raw_papers, out, after, log)
        assert kill.left_running == [], f"kill {i} at {after:.1f}s left {kill.left_running}"
        assert kill.rerun_code == 0, log.read_text()[-3000:]
        assert snapshot(out) == clean, f"kill {i} at {after:.1f}s"
