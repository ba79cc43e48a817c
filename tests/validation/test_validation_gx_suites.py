"""The GX suite files of schemas/expectations: one per suite the schemas name, in sync
with their builder, passing on the corpus, and row conditions working in GX 1.24."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from build_gx_suites import SUITES_DIR, suites
from validation_corpus import corpus_observations, obs

from boardpack.schema_index import suites_by_series
from boardpack.stages import group_by_suite
from schemas.registry import default_schemas


def test_every_suite_the_schemas_name_has_its_file_in_sync_with_the_builder() -> None:
    named = {s.expectation_suite for s in default_schemas() if s.unmapped is None}
    on_disk = {p.stem for p in SUITES_DIR.glob("*.json")}
    assert named <= on_disk
    for name, spec in suites().items():
        stored = json.loads((SUITES_DIR / f"{name}.json").read_text())
        assert stored == spec, f"{name}.json is stale: run tests/validation/build_gx_suites.py"


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from boardpack.validation.gx_suites import GXValidator

    return GXValidator(Path(tmp_path_factory.mktemp("gx")))


@pytest.mark.slow
def test_the_corpus_meets_every_suite(validator) -> None:  # type: ignore[no-untyped-def]
    results = validator.validate("corpus", group_by_suite(corpus_observations()), build_docs=False)
    assert [r for r in results if not r.success] == []
    assert {r.suite for r in results} == {"common", *suites_by_series().values()}


@pytest.mark.slow
def test_row_conditions_select_read_cells_and_percentages(validator) -> None:  # type: ignore[no-untyped-def]
    base = dict(series_id="hires_female_pct_by_entry_route", category_id="pcda", unit="percent")
    cells = [
        obs("35.5%", 1, 2, **base),
        obs("", 2, 2, **{**base, "category_id": "dhep"}),  # missing: no number expected
        obs("150%", 3, 2, **{**base, "category_id": "police_now"}),  # out of range
        obs("12%", 4, 2, **{**base, "category_id": "martians"}),  # category never printed
    ]
    cells.append(obs("", 5, 2, **{**base, "category_id": "dc_dhep", "value_status": "ok"}))  # read, no number
    suites = {"common": cells, "counts_and_shares_by_category": cells}
    results = validator.validate("synthetic", suites, build_docs=False)
    failed = sorted((r.check, r.row) for r in results if not r.success)
    assert failed == [
        ("expect_column_values_to_be_between", 3),
        ("expect_column_values_to_be_in_set", 4),
        ("expect_column_values_to_not_be_null", 5),
    ]
