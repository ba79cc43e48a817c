"""The scorer on hand-made tiny tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.scoring import adjacency_relations, format_report, main, score, table_grid

TRUTH_TABLE = {
    "id": "t01",
    "kind": "data",
    "header_rows": [["Year", "Total"]],
    "rows": [["2020", "5"], ["2021", ""]],
}
LAYOUT_TABLE = {"id": "t02", "kind": "layout", "header_rows": [["Key", ""]], "rows": [["—", "Upper"]]}


def _truth_dir(tmp_path: Path) -> Path:
    d = tmp_path / "truth"
    d.mkdir()
    (d / "a.json").write_text(json.dumps({"paper": "a.pdf", "tables": [TRUTH_TABLE, LAYOUT_TABLE]}))
    return d


def test_adjacency_relations_skip_empty_cells() -> None:
    rel = adjacency_relations([["a", "", "b"], ["", "", "c"], ["d", "e", "f"]])
    assert rel == {
        ("a", "b", "h"): 1,
        ("a", "d", "v"): 1,
        ("b", "c", "v"): 1,
        ("c", "f", "v"): 1,
        ("d", "e", "h"): 1,
        ("e", "f", "h"): 1,
    }


def test_table_grid_collapses_whitespace() -> None:
    assert table_grid({"header_rows": [["  A \n b "]], "rows": [["1"]]}) == [["A b"], ["1"]]


def test_exact_prediction_scores_one(tmp_path: Path) -> None:
    pred = {"papers": [{"file": "a.pdf", "tables": [dict(TRUTH_TABLE, header_rows=[["Year ", " Total"]])]}]}
    rep = score(_truth_dir(tmp_path), pred)
    assert (rep.exact, rep.total) == (1, 1)  # the layout table is not scored
    assert rep.f1 == pytest.approx(1.0)


def test_wrong_cell_costs_its_relations(tmp_path: Path) -> None:
    wrong = {"id": "p1", "header_rows": [["Year", "Total"]], "rows": [["2020", "6"], ["2021", ""]]}
    rep = score(_truth_dir(tmp_path), {"papers": [{"file": "a.pdf", "tables": [wrong]}]})
    # truth relations: Year-Total h, Year-2020 v, Total-5 v, 2020-5 h, 2020-2021 v = 5
    t = rep.tables[0]
    assert (t.exact, t.truth_relations, t.predicted_relations, t.true_positives) == (False, 5, 5, 3)
    assert rep.precision == pytest.approx(0.6) and rep.recall == pytest.approx(0.6)


def test_best_matching_table_is_chosen(tmp_path: Path) -> None:
    other = {"id": "p1", "header_rows": [["x", "y"]], "rows": [["1", "2"]]}
    pred = {"papers": [{"file": "a.pdf", "tables": [other, dict(TRUTH_TABLE, id="p2")]}]}
    rep = score(_truth_dir(tmp_path), pred)
    assert rep.tables[0].predicted_id == "p2" and rep.exact == 1


def test_missing_paper_scores_zero(tmp_path: Path) -> None:
    rep = score(_truth_dir(tmp_path), {"papers": []})
    assert rep.exact == 0 and rep.recall == 0.0 and rep.tables[0].predicted_id is None
    assert "tables exact 0/1" in format_report(rep)


def test_cli_prints_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps({"papers": [{"file": "a.pdf", "tables": [TRUTH_TABLE]}]}))
    assert main([str(_truth_dir(tmp_path)), str(pred)]) == 0
    assert "tables exact 1/1" in capsys.readouterr().out
