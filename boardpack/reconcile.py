"""Reconciliation: one figure per (series, category, period), whatever number of papers
reported it.

Values that agree within printed precision merge (``13.70%`` and ``13.7%``); values that
disagree become a recorded ``Revision`` (the latest paper wins; the earlier value and its
source are kept), never a silent overwrite.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from schemas.records import Observation

FigureKey = tuple[str, str, str, str]
"""(series_id, category_id, period_start, period_end)."""


def figure_key(o: Observation) -> FigureKey:
    """The key of the figure an observation reports, whatever paper it came from."""
    return (o.series_id, o.category_id, o.period_start, o.period_end)


def observation_id(key: FigureKey) -> str:
    """A readable, stable id of one figure of the dataset."""
    series, category, start, end = key
    return f"{series}/{category}/{start}/{end}"


@dataclass(frozen=True)
class Revision:
    """An earlier paper's value that a later paper replaced with a different one."""

    observation_id: str
    earlier_value: float | None
    earlier_text: str
    earlier_paper: str
    earlier_meeting_date: str | None
    later_value: float | None
    later_text: str
    later_paper: str
    later_meeting_date: str | None


@dataclass(frozen=True)
class Figure:
    """One reconciled figure: the winning observation and every observation behind it."""

    observation_id: str
    chosen: Observation
    sources: tuple[Observation, ...]


@dataclass(frozen=True)
class Reconciled:
    """The reconciled figures and the revisions found between papers."""

    figures: list[Figure]
    revisions: list[Revision]


def tolerance(a: Observation, b: Observation) -> float:
    """Half a unit of the coarser printed precision: 13.7 and 13.70 agree, 13.7 and 13.8 don't."""
    decimals = min(d if d is not None else 0 for d in (a.decimals, b.decimals))
    return 0.5 * 10.0**-decimals + 1e-9


def agree(a: Observation, b: Observation) -> bool:
    """True when two reports of one figure give the same value within printed precision."""
    if a.value is None or b.value is None:
        return a.value is None and b.value is None and a.value_status == b.value_status
    return abs(a.value - b.value) <= tolerance(a, b)


def recency(o: Observation) -> tuple[str, str, str]:
    """Sort key: later meeting first wins; the file name, then the paper's key, break ties
    deterministically (two papers may share a name)."""
    return (o.meeting_date or "", o.paper_file, o.paper_sha256)


def reconcile_figure(key: FigureKey, reports: Sequence[Observation]) -> tuple[Figure, list[Revision]]:
    """The latest report wins; every earlier report that disagrees with the one after it
    is a revision."""
    ordered = sorted(reports, key=recency)
    oid = observation_id(key)
    revisions = [
        Revision(oid, before.value, before.value_text, before.paper_file, before.meeting_date,
                 after.value, after.value_text, after.paper_file, after.meeting_date)
        for before, after in pairwise(ordered)
        if not agree(before, after)
    ]  # fmt: skip
    return Figure(oid, ordered[-1], tuple(ordered)), revisions


def reconcile(observations: Sequence[Observation]) -> Reconciled:
    """Group observations by figure and reconcile each group (output sorted by id)."""
    groups: Mapping[FigureKey, list[Observation]] = defaultdict(list)
    for o in observations:
        groups[figure_key(o)].append(o)
    figures: list[Figure] = []
    revisions: list[Revision] = []
    for key in sorted(groups):
        figure, revs = reconcile_figure(key, groups[key])
        figures.append(figure)
        revisions.extend(revs)
    return Reconciled(figures, revisions)
