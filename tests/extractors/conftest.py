"""Shared fixtures: the real corpus, extracted once per test session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractors import extract_paper
from extractors.records import PaperTables

ROOT = Path(__file__).resolve().parents[2]
PAPERS = ROOT / "raw_papers"
TRUTH = ROOT.parent / "shared" / "papers" / "truth"  # ../shared beside the checkout


@pytest.fixture(scope="session")
def papers_dir() -> Path:
    return PAPERS


@pytest.fixture(scope="session")
def truth_dir() -> Path:
    return TRUTH


@pytest.fixture(scope="session")
def corpus() -> dict[str, PaperTables]:
    """Every corpus paper extracted once: file name → PaperTables."""
    return {p.name: extract_paper(p) for p in sorted(PAPERS.glob("*.pdf"))}


@pytest.fixture(scope="session")
def contract(corpus: dict[str, PaperTables]) -> dict[str, Any]:
    """The corpus extraction in the public contract shape (round-tripped through JSON)."""
    return json.loads(json.dumps({"papers": [pt.to_contract() for pt in corpus.values()]}))


@pytest.fixture(scope="session")
def table_on() -> Any:
    """Finder: the table of a paper on a page whose first header cell is given."""

    def find(pt: PaperTables, first_header: str, page: int) -> Any:
        for t in pt.tables:
            if page in t.pages and t.header_rows and t.header_rows[0][0] == first_header:
                return t
        raise AssertionError(f"no table starting {first_header!r} on page {page}")

    return find
