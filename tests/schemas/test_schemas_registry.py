"""The YAML families load, are well formed, and a new family needs only a YAML file."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from schemas.mapping import map_paper
from schemas.recognise import recognise
from schemas.registry import SCHEMA_DIR, default_schemas, load_schemas, series_catalog
from schemas.spec import SchemaError, parse_schema
from tests.schemas.schemas_truth import corpus, paper, truth_tables

P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"


def test_every_yaml_loads_and_family_matches_file() -> None:
    schemas = default_schemas()
    assert len(schemas) == len(list(SCHEMA_DIR.glob("*.yaml")))
    assert all(s.family == Path(s.source).stem for s in schemas)


def test_series_ids_are_readable_and_unique() -> None:
    catalog = series_catalog()
    assert "ethnic_minority_pct_by_staff_type" in catalog
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", sid) for sid in catalog)
    info = catalog["hires_female_pct_by_entry_route"]
    assert (info.aggregate, info.weight, info.exact) == ("weighted_mean", "hires_by_entry_route", False)
    assert catalog["oh_referrals_by_reason"].exact is True


def test_no_recognition_pattern_mentions_a_file_name() -> None:
    for s in default_schemas():
        for p in (*s.recognise.caption, *s.recognise.header, *s.recognise.body):
            assert ".pdf" not in p and "spcb" not in p


def test_each_table_matches_exactly_one_family() -> None:
    for _, tables in corpus():
        for t in tables:
            if t.kind == "data":
                assert recognise(t, default_schemas()).schema is not None, t.id


def test_bad_yaml_names_file_and_key() -> None:
    with pytest.raises(SchemaError, match=r"x\.yaml: layout\.rows\.axis"):
        parse_schema(
            {
                "family": "x",
                "title": "X",
                "recognise": {"header": ["a"]},
                "layout": {"rows": {"axis": "diagonal"}, "cols": {"axis": "period"}},
            },
            "x.yaml",
        )
    with pytest.raises(SchemaError, match="period"):
        parse_schema(
            {
                "family": "x",
                "title": "X",
                "recognise": {"header": ["a"]},
                "layout": {"rows": {"axis": "category", "dimension": "d"}, "cols": {"axis": "single"}},
                "measures": [{"series_id": "s", "title": "S", "unit": "people", "exact": True}],
            },
            "x.yaml",
        )
    with pytest.raises(SchemaError, match="bad regex"):
        parse_schema({"family": "x", "title": "X", "recognise": {"header": ["("]}}, "x.yaml")


NEW_FAMILY = """
family: key_legend_counts
title: Chart legend entries (a test-only family)
expectation_suite: none
recognise:
  header: ['^key$']
layout:
  label_cols: [1]
  rows: {axis: category, dimension: legend_entry}
  cols: {axis: measure}
period: {source: context, context: meeting_date}
measures:
  - series_id: legend_marks
    title: Legend marks
    match: '^key$'
    unit: marks
    exact: true
"""


def test_a_new_family_is_just_a_yaml_file(tmp_path: Path) -> None:
    for src in SCHEMA_DIR.glob("*.yaml"):
        (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "key_legend_counts.yaml").write_text(NEW_FAMILY, encoding="utf-8")
    schemas = load_schemas(tmp_path)
    legend = copy.deepcopy(next(t for t in truth_tables(P2023) if t.id == "t09"))
    legend.kind = "data"
    legend.rows[0][0] = "3"
    result = map_paper(paper(P2023), [legend], schemas)
    assert [m.family for m in result.mapped] == ["key_legend_counts"]
    first = result.observations[0]
    assert (first.series_id, first.category_id, first.value, first.period_start) == (
        "legend_marks",
        "upper_bound",
        3.0,
        "2023-01-23",
    )
    assert sum(1 for o in result.observations if o.value_status == "nil") == 3  # the "—" marks


def test_period_from_a_title_header_row() -> None:
    from extractors.records import Table

    schema = parse_schema(
        {
            "family": "savings",
            "title": "Savings",
            "recognise": {"header": ["^saving$"]},
            "layout": {"rows": {"axis": "category", "dimension": "project"}, "cols": {"axis": "measure"}},
            "period": {"source": "title", "pattern": r"(FY\S+ to FY\S+)"},
            "measures": [
                {
                    "series_id": "saving_gbp",
                    "title": "Saving",
                    "unit": "gbp",
                    "exact": False,
                    "match": "^saving$",
                }
            ],
        },
        "savings.yaml",
    )
    table = Table(
        id="t01",
        kind="data",
        pages=[3],
        caption=None,
        header_rows=[["Cost & Benefits Summary - FY22/23 to FY26/27", ""], ["Project", "Saving"]],
        rows=[["Connect", "£140,900"]],
        bbox=[],
        method="ruled",
    )
    (o,) = map_paper(paper(P2023), [table], (schema,)).observations
    assert (o.period_start, o.period_end, o.period_label) == (
        "2022-04-01",
        "2027-03-31",
        "FY22/23 to FY26/27",
    )
    assert (o.value, o.row, o.col, o.page) == (140900.0, 2, 1, 3)
