"""The same figure printed again in the same paper: one figure with many places.

A paper that prints a table twice (a summary repeated in an annex, a table on every
page of a pack) reports each figure several times.  When the repeats agree with the
first report (within printed precision) they are places of one figure: validated once,
published once, every place kept in ``sources``.  Repeats that disagree are real
conflicts and stay in, for the one-value-per-key check to flag.
"""

from __future__ import annotations

from collections.abc import Sequence

from boardpack.reconcile import agree
from schemas.records import Observation


def first_reports(observations: Sequence[Observation]) -> list[Observation]:
    """``observations`` without the repeats that agree with an earlier report of the same
    figure in the same paper (order kept)."""
    first: dict[tuple[str, str, str, str], Observation] = {}
    kept: list[Observation] = []
    for o in observations:
        earlier = first.get(o.key)
        if earlier is None:
            first[o.key] = o
        elif agree(earlier, o):
            continue
        kept.append(o)
    return kept
