"""The shape of a check that needs no family: a small class whose ``validate(ctx)`` yields
results about the tidy cells of the tables no family maps.

``CellContext`` is what every such check reads: the cells as one pandas frame (the
columns of ``boardpack.validation.cell_frame``) with the figures, rounding slack and
table keys derived once, vectorised, and the total lines built from them on first use.
Adding a check is adding a module to this package that defines a ``CellCheck`` subclass.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

import numpy as np
import pandas as pd

from boardpack.models import Severity, ValidationResult

CELL_SUITE = "cells"
"""The GX suite of the checks that need no family (and the ``suite`` of their results)."""

READ = ("ok", "note", "qualified")
"""Statuses under which a figure was read from the cell (a dash, ``nil``, counts as 0)."""

_EPS = 1e-9

_REGISTRY: dict[str, type[CellCheck]] = {}


def with_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with what every check computes from a cell, derived once:

    * ``fig``: the number the cell prints, in its unit (0 for a dash; NaN when none);
    * ``half``: how far that printed figure may lie from the true one (half a unit of its
      last printed digit, scaled; 0 for a dash);
    * ``dec``: the decimals it prints (0 when unknown);
    * ``t``: the cell's table as one integer (paper and table id);
    * ``is_note``, ``is_invalid``: a figure carrying a note; a cell read as no figure.
    """
    out = frame.reset_index(drop=True).copy()
    status = out["value_status"].astype(object)
    value = out["value"].astype("float64")
    read = status.isin(READ).to_numpy() & value.notna().to_numpy()
    nil = (status == "nil").to_numpy()
    out["fig"] = np.where(read, value, np.where(nil, 0.0, np.nan))
    decimals = out["decimals"].astype("Float64").fillna(0).to_numpy(dtype="float64")
    scale = out["scale"].astype("float64").fillna(1.0).to_numpy()
    out["half"] = np.where(nil, 0.0, 0.5 * np.power(10.0, -decimals) * scale)
    out["dec"] = decimals
    out["t"] = out.groupby(["paper_sha256", "table_id"], sort=False, observed=True).ngroup().to_numpy()
    out["is_note"] = (status == "note").to_numpy()
    out["is_invalid"] = (status == "invalid").to_numpy()
    return out


RECORD = ("paper_sha256", "paper_file", "page", "table_id", "row", "col", "caption", "section", "row_labels",
          "col_labels", "value_text", "meeting_date", "period_label", "period_from", "scale", "decimals", "fig",
          "half")  # fmt: skip
"""The fields of a cell a result or its message reads (``CellContext.records``)."""


@dataclass
class CellContext:
    """The cells of one run as the checks read them: ``cells`` (with ``with_figures``'
    columns) and, built on first use, ``lines`` (``lines.total_lines``) and the row
    positions of each table (``tables``)."""

    cells: pd.DataFrame

    @classmethod
    def of(cls, frame: pd.DataFrame) -> CellContext:
        """The context of a cells frame (see ``boardpack.validation.cell_frame``)."""
        return cls(with_figures(frame))

    @cached_property
    def lines(self) -> pd.DataFrame:
        """Every total of every table with its parts' sums, down and across."""
        from boardpack.validation.cell_checks.lines import total_lines

        return total_lines(self.cells)

    @cached_property
    def columns(self) -> dict[str, np.ndarray]:
        """The ``RECORD`` columns as plain arrays (text as Python objects), made once:
        records are read from these, not from pandas per result."""
        return {name: _plain(self.cells[name]) for name in RECORD}

    @cached_property
    def notes(self) -> dict[int, list[int]]:
        """Each table's cells that carry a note figure, as positions in ``cells``."""
        at = np.flatnonzero(self.cells["is_note"].to_numpy() & self.cells["fig"].notna().to_numpy())
        out: dict[int, list[int]] = {}
        for t, i in zip(self.cells["t"].to_numpy()[at].tolist(), at.tolist(), strict=True):
            out.setdefault(t, []).append(i)
        return out

    def records(self, at: Sequence[int] | pd.Series) -> list[Any]:
        """The cells at these positions as plain records (fields: ``RECORD``), in order:
        what a result is built from, without a pandas look-up per result."""
        picks = np.asarray(at, dtype="int64")
        if not len(picks):
            return []
        columns = [self.columns[name][picks].tolist() for name in RECORD]
        return [_Cell(*values) for values in zip(*columns, strict=True)]


def _plain(column: pd.Series) -> np.ndarray:
    """A column as a NumPy array of Python values (missing text as None)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.array([*column.cat.categories.astype(object).tolist(), None], dtype=object)
        return categories[column.cat.codes.to_numpy()]
    if column.dtype.kind in "biuf":
        return column.to_numpy()
    values = column.astype(object)
    return values.where(values.notna(), None).to_numpy()


class _Cell(NamedTuple):
    paper_sha256: str
    paper_file: str
    page: int
    table_id: str
    row: int
    col: int
    caption: Any
    section: Any
    row_labels: Any
    col_labels: Any
    value_text: str
    meeting_date: Any
    period_label: Any
    period_from: Any
    scale: float
    decimals: Any
    fig: float
    half: float


class CellCheck(ABC):
    """One kind of check on tidy cells.  Subclasses set ``name`` and yield results.

    The first line of a subclass's docstring says what the check expects (Data Docs show
    it); ``severity`` is the worst its failures can be.  Results with ``checked=False``
    report what the check could not decide (never a failure).
    """

    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    knobs: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            _REGISTRY[cls.name] = cls

    @abstractmethod
    def validate(self, ctx: CellContext) -> Iterator[ValidationResult]:
        """Every result of this check: failures, passes and what it could not decide."""

    def result(
        self,
        cell: Any,
        message: str,
        *,
        success: bool,
        severity: Severity = "error",
        expected: str | None = None,
        observed: str | None = None,
        also: Sequence[tuple[int, int]] = (),
        checked: bool = True,
    ) -> ValidationResult:
        """A result located at ``cell`` (a row of the cells frame: paper, page, table,
        row, col), also covering the (row, col) cells of ``also``."""
        here = (int(cell.row), int(cell.col))
        if not checked:
            severity = "warning"  # nothing failed: the severity a finding would have is moot
        return ValidationResult(
            suite=CELL_SUITE, check=self.name, success=success, severity=severity, message=message,
            paper_file=str(cell.paper_file), page=int(cell.page), table_id=str(cell.table_id), row=here[0],
            col=here[1], expected=expected, observed=observed,
            also_cells=tuple(dict.fromkeys(a for a in also if a != here)), paper_sha256=str(cell.paper_sha256),
            checked=checked,
        )  # fmt: skip

    @classmethod
    def summary(cls) -> str:
        """What the check expects, in one sentence (its docstring's first line)."""
        return (cls.__doc__ or cls.name).strip().splitlines()[0]


def cell_check_named(name: str) -> CellCheck:
    """An instance of the registered cell check called ``name`` (KeyError naming it if none)."""
    if name not in _REGISTRY:
        raise KeyError(f"no cell check named {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name]()


def all_cell_checks() -> list[CellCheck]:
    """An instance of every registered cell check, sorted by name (a stable result order)."""
    return [_REGISTRY[name]() for name in sorted(_REGISTRY)]


def within(difference: Any, tolerance: Any) -> Any:
    """|difference| <= tolerance, allowing for binary floating point noise (arrays too)."""
    return np.abs(difference) <= tolerance + _EPS * np.maximum(1.0, np.abs(difference))


def fmt(value: float, decimals: int) -> str:
    """A number as an auditor writes it: thousands separators, ``decimals`` places."""
    return f"{value:,.{decimals}f}"


def table_name(cell: Any) -> str:
    """A cell's table in words: its caption, else its id."""
    return str(cell.caption) if isinstance(cell.caption, str) and cell.caption else str(cell.table_id)


def where(cell: Any) -> str:
    """A cell in words: the table (caption, else id), then its row and column labels."""
    return f"{table_name(cell)} — {last_label(cell.row_labels)} × {last_label(cell.col_labels)}"


def printed(cell: Any) -> str:
    """A cell's figure as printed in arithmetic: in the printed unit (a £000 figure in
    thousands), with the printed decimals."""
    scale = float(cell.scale) if cell.scale == cell.scale and cell.scale else 1.0
    value = float(cell.fig) / scale
    if value < 0 and str(cell.value_text).strip().startswith("("):
        return f"({fmt(-value, decimals(cell))})"  # printed as a bracketed negative
    return fmt(value, decimals(cell))


def decimals(cell: Any) -> int:
    """The decimals a cell prints (0 when unknown)."""
    d = cell.decimals
    return 0 if d is None or d is pd.NA or d != d else int(d)


def last_label(labels: Any) -> str:
    """The innermost level of a joined label path (``A | B`` → ``B``; '' when none)."""
    text = labels if isinstance(labels, str) else ""
    return text.rsplit(" | ", 1)[-1] if text else "(unlabelled)"


def span(indices: Sequence[int]) -> str:
    """``3`` or ``1-4`` (or ``1, 3, 5``) for a set of indices."""
    values = sorted(set(indices))
    if len(values) == 1:
        return str(values[0])
    if values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}-{values[-1]}"
    return ", ".join(map(str, values))
