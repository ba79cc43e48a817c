"""Board-table checks: the arithmetic an auditor would do by hand, on tidy observations.

``run_checks(observations, schemas, meeting_dates)`` runs every check of this package and
returns typed ``ValidationResult``s naming paper, page, table, row and column, the
expected and observed figures and the arithmetic.  Pure: no I/O, no Prefect, no GX.

Each check is a small ``Check`` subclass in its own module; every module of this package
is imported here, so adding a check is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping, Sequence

from boardpack.models import ValidationResult
from boardpack.validation.checks.base import SUITE, Check, CheckContext, all_checks
from boardpack.validation.checks.config import CheckConfig
from schemas.records import Observation
from schemas.spec import Schema

__all__ = ["SUITE", "Check", "CheckConfig", "CheckContext", "all_checks", "run_checks"]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def run_checks(
    observations: Sequence[Observation],
    schemas: Iterable[Schema],
    meeting_dates: Mapping[str, str | None] | None = None,
    config: CheckConfig | None = None,
) -> list[ValidationResult]:
    """Every check's results on the observations, in check-name order.

    ``schemas`` give each series' aggregation rule (series no schema declares are only
    date-, agreement- and jump-checked).  ``meeting_dates`` maps paper sha256 or file
    name to the meeting date (``YYYY-MM-DD`` or month-only ``YYYY-MM``); a paper not in
    it uses the date its observations carry.  Failures are errors or warnings; passes
    are kept unless ``config.include_passes`` is False.
    """
    cfg = config or CheckConfig()
    ctx = CheckContext.build(observations, schemas, meeting_dates, cfg)
    results = [r for check in all_checks() for r in check.validate(ctx)]
    return results if cfg.include_passes else [r for r in results if not r.success]
