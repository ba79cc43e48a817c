"""The GX suites of schemas/expectations and the checkpoint that runs them: files in sync
with their generator, the board checks inside GX with the same findings as the checks
run on their own, and row conditions (GX Condition objects) selecting the right rows."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from validation_corpus import corpus_observations, meeting_dates, obs

from boardpack.models import ValidationResult
from boardpack.schema_index import COMMON_SUITE
from boardpack.validation.cell_checks import CELL_SUITE, all_cell_checks
from boardpack.validation.checks import all_checks, run_checks
from boardpack.validation.suites import SUITES_DIR, known_categories, suites
from schemas.registry import default_schemas


def test_every_suite_the_schemas_name_has_its_file_in_sync_with_the_generator() -> None:
    named = {s.expectation_suite for s in default_schemas() if s.unmapped is None}
    on_disk = {p.stem for p in SUITES_DIR.glob("*.json")}
    assert named | {COMMON_SUITE, CELL_SUITE} == on_disk
    for name, spec in suites(default_schemas(), known_categories()).items():
        stored = json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert stored == spec, f"{name}.json is stale: run python -m boardpack.validation.suites"


def test_every_category_the_corpus_prints_is_known_to_the_suites() -> None:
    known = known_categories()
    unknown = {(o.series_id, o.category_id) for o in corpus_observations()} - {
        (s, c) for s, cs in known.items() for c in cs
    }
    assert unknown == set()


def test_each_suite_carries_the_board_checks_its_families_need() -> None:
    specs = {
        name: {e["type"] for e in spec["expectations"]}
        for name, spec in suites(default_schemas(), {}).items()
    }
    every = {f"expect_{c.name}" for c in all_checks()}
    assert every <= specs[COMMON_SUITE]
    # cadets, specials and change benefits add up to totals; no weighted means among them
    assert "expect_parts_sum_to_total" in specs["parts_sum_to_total"]
    assert "expect_weighted_mean_of_parts" not in specs["parts_sum_to_total"]
    assert "expect_shares_sum_to_100" in specs["shares_sum_to_100"]
    for name, types in specs.items():
        if name == CELL_SUITE:  # the checks that need no family, on the other batch: tidy cells
            assert types == {f"expect_{c.name}" for c in all_cell_checks()}
            continue
        assert {"expect_period_before_meeting", "expect_figures_agree_across_reports",
                "expect_jump_between_periods"} <= types, name  # fmt: skip


def test_suites_use_condition_objects_not_deprecated_strings() -> None:
    for path in SUITES_DIR.glob("*.json"):
        for e in json.loads(path.read_text(encoding="utf-8"))["expectations"]:
            condition = e["kwargs"].get("row_condition")
            assert condition is None or isinstance(condition, dict), (path.name, e["type"])
            assert "condition_parser" not in e["kwargs"], (path.name, e["type"])


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from boardpack.validation.gx_suites import GXValidator

    return GXValidator(Path(tmp_path_factory.mktemp("gx")))


def _finding(r: ValidationResult) -> tuple[object, ...]:
    return (r.check.removeprefix("expect_"), r.severity, r.paper_sha256, r.table_id, r.row, r.col,
            r.series_id, r.category_id, r.period_start, r.period_end, r.expected, r.observed, r.message)  # fmt: skip


@pytest.mark.slow
def test_the_checkpoint_finds_what_the_board_checks_find_and_nothing_else(validator) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # no string row conditions left
        results = validator.validate("corpus", corpus_observations(), build_docs=False)
    failed = [r for r in results if not r.success]
    alone = [
        r for r in run_checks(corpus_observations(), default_schemas(), meeting_dates()) if not r.success
    ]
    assert sorted(map(_finding, failed), key=str) == sorted(map(_finding, alone), key=str)
    assert len(failed) == 9  # 3 errors, the explained warning down and across, 4 jumps
    # every result names the GX suite its expectation ran in: the family's
    cadets = next(r for r in failed if r.table_id == "t08")
    assert (cadets.suite, cadets.check) == ("parts_sum_to_total", "expect_parts_sum_to_total")
    from boardpack.validation.gx_suites import ACROSS_SUFFIX

    # the checks that compare papers run in each suite's ``_across`` twin, over every paper
    passed = {r.suite for r in results if r.success}
    assert {s.removesuffix(ACROSS_SUFFIX) for s in passed} == set(suites(default_schemas(), {}))
    agreement = {r.suite for r in results if r.check == "expect_figures_agree_across_reports"}
    assert agreement and all(s.endswith(ACROSS_SUFFIX) for s in agreement)


@pytest.mark.slow
def test_row_conditions_select_read_cells_percentages_and_the_suites_rows(validator) -> None:  # type: ignore[no-untyped-def]
    base = dict(series_id="hires_female_pct_by_entry_route", category_id="pcda", unit="percent")
    cells = [
        obs("35.5%", 1, 2, **base),
        obs("", 2, 2, **{**base, "category_id": "dhep"}),  # missing: no number expected
        obs("150%", 3, 2, **{**base, "category_id": "police_now"}),  # out of range
        obs("12%", 4, 2, **{**base, "category_id": "martians"}),  # category never printed
        obs("", 5, 2, **{**base, "category_id": "dc_dhep", "value_status": "ok"}),  # read, no number
        obs("7%", 6, 2, series_id="drafted_pct", category_id="new", unit="percent"),  # no family suite
    ]
    results = validator.validate("synthetic", cells, build_docs=False)
    failed = sorted((r.check, r.row) for r in results if not r.success)
    assert failed == [
        ("expect_column_values_to_be_between", 3),
        ("expect_column_values_to_be_in_set", 4),
        ("expect_column_values_to_not_be_null", 5),
    ]
    (between,) = [r for r in results if r.check == "expect_column_values_to_be_between" and not r.success]
    assert (between.category_id, between.period_start, between.observed) == (
        "police_now",
        "2022-01-01",
        "150%",
    )


@pytest.mark.slow
def test_a_total_that_misses_its_parts_fails_in_its_familys_suite(validator) -> None:  # type: ignore[no-untyped-def]
    # specials_by_hours is in the parts_sum_to_total suite; 146 + 144 printed as 291
    base = dict(series_id="specials_by_hours_band", unit="people", period_label="Nov-21")
    cells = [obs("146", 1, 1, **base, category_id="under_16hrs"), obs("144", 2, 1, **base, category_id="over_16hrs"),
             obs("291", 3, 1, total=True, **base, category_id="total")]  # fmt: skip
    results = validator.validate("specials", cells, build_docs=False)
    (failed,) = [r for r in results if not r.success]
    assert (failed.suite, failed.check, failed.severity) == (
        "parts_sum_to_total",
        "expect_parts_sum_to_total",
        "error",
    )
    assert "146 + 144 = 290 ≠ 291 (off by 1; exact count)" in failed.message
    assert failed.figure_keys == (("specials_by_hours_band", "total", "2022-01-01/2022-01-31", "sha-p"),)
    passed = replace(cells[2], value=290.0, value_text="290")
    assert all(
        r.success for r in validator.validate("specials-fixed", [*cells[:2], passed], build_docs=False)
    )


@pytest.mark.slow
def test_an_expectation_that_cannot_run_is_an_error_naming_why(tmp_path: Path) -> None:
    from boardpack.validation.gx_suites import GXValidator, load_suite_specs

    spec = load_suite_specs()["parts_sum_to_total"]
    for e in spec["expectations"]:
        if e["type"] == "expect_jump_between_periods":
            e["kwargs"]["config"] = {"jump_pointz": 3}  # a typo in a suite file
    validator = GXValidator(tmp_path, specs={"parts_sum_to_total": spec})
    results = validator.validate(
        "typo", [obs("146", 1, 1, series_id="specials_by_hours_band")], build_docs=False
    )
    (failed,) = [r for r in results if not r.success]
    assert (failed.check, failed.severity) == ("expect_jump_between_periods", "error")
    assert "could not be checked" in failed.message and "jump_pointz" in failed.message
    assert sum(r.success for r in results) == 4  # the suite's other checks still ran


def test_the_flow_learns_which_checks_compare_papers_without_importing_gx() -> None:
    # Regression: asking it imported GX into the flow's process, seconds a rerun paid
    # while GX was already imported in its own process.
    probe = (
        "import sys\n"
        "from boardpack.validation.gx_suites import across_types\n"
        "print(sorted(across_types()), 'great_expectations' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['expect_figures_agree_across_reports', 'expect_jump_between_periods'] False"
