"""Series pages (pure): every published value of a series with its period, status and
sources, each linked to its cell on the page image, and the chart's data.

A series page lives in ``series/``, so its links to papers go through ``ROOT``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from boardpack.report.findings import FindingRow, finding_rows, link_label
from boardpack.report.links import category_anchor, href, series_page, value_anchor
from boardpack.report.records import CellKey, Figure, FigureSource, Finding, SeriesInfo, SiteData
from boardpack.report.targets import Targets

ROOT = "../"
"""From a series page to the site's folder."""


@dataclass(frozen=True)
class SourceLink:
    """One paper cell behind a value, linked to its cell."""

    source: FigureSource
    link: str | None
    link_label: str


@dataclass(frozen=True)
class ValueRow:
    """One published value: its period, value (linked to the cell it is taken from),
    status, every source, revisions and the failed checks on its cells."""

    anchor: str
    period_label: str
    period_start: str
    period_end: str
    value_text: str
    number: float | None
    value_status: str
    validation_status: str
    link: str | None
    sources: list[SourceLink]
    revisions: list[tuple[str, str, str, str]]
    """(earlier text, earlier paper, later text, later paper)."""
    checks: list[str]

    @property
    def mark(self) -> str | None:
        """The chart marker of this value: ``failed``, ``warning``, ``revised`` or None."""
        if self.validation_status in ("failed", "warning"):
            return self.validation_status
        return "revised" if self.revisions else None


@dataclass(frozen=True)
class CategoryGroup:
    """The values of one category, by period."""

    anchor: str
    category_id: str
    label: str
    values: list[ValueRow]


@dataclass
class SeriesView:
    """Everything one series page shows."""

    info: SeriesInfo
    link: str
    groups: list[CategoryGroup]
    findings: list[FindingRow]
    papers: list[str]

    @property
    def values(self) -> list[ValueRow]:
        """Every value of the series, category by category."""
        return [v for g in self.groups for v in g.values]

    def count(self, mark: str) -> int:
        """How many values carry ``mark`` (failed, warning, revised)."""
        return sum(1 for v in self.values if v.mark == mark or (mark == "revised" and v.revisions))

    @property
    def periods(self) -> int:
        """How many distinct periods the series has."""
        return len({(v.period_start, v.period_end) for v in self.values})

    def summary(self) -> SeriesSummary:
        """What the index shows of this series."""
        return SeriesSummary(
            self.info,
            self.link,
            [GroupSummary(g.anchor, g.category_id, g.label, len(g.values)) for g in self.groups],
            len(self.values),
            self.periods,
            {mark: self.count(mark) for mark in MARKS},
            self.papers,
        )


MARKS = ("failed", "warning", "revised")
"""The marks the index counts per series."""


@dataclass(frozen=True)
class GroupSummary:
    """One category of a series as the index shows it: its anchor, label and how many
    values it has."""

    anchor: str
    category_id: str
    label: str
    values: int


@dataclass(frozen=True)
class SeriesSummary:
    """What the index shows of a series (``SeriesView.summary``): its entry, link,
    categories, counts and papers.  Plain data, kept beside a kept series page
    (``as_json``) so the index needs no view of a series that did not change."""

    info: SeriesInfo
    link: str
    groups: list[GroupSummary]
    values: int
    periods: int
    marks: dict[str, int]
    """How many values carry each of ``MARKS``."""
    papers: list[str]

    def as_json(self) -> dict[str, object]:
        """The summary without its entry (the store's, read afresh each site) as JSON data."""
        out = asdict(self)
        del out["info"]
        return out

    @classmethod
    def from_json(cls, info: SeriesInfo, data: Mapping[str, Any]) -> SeriesSummary:
        """The summary ``as_json`` wrote, for the series ``info``."""
        return cls(
            info,
            str(data["link"]),
            [GroupSummary(**g) for g in data["groups"]],
            int(data["values"]),
            int(data["periods"]),
            {str(k): int(v) for k, v in data["marks"].items()},
            [str(p) for p in data["papers"]],
        )


def series_catalogue(series: Sequence[SeriesInfo], with_figures: Iterable[str]) -> list[SeriesInfo]:
    """The data dictionary's ``series``, plus any series that has figures
    (``with_figures``: their ids) but no entry."""
    known = {s.series_id for s in series}
    extra = sorted(set(with_figures) - known)
    return [*series, *(SeriesInfo(sid, sid, "", "", "", None, None, 0) for sid in extra)]


def source_link(s: FigureSource, targets: Targets) -> SourceLink:
    """A source cell, linked from a series page."""
    target = targets.cell(s.cell_key)
    return SourceLink(s, ROOT + target.link if target else None, link_label(target))


def checks_by_cell(findings: Iterable[Finding]) -> dict[CellKey, list[str]]:
    """The failed results' messages on every cell each covers."""
    out: dict[CellKey, list[str]] = defaultdict(list)
    for f in findings:
        for key in f.covered_keys:
            out[key].append(f"{f.severity}: {f.check}: {f.message}")
    return dict(out)


def value_row(figure: Figure, targets: Targets, checks: Mapping[CellKey, Sequence[str]]) -> ValueRow:
    """One figure as a row of its series page."""
    sources = [source_link(s, targets) for s in figure.sources]
    chosen = next((link for link in sources if link.source is figure.chosen), None)
    if chosen is None and figure.chosen:  # a chosen cell not among the sources: linked on its own
        chosen = source_link(figure.chosen, targets)
    messages = list(dict.fromkeys(m for s in figure.sources for m in checks.get(s.cell_key, ())))
    return ValueRow(
        value_anchor(figure.category_id, figure.period_start, figure.period_end),
        figure.period_label,
        figure.period_start,
        figure.period_end,
        figure.value_text,
        figure.value,
        figure.value_status,
        figure.validation_status,
        chosen.link if chosen else None,
        sources,
        [(r.earlier_text, r.earlier_paper, r.later_text, r.later_paper) for r in figure.revisions],
        messages,
    )


def category_groups(
    figures: Sequence[Figure], targets: Targets, checks: Mapping[CellKey, Sequence[str]]
) -> list[CategoryGroup]:
    """The figures of one series grouped by category (in order of first appearance),
    each by period."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        groups[f.category_id].append(f)
    out = []
    for category_id, mine in groups.items():
        mine = sorted(mine, key=lambda f: (f.period_start, f.period_end))
        label = mine[-1].category_label or category_id
        rows = [value_row(f, targets, checks) for f in mine]
        out.append(CategoryGroup(category_anchor(category_id), category_id, label, rows))
    return out


def series_views(
    data: SiteData,
    targets: Targets,
    names: Mapping[str, str],
    only: Collection[SeriesInfo] | None = None,
) -> list[SeriesView]:
    """A view per series of the catalogue, or of ``only`` those; ``names`` maps series
    id → file stem.  ``data.figures`` need hold only the figures of those series."""
    by_series: dict[str, list[Figure]] = defaultdict(list)
    for f in data.figures:
        by_series[f.series_id].append(f)
    checks = checks_by_cell(data.findings)
    views = []
    catalogue = series_catalogue(data.series, by_series) if only is None else only
    for info in catalogue:
        figures = by_series.get(info.series_id, [])
        papers = sorted({s.paper_file for f in figures for s in f.sources})
        mine = [f for f in data.findings if f.series_id == info.series_id]
        views.append(
            SeriesView(
                info,
                href(series_page(names[info.series_id])),
                category_groups(figures, targets, checks),
                finding_rows(mine, targets, root=ROOT),
                papers,
            )
        )
    return views


def epoch_ms(iso: str) -> float | None:
    """An ISO date as milliseconds since 1970 (UTC midnight), the chart's time axis."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000


def chart_data(view: SeriesView) -> dict[str, Any]:
    """The chart of a series as plain data for the page's script: a line per category,
    a point per value that has a number, placed at the end of its period."""
    lines = []
    for g in view.groups:
        points = [
            {
                "x": x,
                "y": v.number,
                "period": v.period_label,
                "text": v.value_text,
                "mark": v.mark,
                "href": v.link,
            }
            for v in g.values
            if (x := epoch_ms(v.period_end)) is not None and v.number is not None
        ]
        if points:
            lines.append({"label": g.label, "points": points})
    return {"title": view.info.title, "unit": view.info.unit, "lines": lines}
