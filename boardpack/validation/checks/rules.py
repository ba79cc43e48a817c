"""What each series' schema measure says about how its figures combine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from schemas.spec import Aggregate, Schema


@dataclass(frozen=True)
class SeriesRule:
    """How the figures of one series relate: ``aggregate`` (sum / weighted_mean by the
    ``weight`` series / share of 100 / none), ``exact`` for counts (no rounding slack),
    ``forward_looking`` for plans whose periods may lie after the meeting."""

    series_id: str
    family: str
    aggregate: Aggregate
    exact: bool
    unit: str
    weight: str | None = None
    forward_looking: bool = False


def series_rules(
    schemas: Iterable[Schema], forward_looking: frozenset[str] = frozenset()
) -> dict[str, SeriesRule]:
    """Every series the schemas declare, including the bracketed-share companions
    (``120 (10%)``), which are shares of one whole.  A family or series is forward
    looking when its schema says so (``forward_looking`` attribute, once the spec has it)
    or when ``forward_looking`` names it."""
    rules: dict[str, SeriesRule] = {}
    for schema in schemas:
        # getattr: the flag is proposed for schemas/spec.py, not there yet.
        planned = bool(getattr(schema, "forward_looking", False)) or schema.family in forward_looking
        for m in schema.measures:
            ahead = planned or m.series_id in forward_looking
            rules[m.series_id] = SeriesRule(
                m.series_id, schema.family, m.aggregate, m.exact, m.unit, m.weight, ahead
            )
            if m.share is not None:
                sid = m.share.series_id
                rules[sid] = SeriesRule(
                    sid, schema.family, "share", False, "percent", None, ahead or sid in forward_looking
                )
    return rules
