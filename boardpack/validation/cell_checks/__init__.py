"""Checks that need no family: on the tidy cells of every data table no family maps.

``run_cell_checks(frame)`` runs every check of this package over a cells frame
(``boardpack.validation.cell_frame``) and returns typed ``ValidationResult``s naming
paper, page, table, row and column and the arithmetic.  Pure: no I/O, no Prefect, no GX.
The checks infer what a line is from the table's own structure and labels and call a
miss an error only when the structure says it is one; what they cannot decide they
report as not checked (``checked=False``), never as an error.

Each check is a small ``CellCheck`` subclass in its own module; every module of this
package is imported here, so adding a check is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil

import pandas as pd

from boardpack.models import ValidationResult
from boardpack.validation.cell_checks.base import CELL_SUITE, CellCheck, CellContext, all_cell_checks

__all__ = ["CELL_SUITE", "CellCheck", "CellContext", "all_cell_checks", "run_cell_checks"]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def run_cell_checks(frame: pd.DataFrame) -> list[ValidationResult]:
    """Every cell check's results on the cells frame, in check-name order."""
    ctx = CellContext.of(frame)
    return [r for check in all_cell_checks() for r in check.validate(ctx)]
