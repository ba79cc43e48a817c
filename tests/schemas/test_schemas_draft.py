"""Onboarding a board: a family drafted from one table loads and maps that table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from boardpack.cli import main
from extractors.records import Cell, Table
from schemas.draft import draft_family, family_yaml, generalised
from schemas.mapping import map_paper
from schemas.registry import SCHEMA_DIR, load_schema, load_schemas
from tests.conftest import RAW_PAPERS
from tests.schemas.schemas_truth import paper, truth_tables

P2022 = "2022-09_spcb_fairness-and-belonging.pdf"


def _write(doc: dict[str, object], folder: Path) -> Path:
    path = folder / f"{doc['family']}.yaml"
    path.write_text(family_yaml(doc, "test"), encoding="utf-8")
    return path


def test_draft_of_a_corpus_table_loads_and_maps_it(tmp_path: Path) -> None:
    attrition = next(t for t in truth_tables(P2022) if t.id == "t04")
    doc = draft_family(attrition, "attrition_by_entry_route")
    assert doc["recognise"] == {
        "caption": ["attrition by entry route"],
        "header": ["^entry route$", "^leavers$", "^female$"],
    }
    assert doc["period"] == {"source": "caption", "pattern": r"(?P<period>From [a-z]+ \d+ to [a-z]+ \d+)"}
    assert doc["layout"]["cols"] == {"axis": "measure"} and doc["totals"] == [
        {"axis": "rows", "match": "^grand total$"}
    ]
    units = {m["title"]: (m["unit"], m["exact"], m["aggregate"]) for m in doc["measures"]}
    assert units["Leavers"] == ("count", True, "sum") and units["Female"] == (
        "percent",
        False,
        "weighted_mean",
    )

    schema = load_schema(_write(doc, tmp_path))
    result = map_paper(paper(P2022), [attrition], (schema,))
    assert [(m.family, m.observations) for m in result.mapped] == [("attrition_by_entry_route", 20)]
    assert len(result.cells) == 20 and result.issues == []
    late = {(o.period_start, o.period_end) for o in result.observations}
    assert late == {("2022-04-01", "2023-07-31")}
    assert {o.category_id for o in result.observations if o.is_total} == {"total"}


def test_a_draft_dropped_beside_the_shipped_families_maps_its_table(tmp_path: Path) -> None:
    for path in SCHEMA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    benefits = next(t for t in truth_tables("2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf")
                    if t.id == "t16")  # fmt: skip
    (tmp_path / "change_benefits_by_project.yaml").unlink()
    doc = draft_family(benefits, "benefits_by_programme")
    _write(doc, tmp_path)
    assert doc["layout"]["sections"] == "^(?:cashable|non-cashable)$"
    assert [m["section"] for m in doc["measures"]] == ["^cashable$", "^non-cashable$"]
    assert {"axis": "cols", "match": "^grand total £$"} in doc["totals"]
    families = load_schemas(tmp_path)
    p = paper("2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf")
    result = map_paper(p, [benefits], families)
    assert [(m.family, m.observations) for m in result.mapped] == [("benefits_by_programme", 73)]
    assert result.issues == []


def test_draft_of_a_synthetic_nhs_table() -> None:
    header = [["Site", "Q1 2024/25", "Q2 2024/25", "Total"]]
    rows = [
        ["Acute", "", "", ""],
        ["City Hospital", "1,200", "1,310", "2,510"],
        ["General Hospital", "950", "990", "1,940"],
        ["Community", "", "", ""],
        ["Clinics", "400", "-", "400"],
        ["Total", "2,550", "2,300", "4,850"],
    ]
    grid = [*header, *rows]
    cells = [Cell(r, c, t, 1, None) for r, row in enumerate(grid) for c, t in enumerate(row)]
    table = Table(
        "t01", "data", [1], "Table 4: Outpatient attendances by site", header, rows, [], "truth", 1.0, cells
    )
    doc = draft_family(table)
    assert doc["family"] == "outpatient_attendances_by_site"
    assert doc["layout"]["rows"] == {"axis": "category", "dimension": "site"}
    assert doc["layout"]["cols"] == {"axis": "period"}
    totals = doc["totals"]
    assert {"axis": "cols", "match": "^total$"} in totals and {"axis": "rows", "match": "^total$"} in totals
    schema_text = family_yaml(doc, "synthetic")
    assert schema_text.startswith("# Drafted by `boardpack schemas draft` from synthetic.")
    from schemas.spec import parse_schema

    schema = parse_schema(yaml.safe_load(schema_text), "outpatient_attendances_by_site.yaml")
    result = map_paper(paper(P2022), [table], (schema,))
    assert result.mapped and result.mapped[0].observations == len(result.cells) == 12
    periods = {o.period_label: (o.period_start, o.period_end) for o in result.observations}
    assert periods["Q2 2024/25"] == ("2024-07-01", "2024-09-30")
    assert periods["Total"] == ("2024-04-01", "2024-09-30")


def test_generalised_patterns_match_next_years_labels() -> None:
    import re

    assert re.fullmatch(generalised("nov-24"), "dec-25")
    assert re.fullmatch(generalised("2022/23 £"), "2023/24 £")


def test_cli_drafts_to_a_file_named_for_the_family(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "attrition.yaml"
    assert main(["schemas", "draft", str(RAW_PAPERS / P2022), "--table", "t04", "--out", str(out)]) == 0
    assert load_schema(out).family == "attrition"
    assert "it maps 20 observations of the table's 20 tidy cells" in capsys.readouterr().err
    assert main(["schemas", "draft", str(RAW_PAPERS / P2022), "--table", "t99"]) == 2
    assert "no table t99; its tables: t01 (data)" in capsys.readouterr().err
