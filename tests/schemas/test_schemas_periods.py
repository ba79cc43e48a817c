"""Period labels → inclusive ISO intervals; unparseable labels raise, never guess."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("Nov-24", "2024-11-01", "2024-11-30"),
        ("Jan-19", "2019-01-01", "2019-01-31"),
        ("Dec-22", "2022-12-01", "2022-12-31"),
        ("Nov-21", "2021-11-01", "2021-11-30"),
        ("2022/23", "2022-04-01", "2023-03-31"),
        ("FY22/23", "2022-04-01", "2023-03-31"),
        ("19/20", "2019-04-01", "2020-03-31"),
        ("1 October - 31 December 2021", "2021-10-01", "2021-12-31"),
        ("1 January – 31 March 2022", "2022-01-01", "2022-03-31"),
        ("From Apr 2021 to Mar 2022", "2021-04-01", "2022-03-31"),
        ("April 2022 to July 2023", "2022-04-01", "2023-07-31"),
        ("To March 2020", "2019-04-01", "2020-03-31"),
        ("YTD 2022/23", "2022-04-01", "2023-03-31"),
        ("January 2019-December 2019", "2019-01-01", "2019-12-31"),
        ("2022/23 £", "2022-04-01", "2023-03-31"),
        ("FY22/23 to FY26/27", "2022-04-01", "2027-03-31"),
        ("Jan-Dec 2019", "2019-01-01", "2019-12-31"),
        ("2021", "2021-01-01", "2021-12-31"),
        ("1 November 2021 - 31 January 2022", "2021-11-01", "2022-01-31"),
    ],
)
def test_labels_from_the_papers(label: str, start: str, end: str) -> None:
    p = parse_period(label)
    assert p.iso == (start, end)
    assert p.label == label


def test_ytd_ends_at_as_of_inside_the_year() -> None:
    p = parse_period("YTD 2022/23", as_of=date(2022, 12, 31))
    assert p.iso == ("2022-04-01", "2022-12-31")


def test_bare_month_needs_a_year() -> None:
    with pytest.raises(PeriodError):
        parse_period("April")
    assert parse_period("April", year=2019).iso == ("2019-04-01", "2019-04-30")


@pytest.mark.parametrize(
    "label", ["Grand Total", "", "Q5 2022", "2022/24", "Total referrals in period", "31 February 2022"]
)
def test_unparseable_labels_raise_naming_the_label(label: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse_period(label)
    assert repr(label) in str(e.value)


years = st.integers(min_value=2000, max_value=2069)
months = st.integers(min_value=1, max_value=12)


@given(years, months, st.sampled_from(["{abbr}-{yy}", "{abbr} {yyyy}", "{name} {yyyy}", "{name}-{yy}"]))
def test_month_labels(year: int, month: int, fmt: str) -> None:
    label = fmt.format(
        abbr=calendar.month_abbr[month], name=calendar.month_name[month], yy=f"{year % 100:02d}", yyyy=year
    )
    p = parse_period(label)
    assert p.start == date(year, month, 1)
    assert p.end == date(year, month, calendar.monthrange(year, month)[1])


@given(years, st.sampled_from(["{y}/{n2}", "FY{y2}/{n2}", "{y2}/{n2}", "{y}/{n} £", "YTD {y}/{n2}"]))
def test_financial_years_run_april_to_march(year: int, fmt: str) -> None:
    label = fmt.format(y=year, n=year + 1, y2=f"{year % 100:02d}", n2=f"{(year + 1) % 100:02d}")
    p = parse_period(label)
    assert (p.start, p.end) == (date(year, 4, 1), date(year + 1, 3, 31))


@given(years, months, years, months, st.sampled_from([" to ", " - ", " – ", "-"]), st.booleans())
def test_month_ranges(y1: int, m1: int, y2: int, m2: int, sep: str, prefix: bool) -> None:
    a, b = (y1, m1), (y2, m2)
    if b < a:
        a, b = b, a
    label = ("From " if prefix else "") + (
        f"{calendar.month_name[a[1]]} {a[0]}{sep}{calendar.month_name[b[1]]} {b[0]}"
    )
    p = parse_period(label)
    assert p.start == date(a[0], a[1], 1)
    assert p.end == date(b[0], b[1], calendar.monthrange(b[0], b[1])[1])


@given(years, months)
def test_to_month_is_the_twelve_months_ending_then(year: int, month: int) -> None:
    p = parse_period(f"To {calendar.month_name[month]} {year}")
    assert p.end == date(year, month, calendar.monthrange(year, month)[1])
    assert (p.end - p.start).days in (364, 365)


@given(st.text(alphabet="abcxyz!?#@ ", max_size=20))
def test_nonsense_raises(label: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(label)
