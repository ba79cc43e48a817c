"""What a board expectation shows in Data Docs, as GX rendered content.

Every piece of text from a paper (messages quote cells) goes in as a string-template
parameter, which GX's page view HTML-escapes: a hostile cell stays text.  Plain string
cells of a GX table are not escaped, so none are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from great_expectations.render import RenderedStringTemplateContent, RenderedTableContent

from boardpack.models import ValidationResult

FAILURE_COLUMNS = ("severity", "arithmetic", "expected", "observed", "paper", "page", "table", "row", "col",
                   "figure (series / category / period)")  # fmt: skip
"""The columns of the failures table a board expectation shows in Data Docs."""


def failure_row(failure: Mapping[str, Any]) -> list[str]:
    """One failure, or one result not checked (as ``failure_data`` gives it), as the
    cells of ``FAILURE_COLUMNS``; a result about a tidy cell names no figure."""
    f = failure.get
    figure = f"{f('series_id')} / {f('category_id')} / {f('period_start')} to {f('period_end')}"
    if f("series_id") is None:
        figure = "(a tidy cell: no family)"
    severity = f("severity") if f("checked", True) else "not checked"
    cells = [severity, f("message"), f("expected"), f("observed"), f("paper_file"), f("page"), f("table_id"),
             f("row"), f("col"), figure]  # fmt: skip
    return ["" if c is None else str(c) for c in cells]


def observed_text(results: list[ValidationResult]) -> str:
    """What a board expectation observed, in words: how many places it checked and failed."""
    if not results:
        return "nothing to check"
    failures = [r for r in results if not r.success]
    undecided = sum(not r.checked for r in results)
    unchecked = f"; {undecided} not checked (undecidable)" if undecided else ""
    if not failures:
        return f"all {len(results) - undecided} passed{unchecked}"
    errors = sum(r.severity == "error" for r in failures)
    return (f"{len(failures)} of {len(results)} failed: {errors} error(s), {len(failures) - errors} "
            f"warning(s){unchecked}")  # fmt: skip


def text(
    template: str, params: dict[str, Any], styling: dict[str, Any] | None = None
) -> RenderedStringTemplateContent:
    """A string template; GX escapes its params, so cell text from a paper stays text."""
    return RenderedStringTemplateContent(
        content_block_type="string_template",
        string_template={"template": template, "params": params, "styling": styling or {}},
    )


def failures_table(failures: list[Mapping[str, Any]]) -> RenderedTableContent:
    """The failures of a board expectation as one table, a row per failing figure (and
    per result not checked)."""
    return RenderedTableContent(
        content_block_type="table",
        table=[[text("$v", {"v": cell}) for cell in failure_row(f)] for f in failures],
        header_row=list(FAILURE_COLUMNS),
        styling={"body": {"classes": ["table-bordered", "table-sm", "mt-3"]}},
    )


def statement(observed: str) -> RenderedStringTemplateContent:
    """The observed value of a failed board expectation, as a red bold statement."""
    content = text("$observed", {"observed": observed}, {"classes": ["text-danger"]})
    content.string_template["tag"] = "strong"
    return content
