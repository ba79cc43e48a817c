"""Papers of other kinds of boards (an NHS trust, a council cabinet, a fire authority),
made with reportlab, no manifest, no family that knows them: their facts come from their
covers, their numbers come out as tidy cells, and their wrong totals can be seen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("reportlab")

from bench.other_boards import measure  # noqa: E402


def test_other_boards_without_manifest_or_family(tmp_path: Path) -> None:
    report = measure(tmp_path)
    assert report.facts_right == report.facts == 9
    assert report.truth_cells == 67
    assert report.right / report.truth_cells >= 0.95
    assert len(report.unmapped) == 5 and all("no table family matches" in u for u in report.unmapped)
    ipr, cabinet = report.wrong_totals_seen
    assert ipr == "ipr-march.pdf t01 Total × Feb-24: parts 17,145 ≠ 17,155"
    assert cabinet.startswith("cabinet_report_q2.pdf t01 ")
    assert cabinet.endswith("Net total × Variance £000: parts 4,510,000 ≠ 4,610,000")
