"""The shape every check has: a small class with ``validate(ctx)`` yielding results.

Adding a check is adding a module to this package that defines a ``Check`` subclass; the
package imports every module and ``all_checks()`` lists the subclasses by name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from boardpack.models import Severity, ValidationResult
from boardpack.validation.checks.config import CheckConfig
from boardpack.validation.checks.rules import SeriesRule, series_rules
from boardpack.validation.checks.table_lines import TableGrid, TableKey, table_grids
from schemas.records import Observation
from schemas.spec import Schema

EXPECTATION_PREFIX = "expect_"
"""A check runs in GX as the expectation ``EXPECTATION_PREFIX + check.name``."""

SUITE = "board_checks"
"""The ``suite`` of results given by ``run_checks`` outside GX; run as GX expectations
(``boardpack.validation.expectations``), each result takes its GX suite's name."""

_REGISTRY: dict[str, type[Check]] = {}


@dataclass
class CheckContext:
    """What every check reads: the observations, their series rules, meeting dates (by
    paper sha256 and by file name) and the configuration.  Built once per run."""

    observations: Sequence[Observation]
    rules: Mapping[str, SeriesRule]
    meeting_dates: Mapping[str, str | None]
    config: CheckConfig
    tables: dict[TableKey, TableGrid] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        observations: Sequence[Observation],
        schemas: Iterable[Schema],
        meeting_dates: Mapping[str, str | None] | None,
        config: CheckConfig,
    ) -> CheckContext:
        """The context of one run, with the tables grouped once (O(n))."""
        return cls.of(observations, series_rules(schemas, config.forward_looking), meeting_dates, config)

    @classmethod
    def of(
        cls,
        observations: Sequence[Observation],
        rules: Mapping[str, SeriesRule],
        meeting_dates: Mapping[str, str | None] | None,
        config: CheckConfig,
    ) -> CheckContext:
        """The context of observations whose series rules are already known."""
        return cls(observations, rules, dict(meeting_dates or {}), config, table_grids(observations))

    def meeting_date(self, o: Observation) -> str | None:
        """The meeting date of the observation's paper: given by sha256 or file name, else
        the one the observation carries."""
        for key in (o.paper_sha256, o.paper_file):
            if key in self.meeting_dates:
                return self.meeting_dates[key]
        return o.meeting_date


class Check(ABC):
    """One kind of board-table check.  Subclasses set ``name`` and yield results.

    The first line of a subclass's docstring says what the check expects (Data Docs show
    it); ``aggregates`` names the series aggregates it checks (None: every series), so a
    suite carries the check only when its families have such series; ``severity`` is the
    worst its failures can be; ``knobs`` are the ``CheckConfig`` fields it reads, set per
    suite in the expectation's ``config``.
    """

    name: ClassVar[str]
    aggregates: ClassVar[frozenset[str] | None] = None
    severity: ClassVar[Severity] = "error"
    knobs: ClassVar[tuple[str, ...]] = ()
    across_papers: ClassVar[bool] = False
    """True when a result depends on other papers' figures: such a check runs over every
    paper on every run, the others once per paper (their results are kept per paper)."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            _REGISTRY[cls.name] = cls

    @abstractmethod
    def validate(self, ctx: CheckContext) -> Iterator[ValidationResult]:
        """Every result of this check on the run, failures and passes."""

    def result(
        self,
        o: Observation,
        message: str,
        *,
        success: bool,
        severity: Severity = "error",
        expected: str | None = None,
        observed: str | None = None,
        also: Sequence[Observation] = (),
    ) -> ValidationResult:
        """A result located at observation ``o`` (paper, page, table, row, col; and its
        key), also covering the cells and figures of ``also``."""
        others = [a for a in also if a is not o]
        return ValidationResult(
            suite=SUITE, check=self.name, success=success, severity=severity, message=message,
            series_id=o.series_id, paper_file=o.paper_file, page=o.page, table_id=o.table_id,
            row=o.row, col=o.col, expected=expected, observed=observed,
            also_cells=tuple((a.row, a.col) for a in others), paper_sha256=o.paper_sha256,
            category_id=o.category_id, period_start=o.period_start, period_end=o.period_end,
            also_figures=tuple(a.key for a in others),
        )  # fmt: skip

    @classmethod
    def summary(cls) -> str:
        """What the check expects, in one sentence (its docstring's first line)."""
        return (cls.__doc__ or cls.name).strip().splitlines()[0]


def check_named(name: str) -> Check:
    """An instance of the registered check called ``name`` (KeyError naming it if none)."""
    if name not in _REGISTRY:
        raise KeyError(f"no board check named {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name]()


def across_paper_checks() -> frozenset[str]:
    """The names of the checks whose results depend on other papers' figures."""
    return frozenset(name for name, cls in _REGISTRY.items() if cls.across_papers)


def all_checks() -> list[Check]:
    """An instance of every registered check, sorted by name (a stable result order)."""
    return [_REGISTRY[name]() for name in sorted(_REGISTRY)]


def label(o: Observation) -> str:
    """Where a figure sits, in words: series / category / period."""
    return f"{o.series_id} / {o.category_label or o.category_id} / {o.period_label}"
