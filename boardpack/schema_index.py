"""Look-ups over the shipped table families that later stages need, by series id."""

from __future__ import annotations

from functools import lru_cache

from schemas.registry import series_catalog

COMMON_SUITE = "common"
"""The suite every figure is validated against, besides its family's."""


@lru_cache(maxsize=1)
def suites_by_series() -> dict[str, str]:
    """Every declared series id (share series too) → its family's expectation suite."""
    return {sid: info.expectation_suite for sid, info in series_catalog().items()}


def suite_for_series(series_id: str) -> str:
    """The expectation suite of the family that declares ``series_id`` (``common`` alone
    for a series no family declares)."""
    return suites_by_series().get(series_id, COMMON_SUITE)
