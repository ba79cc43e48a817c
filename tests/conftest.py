"""Shared fixtures: the corpus (raw_papers/ and ../shared/papers/truth) is the fixture."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

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
