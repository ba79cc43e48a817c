"""Look-ups over the shipped table families that later stages need, by series id."""

from __future__ import annotations

from functools import lru_cache

from schemas.registry import series_catalog

COMMON_SUITE = "common"
"""The suite every figure is validated against, besides its family's."""
NO_SUITE = "none"
"""A family's ``expectation_suite`` when it names none (a drafted family): common only."""


@lru_cache(maxsize=1)
def suites_by_series() -> dict[str, str]:
    """Every declared series id (share series too) → its family's expectation suite."""
    return {sid: info.expectation_suite for sid, info in series_catalog().items()}


def suite_for_series(series_id: str) -> str:
    """The expectation suite of the family that declares ``series_id`` (``common`` alone
    for a series no family declares, or whose family names no suite)."""
    suite = suites_by_series().get(series_id, COMMON_SUITE)
    return COMMON_SUITE if suite == NO_SUITE else suite
