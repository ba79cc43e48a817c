"""The board checks as Great Expectations (GX Core 1.x) expectations.

Every ``Check`` of ``boardpack.validation.checks`` becomes an expectation named
``expect_<check name>`` (``expect_parts_sum_to_total``…), made here from the check
registry: a new check class is a new expectation with no further plumbing.  The
arithmetic stays in the check classes; GX runs them through two metrics:

* ``board_checks.context`` (per batch domain): the domain's rows as observations, their
  series rules and table grids, built once and shared by every board expectation of a
  suite (they share the suite's row condition, so GX resolves it once);
* ``board_check.results`` (per check and config): the check's results on that context.

The checks that need no family (``boardpack.validation.cell_checks``) run the same way
over the batch of tidy cells (``boardpack.validation.cell_frame``), through
``cell_checks.context`` (the cells and their total lines, built once) and
``cell_check.results``: ``expect_cell_parts_sum_to_total`` and the rest.

An expectation fails when any of its results fails (an error or a warning: each failure
keeps its own severity); its GX result carries every failure as ``ValidationResult``
data in ``result.details``, which is what the store records and what the renderers below
show in Data Docs: the arithmetic, and the paper, page, table, row, column and key of
each failing figure.  What a check could not decide (``checked=False``: a total that may
not be a sum) is carried the same way, under ``not_checked``, and never fails it.  Passes are counted (``element_count``), not listed: GX deep-copies
and re-serialises a result several times over, so a list of every passing total of a
thousand papers would cost more than the checks themselves.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import ExecutionEngine, PandasExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation, _style_row_condition
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider
from great_expectations.expectations.row_conditions import RowConditionType
from great_expectations.render import (
    CollapseContent,
    LegacyDiagnosticRendererType,
    LegacyRendererType,
    RenderedStringTemplateContent,
    RenderedTableContent,
)
from great_expectations.render.renderer.renderer import renderer
from great_expectations.render.renderer_configuration import RendererConfiguration, RendererValueType
from great_expectations.render.util import parse_row_condition_string
from great_expectations.validator.metric_configuration import MetricConfiguration

from boardpack.models import ValidationResult
from boardpack.validation.cell_checks import CellCheck, CellContext, all_cell_checks
from boardpack.validation.cell_checks.base import cell_check_named
from boardpack.validation.checks import Check, CheckConfig, CheckContext, all_checks
from boardpack.validation.checks.base import EXPECTATION_PREFIX, check_named
from boardpack.validation.frame import frame_observations, frame_rules
from boardpack.validation.rendering import failures_table, observed_text, statement, text

CONTEXT_METRIC = "board_checks.context"
RESULTS_METRIC = "board_check.results"
CELL_CONTEXT_METRIC = "cell_checks.context"
CELL_RESULTS_METRIC = "cell_check.results"

AnyCheck = type[Check] | type[CellCheck]


def expectation_type(check: AnyCheck | Check | CellCheck) -> str:
    """The GX expectation type a check runs as."""
    return EXPECTATION_PREFIX + check.name


class BoardChecksContext(TableMetricProvider):
    """The domain's rows as a ``CheckContext``: observations, series rules, table grids."""

    metric_name = CONTEXT_METRIC

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(
        cls,
        execution_engine: PandasExecutionEngine,
        metric_domain_kwargs: dict[str, Any],
        metric_value_kwargs: dict[str, Any],
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any],
    ) -> CheckContext:
        frame, _, _ = execution_engine.get_compute_domain(
            metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE
        )
        return cls.context_of(frame)

    @classmethod
    def context_of(cls, frame: Any) -> Any:
        """The checks' context of the domain's rows."""
        return CheckContext.of(frame_observations(frame), frame_rules(frame), {}, CheckConfig())


class BoardCheckResults(TableMetricProvider):
    """Every result of one check (``check``, with ``config`` knobs) on the domain."""

    metric_name = RESULTS_METRIC
    value_keys = ("check", "config")
    context_metric = CONTEXT_METRIC

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(
        cls,
        execution_engine: PandasExecutionEngine,
        metric_domain_kwargs: dict[str, Any],
        metric_value_kwargs: dict[str, Any],
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any],
    ) -> list[ValidationResult]:
        return cls.results_of(metrics[cls.context_metric], metric_value_kwargs)

    @classmethod
    def results_of(cls, context: Any, values: dict[str, Any]) -> list[ValidationResult]:
        """The results of the check ``values`` name (with its ``config``) on the context."""
        config = CheckConfig(**(values.get("config") or {}))
        return list(check_named(values["check"]).validate(replace(context, config=config)))

    @classmethod
    def _get_evaluation_dependencies(
        cls,
        metric: MetricConfiguration,
        configuration: ExpectationConfiguration | None = None,
        execution_engine: ExecutionEngine | None = None,
        runtime_configuration: dict[str, Any] | None = None,
    ) -> dict[str, MetricConfiguration]:
        dependencies: dict[str, MetricConfiguration] = super()._get_evaluation_dependencies(
            metric=metric, configuration=configuration, execution_engine=execution_engine,
            runtime_configuration=runtime_configuration,
        )  # fmt: skip
        dependencies[cls.context_metric] = MetricConfiguration(
            metric_name=cls.context_metric, metric_domain_kwargs=metric.metric_domain_kwargs
        )
        return dependencies


class CellChecksContext(BoardChecksContext):
    """The domain's rows (tidy cells) as a ``CellContext``, total lines built once."""

    metric_name = CELL_CONTEXT_METRIC

    @classmethod
    def context_of(cls, frame: Any) -> CellContext:
        """The cell checks' context of the domain's rows."""
        return CellContext.of(frame)


class CellCheckResults(BoardCheckResults):
    """Every result of one cell check (``check``) on the domain's tidy cells."""

    metric_name = CELL_RESULTS_METRIC
    context_metric = CELL_CONTEXT_METRIC

    @classmethod
    def results_of(cls, context: Any, values: dict[str, Any]) -> list[ValidationResult]:
        """The results of the cell check ``values`` name on the cells' context."""
        return list(cell_check_named(values["check"]).validate(context))


class BoardCheckExpectation(BatchExpectation):
    """A board check run as an expectation; one subclass per check (made below)."""

    check: ClassVar[AnyCheck | None] = None
    results_metric: ClassVar[str] = RESULTS_METRIC
    row_condition: RowConditionType = None
    config: dict[str, float] | None = None
    """Values for the check's ``knobs`` (``CheckConfig`` fields), e.g. jump bounds."""

    metric_dependencies = (RESULTS_METRIC,)
    domain_keys: ClassVar[tuple[str, ...]] = ("batch_id", "row_condition")
    success_keys = ("config",)
    args_keys = ()

    @classmethod
    def is_abstract(cls) -> bool:
        """Only the per-check subclasses are registered with GX."""
        return cls.check is None or super().is_abstract()

    def get_validation_dependencies(
        self,
        execution_engine: ExecutionEngine | None = None,
        runtime_configuration: dict[str, Any] | None = None,
    ) -> Any:
        """GX's table-domain dependencies, with the check's name and config as the
        results metric's values (they are class facts, not expectation kwargs)."""
        dependencies = super().get_validation_dependencies(execution_engine, runtime_configuration)
        found = dependencies.get_metric_configuration(self.results_metric)
        assert self.check is not None and found is not None
        dependencies.set_metric_configuration(
            self.results_metric,
            MetricConfiguration(
                metric_name=self.results_metric,
                metric_domain_kwargs=found.metric_domain_kwargs,
                metric_value_kwargs={
                    "check": self.check.name,
                    "config": dict(sorted((self.config or {}).items())),
                },
            ),
        )
        return dependencies

    def _validate(
        self,
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any] | None = None,
        execution_engine: ExecutionEngine | None = None,
    ) -> dict[str, Any]:
        results: list[ValidationResult] = metrics[self.results_metric]
        failures = [r for r in results if not r.success]
        undecided = [r for r in results if not r.checked]
        details: dict[str, Any] = {"failures": [failure_data(r) for r in failures]}
        if undecided:
            details["not_checked"] = [failure_data(r) for r in undecided]
        return {
            "success": not failures,
            "result": {
                "observed_value": observed_text(results),
                "element_count": len(results),
                "unexpected_count": len(failures),
                "details": details,
            },
        }

    @classmethod
    def _prescriptive_template(cls, renderer_configuration: RendererConfiguration) -> RendererConfiguration:
        assert cls.check is not None
        template = cls.check.summary()
        config = renderer_configuration.kwargs.get("config") or {}
        for name in sorted(config):
            renderer_configuration.add_param(
                name=name, param_type=RendererValueType.NUMBER, value=config[name]
            )
        if config:
            template += " Bounds: " + ", ".join(f"{name} = ${name}" for name in sorted(config)) + "."
        renderer_configuration.template_str = template
        return renderer_configuration

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(
        cls,
        configuration: ExpectationConfiguration | None = None,
        result: Any = None,
        runtime_configuration: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> list[RenderedStringTemplateContent]:
        assert cls.check is not None
        config = (configuration.kwargs.get("config") if configuration else None) or {}
        params: dict[str, Any] = {}
        template = cls.check.summary().replace("$", "$$")
        if config:
            params.update({f"knob_{k}": f"{k} = {v}" for k, v in sorted(config.items())})
            template += " Bounds: " + ", ".join(f"$knob_{k}" for k in sorted(config)) + "."
        styling = (runtime_configuration or {}).get("styling")
        condition = configuration.kwargs.get("row_condition") if configuration else None
        if condition:
            template, styling = _style_row_condition(
                parse_row_condition_string(condition), template, params, styling
            )
        return [text(template, params, styling)]

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.OBSERVED_VALUE)
    def _diagnostic_observed_value_renderer(
        cls,
        configuration: ExpectationConfiguration | None = None,
        result: Any = None,
        runtime_configuration: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> str:
        if result is None or not result.result:
            return "--"
        return str(result.result.get("observed_value", "--"))

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.UNEXPECTED_STATEMENT)
    def _diagnostic_unexpected_statement_renderer(
        cls,
        configuration: ExpectationConfiguration | None = None,
        result: ExpectationValidationResult | None = None,
        runtime_configuration: dict[Any, Any] | None = None,
    ) -> list[RenderedStringTemplateContent | CollapseContent]:
        if result is None or result.success or not result.result:
            return []
        return [statement(str(result.result.get("observed_value", "")))]

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.UNEXPECTED_TABLE)
    def _diagnostic_unexpected_table_renderer(
        cls,
        configuration: ExpectationConfiguration | None = None,
        result: ExpectationValidationResult | None = None,
        runtime_configuration: dict[Any, Any] | None = None,
    ) -> list[RenderedTableContent | CollapseContent] | None:
        details = ((result.result or {}).get("details") or {}) if result else {}
        shown = [*(details.get("failures") or []), *(details.get("not_checked") or [])]
        if not shown:
            return None
        return [failures_table(shown)]


def failure_data(r: ValidationResult) -> dict[str, Any]:
    """A failing result as a GX result carries it: its suite and check are the GX
    suite and expectation type the result sits under, so they are left out."""
    data = r.to_dict()
    del data["suite"], data["check"]
    return data


class CellCheckExpectation(BoardCheckExpectation):
    """A cell check run as an expectation on the batch of tidy cells; one subclass per check."""

    results_metric: ClassVar[str] = CELL_RESULTS_METRIC
    metric_dependencies = (CELL_RESULTS_METRIC,)


def _expectation_class(check: AnyCheck, base: type[BoardCheckExpectation]) -> type[BoardCheckExpectation]:
    """The expectation class of one check.  GX names a class's expectation type by
    snake-casing the class name, so the name is ``Expect_<check name>``."""
    name = "E" + expectation_type(check)[1:]
    made: Any = type(name, (base,), {"check": check, "__doc__": check.summary(), "__module__": __name__})
    assert made.expectation_type == expectation_type(check), made.expectation_type
    return made


EXPECTATIONS: dict[str, type[BoardCheckExpectation]] = {
    **{expectation_type(c): _expectation_class(type(c), BoardCheckExpectation) for c in all_checks()},
    **{expectation_type(c): _expectation_class(type(c), CellCheckExpectation) for c in all_cell_checks()},
}
"""Every board and cell expectation class by its GX expectation type (registered with GX on import)."""
