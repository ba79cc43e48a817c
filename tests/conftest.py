"""Shared fixtures: the corpus (raw_papers/ and ../shared/papers/truth) is the fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
