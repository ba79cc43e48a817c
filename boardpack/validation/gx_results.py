"""GX validation results read back as ``ValidationResult`` records for the store.

What GX stored (and Data Docs render) is the only source: a board expectation's results
are the ``ValidationResult`` data its GX result carries; a column expectation's failures
are the rows GX lists, each named by its figure's key and cell
(``unexpected_index_column_names``), one record per failing figure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from boardpack.models import Severity, ValidationResult
from schemas.records import Observation

_Place = tuple[str, str, int, int, str]
"""(paper_sha256, table_id, row, col, series_id): one figure's cell."""


def severity_of(config: Any) -> Severity:
    """Our severity of a GX expectation: ``warning`` for GX's warning and info, else error."""
    severity = getattr(config, "severity", "critical")
    # GX gives a FailureSeverity enum, whose str() is "FailureSeverity.CRITICAL".
    return "error" if str(getattr(severity, "value", severity)).lower() == "critical" else "warning"


def suite_results(suite_run: Any, observations: Sequence[Observation]) -> list[ValidationResult]:
    """Every record of one suite's GX result (an ``ExpectationSuiteValidationResult``)."""
    suite = suite_run.suite_name
    find = _finder(observations)
    out: list[ValidationResult] = []
    for er in suite_run.results:
        details = (er.result or {}).get("details") or {}
        problem = raised(er)
        if problem is not None:
            config = er.expectation_config
            out.append(
                ValidationResult(suite, config.type, False, "error", f"could not be checked: {problem}")
            )
        elif "failures" in details:
            out.extend(board_results(suite, er))
        else:
            out.extend(column_results(suite, er, find))
    return out


def raised(er: Any) -> str | None:
    """The exception an expectation raised instead of giving a result, if it did (GX
    keeps it per metric: ``{metric id: {exception_message, ...}}``, or flat)."""
    info = er.exception_info or {}
    found = [info, *[v for v in info.values() if isinstance(v, dict)]]
    for entry in found:
        if entry.get("raised_exception"):
            return str(entry.get("exception_message") or "an exception")
    return None


def board_results(suite: str, er: Any) -> list[ValidationResult]:
    """A board expectation's failures under its suite and type, or one record for the
    expectation when it passed (its checks are counted, not listed); then what it could
    not decide (``checked`` False), one record each."""
    config = er.expectation_config
    details = er.result["details"]
    undecided = [ValidationResult.from_dict({**d, "suite": suite, "check": config.type})
                 for d in details.get("not_checked") or []]  # fmt: skip
    if er.success:
        why = (config.meta or {}).get("why", "")
        observed = str(er.result.get("observed_value", ""))
        passed = ValidationResult(
            suite, config.type, True, severity_of(config), f"passed: {why}", observed=observed
        )
        return [passed, *undecided]
    found = details["failures"]
    return [
        *(ValidationResult.from_dict({**d, "suite": suite, "check": config.type}) for d in found),
        *undecided,
    ]


def column_results(
    suite: str, er: Any, find: Callable[[dict[str, Any]], Observation | None]
) -> list[ValidationResult]:
    """A column expectation's result: one record per failing figure, or one for the
    expectation when it passed or failed as a whole."""
    config = er.expectation_config
    why = (config.meta or {}).get("why", "")
    severity = severity_of(config)
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "row_condition")}
    expected = json.dumps(kwargs, default=str)
    if er.success:
        return [ValidationResult(suite, config.type, True, severity, f"passed: {why}", expected=expected)]
    out = []
    for entry in (er.result or {}).get("unexpected_index_list") or []:
        o = find(entry) if isinstance(entry, dict) else None
        if o is None:
            continue
        out.append(ValidationResult(
            suite, config.type, False, severity, f"{o.series_id} / {o.category_label} / {o.period_label}: {why}",
            series_id=o.series_id, paper_file=o.paper_file, page=o.page, table_id=o.table_id, row=o.row,
            col=o.col, expected=expected, observed=o.value_text, paper_sha256=o.paper_sha256,
            category_id=o.category_id, period_start=o.period_start, period_end=o.period_end,
        ))  # fmt: skip
    if not out:  # a failure GX did not tie to rows (e.g. the column's type)
        observed = json.dumps(er.result, default=str)[:500]
        out.append(ValidationResult(suite, config.type, False, severity, f"failed: {why}", expected=expected,
                                    observed=observed))  # fmt: skip
    return out


def _finder(observations: Sequence[Observation]) -> Callable[[dict[str, Any]], Observation | None]:
    """A look-up of the observation a failing GX row names (built on first use)."""
    index: dict[_Place, Observation] = {}

    def find(entry: dict[str, Any]) -> Observation | None:
        if not index:
            index.update({(o.paper_sha256, o.table_id, o.row, o.col, o.series_id): o for o in observations})
        place = (entry.get("paper_sha256"), entry.get("table_id"), entry.get("row"), entry.get("col"),
                 entry.get("series_id"))  # fmt: skip
        return index.get(place)  # type: ignore[arg-type]

    return find
