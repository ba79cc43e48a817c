"""Shared fixtures: the corpus (raw_papers/ and ../shared/papers/truth) is the fixture."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from boardpack.stages import RunSummary

# Prefect reads its home at import: keep test state out of the user's home directory.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="boardpack-prefect-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
RAW_PAPERS = ROOT / "raw_papers"
TRUTH_DIR = ROOT.parent / "shared" / "papers" / "truth"


def load_truth(paper_file: str) -> dict[str, Any]:
    """The truth file of one paper of the corpus."""
    data: dict[str, Any] = json.loads((TRUTH_DIR / (Path(paper_file).stem + ".json")).read_text())
    return data


@pytest.fixture(scope="session")
def raw_papers() -> Path:
    return RAW_PAPERS


@pytest.fixture(scope="session")
def truth_dir() -> Path:
    if not TRUTH_DIR.is_dir():
        pytest.fail(f"the truth files are expected at {TRUTH_DIR} (../shared beside the checkout)")
    return TRUTH_DIR


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


SMALL = ("2025-01-28_agb_supporting-the-workforce.pdf", "2022-09_spcb_fairness-and-belonging.pdf")
"""The two smallest corpus papers."""


@dataclass
class SmallRun:
    """One run of the flow, on the default task runner, over the two small papers alone."""

    source: Path
    out: Path
    summary: RunSummary


@pytest.fixture(scope="session")
def small_run(prefect_harness: None, raw_papers: Path, tmp_path_factory: pytest.TempPathFactory) -> SmallRun:
    """The reference the runs of the same two papers on other task runners are held to."""
    import shutil

    from flows.board_papers import board_papers

    base = tmp_path_factory.mktemp("small")
    source, out = base / "papers", base / "out"
    source.mkdir()
    for name in SMALL:
        shutil.copy(raw_papers / name, source)
    return SmallRun(source, out, board_papers(source=str(source), out=str(out)))


@pytest.fixture(scope="session")
def all_but_last_run(
    prefect_harness: None, raw_papers: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """One flow run over every corpus paper but the last (``papers/`` and ``out/`` under the
    folder returned), made once for the tests that add the last paper and rerun."""
    import shutil

    from flows.board_papers import board_papers

    base = tmp_path_factory.mktemp("all-but-last")
    source, out = base / "papers", base / "out"
    source.mkdir()
    for paper in sorted(raw_papers.glob("*.pdf"))[:-1]:
        shutil.copy(paper, source)
    board_papers(source=str(source), out=str(out))
    return base


def copy_all_but_last(
    all_but_last_run: Path, raw_papers: Path, tmp_path: Path
) -> tuple[list[Path], Path, Path]:
    """A copy, in ``tmp_path``, of the flow run over every corpus paper but the last (its
    source folder and its output folder: store, caches, GX, release): (the papers, sorted;
    the source folder; the output folder), so a test can add the last and rerun without
    running the flow over the others again."""
    import shutil

    source, out = tmp_path / "papers", tmp_path / "out"
    shutil.copytree(all_but_last_run / "papers", source)
    shutil.copytree(all_but_last_run / "out", out)
    return sorted(raw_papers.glob("*.pdf")), source, out
