"""The keys a paper's kept validation results and figures are found under."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from boardpack.models import Paper
from boardpack.settings import default_settings
from boardpack.stages import pull_papers
from boardpack.validation.kept import figures_key, results_key


def _papers(source: Path, out: Path) -> list[Paper]:
    return sorted(pull_papers(default_settings(source, out)).papers, key=lambda p: p.sha256)


def test_regression_a_moved_source_folder_keeps_every_papers_figures_key(
    raw_papers: Path, tmp_path: Path
) -> None:
    # Keyed on the path too, a moved folder made every figure group stale and every
    # paper's rows be written again (a one-new rerun at 1,000 papers: 16 s validating, not 5).
    moved = tmp_path / "moved"
    shutil.copytree(raw_papers, moved)
    here, there = _papers(raw_papers, tmp_path / "a"), _papers(moved, tmp_path / "b")
    assert len(here) == 5
    assert [p.path for p in here] != [p.path for p in there]
    assert [figures_key(p) for p in here] == [figures_key(p) for p in there]
    assert [results_key(p) for p in here] == [results_key(p) for p in there]


def test_a_papers_file_name_and_facts_still_change_its_figures_key(raw_papers: Path, tmp_path: Path) -> None:
    paper = _papers(raw_papers, tmp_path)[0]
    assert paper.meeting_date is not None
    for changed in (
        replace(paper, file="renamed.pdf"),
        replace(paper, meeting_date="2031-01-01"),
        replace(paper, board="Another board"),
        replace(paper, title="Another title"),
        replace(paper, sha256="0" * 64),
    ):
        assert figures_key(changed) != figures_key(paper)
