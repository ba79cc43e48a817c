"""One Prefect test harness per session: its first flow spends ~17 s migrating a database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from boardpack.pipeline import RunSummary


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@dataclass
class CorpusRun:
    """Two runs of the flow over the corpus into one output folder."""

    out: Path
    first: RunSummary
    second: RunSummary


@pytest.fixture(scope="session")
def corpus_run(
    prefect_harness: None, raw_papers: Path, tmp_path_factory: pytest.TempPathFactory
) -> CorpusRun:
    from flows.board_papers import board_papers

    out = tmp_path_factory.mktemp("run")
    first = board_papers(source=str(raw_papers), out=str(out))
    second = board_papers(source=str(raw_papers), out=str(out))
    return CorpusRun(out, first, second)
