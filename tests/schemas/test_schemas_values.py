"""Cell values: every printed form gets a status; property tests round-trip numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.values import parse_value


@pytest.mark.parametrize(
    ("text", "status", "value", "decimals"),
    [
        ("13.70%", "ok", 13.7, 2),
        ("14.2%", "ok", 14.2, 1),
        ("1,050", "ok", 1050.0, 0),
        ("£5,294,595", "ok", 5294595.0, 0),
        ("-33.00", "ok", -33.0, 2),
        ("-2.44", "ok", -2.44, 2),
        ("-", "nil", None, None),
        ("N/A", "not_applicable", None, None),
        ("", "missing", None, None),
        ("   ", "missing", None, None),
        ("25 cohort 2", "qualified", 25.0, 0),
        ("1,05", "invalid", None, None),
        ("13.7O%", "invalid", None, None),
        ("TBC", "invalid", None, None),
    ],
)
def test_printed_forms(text: str, status: str, value: float | None, decimals: int | None) -> None:
    v = parse_value(text)
    assert (v.status, v.value, v.decimals) == (status, value, decimals)


def test_note_keeps_value_and_text() -> None:
    v = parse_value("£8,009,320 - one off back log maintenance saving")
    assert (v.status, v.value, v.currency) == ("note", 8009320.0, "£")
    assert v.note == "one off back log maintenance saving"
    assert v.text == "£8,009,320 - one off back log maintenance saving"


def test_count_with_share() -> None:
    v = parse_value("120 (10%)")
    assert (v.status, v.value, v.share, v.share_decimals) == ("ok", 120.0, 10.0, 0)


def test_qualified_keeps_qualifier() -> None:
    assert parse_value("25 cohort 2").note == "cohort 2"


def _grouped(n: int) -> str:
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans())
def test_integers_round_trip(n: int, grouped: bool, negative: bool) -> None:
    text = ("-" if negative else "") + (_grouped(n) if grouped else str(n))
    v = parse_value(text)
    assert v.status == "ok"
    assert v.value == (-n if negative else n)
    assert v.decimals == 0


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99), st.integers(1, 2))
def test_percentages_round_trip_with_decimals(whole: int, frac: int, places: int) -> None:
    frac_text = f"{frac:02d}"[:places]
    v = parse_value(f"{whole}.{frac_text}%")
    assert v.status == "ok" and v.percent
    assert v.value == pytest.approx(float(f"{whole}.{frac_text}"))
    assert v.decimals == places


@given(st.integers(min_value=0, max_value=10**9))
def test_money_round_trip(n: int) -> None:
    v = parse_value(f"£{n:,}")
    assert (v.status, v.value, v.currency) == ("ok", float(n), "£")


@given(st.text(max_size=30))
def test_never_raises_and_value_only_with_figure_status(text: str) -> None:
    v = parse_value(text)
    assert (v.value is not None) == (v.status in ("ok", "note", "qualified"))
