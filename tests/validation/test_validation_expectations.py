"""The board checks as GX expectations: one per check, run and rendered by GX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from validation_corpus import obs

from boardpack.validation.cell_checks import all_cell_checks
from boardpack.validation.checks import all_checks
from boardpack.validation.expectations import EXPECTATIONS, expectation_type
from boardpack.validation.rendering import failure_row, observed_text


def test_every_board_and_cell_check_is_a_gx_expectation_named_for_it() -> None:
    from great_expectations.expectations.registry import get_expectation_impl

    checks = [*all_checks(), *all_cell_checks()]
    assert set(EXPECTATIONS) == {f"expect_{c.name}" for c in checks}
    for check in checks:
        cls = get_expectation_impl(expectation_type(check))
        assert cls is EXPECTATIONS[expectation_type(check)] and cls.check is type(check)


def test_the_failures_table_row_names_the_arithmetic_and_the_cell() -> None:
    failure = {"severity": "error", "message": "146 + 144 = 290 ≠ 291", "expected": "290", "observed": "291",
               "paper_file": "p.pdf", "page": 14, "table_id": "t15", "row": 3, "col": 1, "series_id": "s",
               "category_id": "total", "period_start": "2021-11-01", "period_end": "2021-11-30"}  # fmt: skip
    assert failure_row(failure) == ["error", "146 + 144 = 290 ≠ 291", "290", "291", "p.pdf", "14", "t15", "3", "1",
                                    "s / total / 2021-11-01 to 2021-11-30"]  # fmt: skip
    assert observed_text([]) == "nothing to check"


@pytest.mark.slow
def test_data_docs_show_a_hostile_cell_as_text_and_load_nothing_remote(tmp_path: Path) -> None:
    from boardpack.validation.gx_suites import GXValidator

    base = dict(series_id="specials_by_hours_band", unit="people", period_label="Nov-21")
    hostile = '<script>alert("x")</script><img src="https://example.com/x.png">'
    cells = [obs("146", 1, 1, **base, category_id="under_16hrs"),
             obs(hostile, 2, 1, **base, category_id="over_16hrs"),
             obs("291", 3, 1, total=True, **base, category_id="total")]  # fmt: skip
    validator = GXValidator(tmp_path)
    results = validator.validate("hostile", cells, build_docs=False)
    (failed,) = [r for r in results if not r.success and r.check == "expect_parts_sum_to_total"]
    assert failed.severity == "warning" and "cannot add up the parts, unreadable" in failed.message
    index = validator.build_docs()
    assert index is not None
    (page,) = index.parent.glob("validations/parts_sum_to_total/hostile/*/*.html")
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in text and "<script>alert" not in text
    assert re.search(r'<(?:script|link|img)\b[^>]*(?:src|href)="(?:https?:)?//', text) is None


@pytest.mark.slow
def test_a_run_with_no_figures_passes_every_suite(tmp_path: Path) -> None:
    from boardpack.validation.gx_suites import GXValidator

    results = GXValidator(tmp_path).validate("empty", [], build_docs=False)
    assert results and all(r.success for r in results)
