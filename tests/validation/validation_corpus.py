"""Test helper: the corpus truth tables mapped to observations, and tiny synthetic
observations for unit tests.  Independent of the extractor (truth tables stand in)."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from boardpack.models import Paper
from boardpack.validation.checks import CheckConfig, CheckContext
from boardpack.validation.checks.rules import SeriesRule
from boardpack.validation.checks.table_lines import table_grids
from extractors.records import Cell, Table
from schemas.mapping import map_paper
from schemas.records import Observation, ValueStatus

PAPERS_DIR = Path(__file__).resolve().parents[3] / "shared" / "papers"


@lru_cache(maxsize=1)
def manifest() -> dict[str, dict[str, Any]]:
    """Manifest entries by paper file name."""
    data = json.loads((PAPERS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return {p["file"]: p for p in data["papers"]}


def table_from_truth(t: dict[str, Any]) -> Table:
    """A Table from one truth table (every cell on the table's first page, no bbox)."""
    grid = [*t["header_rows"], *t["rows"]]
    cells = [
        Cell(r, c, text, t["pages"][0], None) for r, row in enumerate(grid) for c, text in enumerate(row)
    ]
    return Table(id=t["id"], kind=t["kind"], pages=list(t["pages"]), caption=t["caption"],
                 header_rows=[list(r) for r in t["header_rows"]], rows=[list(r) for r in t["rows"]],
                 bbox=[], method="truth", cells=cells)  # fmt: skip


def paper(file: str) -> Paper:
    """The Paper record of a corpus file, from the manifest."""
    p = manifest()[file]
    return Paper(file=p["file"], sha256=p["sha256"], path=str(PAPERS_DIR / p["file"]),
                 board=p.get("board"), meeting_date=p.get("meeting_date"), title=p.get("title"))  # fmt: skip


def truth_tables(file: str) -> list[Table]:
    """Every truth table of one paper."""
    data = json.loads((PAPERS_DIR / manifest()[file]["truth"]).read_text(encoding="utf-8"))
    return [table_from_truth(t) for t in data["tables"]]


@lru_cache(maxsize=1)
def corpus_observations() -> tuple[Observation, ...]:
    """Every observation the schemas map from the corpus truth tables."""
    out: list[Observation] = []
    for file in sorted(manifest()):
        out.extend(map_paper(paper(file), truth_tables(file)).observations)
    return tuple(out)


def meeting_dates() -> dict[str, str | None]:
    """Meeting dates by paper file name, as the manifest gives them."""
    return {f: p.get("meeting_date") for f, p in manifest().items()}


_BASE = Observation(
    series_id="s", series_title="S", dimension="d", category_id="a", category_label="A",
    period_start="2022-01-01", period_end="2022-01-31", period_label="Jan-22", value=None,
    value_status="missing", value_text="", unit="people", is_total=False, paper_file="p.pdf",
    paper_sha256="sha-p", meeting_date="2022-03-01", page=1, table_id="t01", row=1, col=1,
    bbox=None, method="synthetic", decimals=None,
)  # fmt: skip


def obs(text: str, row: int, col: int, *, total: bool = False, **changes: Any) -> Observation:
    """A synthetic observation whose value, status and decimals are read from ``text``
    the way the mapping reads a cell ("1,056", "13.70%", "-", "£8 - note")."""
    from schemas.values import parse_value

    v = parse_value(text)
    status: ValueStatus = v.status
    base = replace(_BASE, value=v.value, value_status=status, value_text=v.text, decimals=v.decimals,
                   row=row, col=col, is_total=total, category_id=f"r{row}c{col}")  # fmt: skip
    return replace(base, **changes)


def rule(
    series_id: str = "s",
    aggregate: str = "sum",
    *,
    exact: bool = True,
    unit: str = "people",
    weight: str | None = None,
    forward_looking: bool = False,
) -> SeriesRule:
    """A series rule as a schema measure would give it."""
    return SeriesRule(series_id, "family", aggregate, exact, unit, weight, forward_looking)  # type: ignore[arg-type]


def context(
    observations: list[Observation],
    *rules: SeriesRule,
    config: CheckConfig | None = None,
    meeting_dates: dict[str, str | None] | None = None,
) -> CheckContext:
    """A check context over synthetic observations with the given series rules."""
    return CheckContext(observations, {r.series_id: r for r in rules}, meeting_dates or {},
                        config or CheckConfig(), table_grids(observations))  # fmt: skip
