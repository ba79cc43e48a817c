"""Figures, rounding slack and how numbers are printed in result messages."""

from __future__ import annotations

from collections.abc import Iterable

from schemas.records import Observation

READ = ("ok", "note", "qualified")
"""Statuses under which a figure was read from the cell."""

_EPS = 1e-9


def figure(o: Observation) -> float | None:
    """The observation's number: its value when read, 0 for a printed dash (the source's
    "none"), None when there is no figure (empty, N/A, unreadable)."""
    if o.value_status in READ and o.value is not None:
        return o.value
    if o.value_status == "nil":
        return 0.0
    return None


def half_unit(decimals: int | None) -> float:
    """Half a unit of the last printed digit: 0.05 for ``13.7``, 0.5 for ``1,056``."""
    return 0.5 * 10.0 ** -(decimals or 0)


def slack(o: Observation, exact: bool) -> float:
    """How far the printed figure may lie from the true one: 0 for exact counts and for
    dashes, else half a unit of its last printed digit."""
    if exact or o.value_status == "nil":
        return 0.0
    return half_unit(o.decimals)


def within(difference: float, tolerance: float) -> bool:
    """|difference| <= tolerance, allowing for binary floating point noise."""
    return abs(difference) <= tolerance + _EPS * max(1.0, abs(difference))


def places(observations: Iterable[Observation]) -> int:
    """The most decimals printed among the observations (for showing their arithmetic)."""
    return max((o.decimals or 0 for o in observations), default=0)


def fmt(value: float, decimals: int) -> str:
    """A number as an auditor writes it: thousands separators, ``decimals`` places."""
    return f"{value:,.{decimals}f}"


def show(o: Observation) -> str:
    """One observation's figure in arithmetic ("0" for a dash)."""
    v = figure(o)
    return o.value_text if v is None else fmt(v, o.decimals or 0)
