"""Look-ups over the shipped table families that later stages need, by series id."""

from __future__ import annotations

from functools import lru_cache

from boardpack.dataset import SeriesInfo
from schemas.registry import default_schemas

COMMON_SUITE = "common"
"""The suite every figure is validated against, besides its family's."""


@lru_cache(maxsize=1)
def suites_by_series() -> dict[str, str]:
    """Every declared series id (share series too) → its family's expectation suite."""
    out = {}
    for schema in default_schemas():
        for m in schema.measures:
            out[m.series_id] = schema.expectation_suite
            if m.share:
                out[m.share.series_id] = schema.expectation_suite
    return out


def suite_for_series(series_id: str) -> str:
    """The expectation suite of the family that declares ``series_id`` (``common`` alone
    for a series no family declares)."""
    return suites_by_series().get(series_id, COMMON_SUITE)


def series_info() -> dict[str, SeriesInfo]:
    """The data-dictionary definition of every declared series, from its family."""
    info = {}
    for schema in default_schemas():
        for m in schema.measures:
            unit = "exact count" if m.exact else "rounded figure"
            info[m.series_id] = SeriesInfo(
                f"{m.title} ({unit}, {m.unit}); family {schema.family}: {schema.title}"
            )
    return info
