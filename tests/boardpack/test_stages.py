"""Stage functions that need no flow: figure statuses from validation results."""

from __future__ import annotations

from dataclasses import replace

from boardpack.models import ValidationResult
from boardpack.stages import observation_status
from tests.validation.validation_corpus import obs


def _failed(o, severity: str = "error", also=()):  # type: ignore[no-untyped-def]
    return ValidationResult(
        "s", "expect_x", False, severity, "m", series_id=o.series_id, paper_file=o.paper_file, page=o.page,
        table_id=o.table_id, row=o.row, col=o.col, paper_sha256=o.paper_sha256, category_id=o.category_id,
        period_start=o.period_start, period_end=o.period_end, also_figures=tuple(a.key for a in also),
    )  # fmt: skip


def test_a_failure_on_a_count_leaves_its_bracketed_share_in_the_same_cell_passed() -> None:
    # "120 (10%)": one cell, two figures (the count and its share); the error is the count's
    count = obs("120 (10%)", 2, 1, series_id="uplift", category_id="officers")
    share = replace(count, series_id="uplift_share", value=10.0, unit="percent")
    status = observation_status([count, share], [_failed(count)])
    assert status == {count.key: "failed", share.key: "passed"}


def test_an_error_outranks_a_warning_and_covered_figures_share_the_status() -> None:
    a, b, c = (obs("5", r, 1) for r in (1, 2, 3))
    results = [_failed(a, "warning"), _failed(a, "error"), _failed(b, "warning", also=[c])]
    assert observation_status([a, b, c], results) == {a.key: "failed", b.key: "warning", c.key: "warning"}


def test_passes_and_results_about_no_figure_change_nothing() -> None:
    a = obs("5", 1, 1)
    results = [ValidationResult("common", "expect_y", False, "error", "column type"),
               replace(_failed(a), success=True)]  # fmt: skip
    assert observation_status([a], results) == {a.key: "passed"}
