"""The ICDAR 2013 EU half (``../shared/benchmarks/icdar2013-eu``), scored by the judge's
scorer (``../shared/benchmarks/score.py``): a floor just under what was measured, so the
score cannot slip.  Nothing in the extractor is keyed to these documents; they are a
check that its rules hold on documents from other producers."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from extractors import extract_paper

BENCH = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"
EU = BENCH / "icdar2013-eu"
# Measured micro P 0.981, R 0.965, F1 0.973 (camelot 2.0 auto: 0.870).
F1_FLOOR, P_FLOOR, R_FLOOR = 0.970, 0.978, 0.962


def judge() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", BENCH / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.skipif(not EU.exists(), reason="the ICDAR 2013 EU half is not beside the checkout")
def test_icdar2013_eu_half_scores_at_least_floor() -> None:
    scorer = judge()
    papers = [
        {"file": p.name, "tables": [t.to_contract() for t in extract_paper(p).tables]}
        for p in sorted(EU.glob("*.pdf"))
    ]
    predicted = json.loads(json.dumps({"papers": papers}))
    summary, _, _ = scorer.score(predicted, scorer.load_truth(str(EU), True))
    micro = summary["micro"]
    assert summary["gt_tables"] == 76 and summary["found_tables"] == 76
    assert micro["F1"] >= F1_FLOOR and micro["P"] >= P_FLOOR and micro["R"] >= R_FLOOR, micro
