"""Property: a corpus PDF damaged at random (bytes flipped, cut short, objects dropped)
never crashes, hangs past the limit or escapes quarantine; it is read, repaired or
quarantined with a reason naming the file.  ``bench/fuzz_papers.py`` runs 1,000."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpack.problems import Kind
from boardpack.worker import PAPER_STATUSES, Limits, read_paper
from tests.reliability.mutate import Mutation

LIMITS = Limits(seconds=20, workers=1)
PAPERS = ["2025-01-28_agb_supporting-the-workforce.pdf", "2022-09_spcb_fairness-and-belonging.pdf"]

mutations = st.builds(
    Mutation,
    kind=st.sampled_from(["flip", "truncate", "drop"]),
    seed=st.integers(0, 1 << 30),
    amount=st.floats(0.0001, 0.3),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paper=st.sampled_from(PAPERS), mutation=mutations)
def test_a_mutated_paper_is_read_repaired_or_quarantined_never_lost(
    raw_papers: Path, tmp_path: Path, paper: str, mutation: Mutation
) -> None:
    data = mutation.apply((raw_papers / paper).read_bytes())
    path = tmp_path / f"mutant-{mutation.kind}.pdf"
    path.write_bytes(data)
    started = time.monotonic()
    read = read_paper(path, path.name, hashlib.sha256(data).hexdigest(), LIMITS)
    assert time.monotonic() - started < LIMITS.seconds + 10
    assert read.status in PAPER_STATUSES
    assert read.tables.file == path.name
    for problem in read.problems:
        assert problem.kind in set(Kind) and problem.message.startswith(path.name)
    if read.status == "quarantined":
        assert any(p.whole_paper for p in read.problems) and read.tables.tables == []
    assert read.problems or read.tables.pages > 0
