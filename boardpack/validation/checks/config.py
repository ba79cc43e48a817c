"""The knobs of the board-table checks, in one small frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass

# Families whose periods are plans, not reports (targets, estimates, forecast benefits).
# They legitimately run past the meeting date.  Until schemas/spec.py carries a
# ``forward_looking`` flag (read automatically when it does), they are listed here.
DEFAULT_FORWARD_LOOKING: frozenset[str] = frozenset(
    {
        "uplift_officers_by_year",
        "specials_to_engage_by_year",
        "officer_recruits_required_by_year",
        "change_benefits_by_project",
    }
)


@dataclass(frozen=True)
class CheckConfig:
    """Bounds and switches of ``run_checks``.

    ``jump_points`` bounds the change between consecutive periods of a percentage series
    (in percentage points); ``jump_relative`` bounds it for every other series as a
    fraction of the earlier value (0.5 = a 50 % rise or fall).  ``forward_looking`` names
    families or series whose periods may end after the meeting (plans, forecasts).
    ``include_passes`` keeps the successful results (what was verified) in the output.
    """

    jump_points: float = 10.0
    jump_relative: float = 0.5
    forward_looking: frozenset[str] = DEFAULT_FORWARD_LOOKING
    include_passes: bool = True
