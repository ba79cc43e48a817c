"""Each check on tiny synthetic tables (cells read from text as the mapping reads them)."""

from __future__ import annotations

from dataclasses import replace

from validation_corpus import context, obs, rule

from boardpack.models import ValidationResult
from boardpack.validation.checks import CheckConfig, all_checks
from boardpack.validation.checks.agreement import FiguresAgreeAcrossReports
from boardpack.validation.checks.jumps import JumpBetweenPeriods
from boardpack.validation.checks.period_before_meeting import PeriodBeforeMeeting
from boardpack.validation.checks.shares import SharesSumTo100
from boardpack.validation.checks.sums import PartsSumToTotal
from boardpack.validation.checks.weighted_mean import WeightedMeanOfParts


def _failures(results: list[ValidationResult]) -> list[ValidationResult]:
    return [r for r in results if not r.success]


def test_every_check_is_registered_by_its_module() -> None:
    assert [c.name for c in all_checks()] == [
        "figures_agree_across_reports", "jump_between_periods", "parts_sum_to_total",
        "period_before_meeting", "shares_sum_to_100", "weighted_mean_of_parts",
    ]  # fmt: skip


# --- parts sum to total ------------------------------------------------------------------


def _column(*texts: str, total: str) -> list:
    """A one-column table: parts in rows 1.., the total in the last row."""
    cells = [obs(t, i + 1, 1) for i, t in enumerate(texts)]
    return [*cells, obs(total, len(texts) + 1, 1, total=True, category_id="total")]


def test_counts_must_add_up_exactly() -> None:
    results = list(
        PartsSumToTotal().validate(context(_column("338", "321", "233", "164", total="1057"), rule()))
    )
    (r,) = results
    assert not r.success and r.severity == "error"
    assert "338 + 321 + 233 + 164 = 1,056 ≠ 1,057 (off by 1; exact count)" in r.message
    assert (r.row, r.col, r.expected, r.observed) == (5, 1, "1,056", "1057")


def test_counts_that_add_up_pass() -> None:
    (r,) = PartsSumToTotal().validate(context(_column("338", "321", "233", "164", total="1,056"), rule()))
    assert r.success and "= 1,056 = 1,056" in r.message


def test_a_pound_rounding_difference_on_money_is_not_an_error() -> None:
    money = rule(exact=False, unit="gbp")
    cells = [replace(o, unit="gbp") for o in _column("99,995", "315,925", total="415,919")]
    (r,) = PartsSumToTotal().validate(context(cells, money))
    assert r.success and "= 415,920 ≈ 415,919" in r.message


def test_rounded_figures_off_by_more_than_rounding_fail() -> None:
    fte = rule(exact=False, unit="fte")
    (r,) = PartsSumToTotal().validate(context(_column("-2.44", "-6.19", "-2.65", total="-11.38"), fte))
    assert not r.success and "-2.44 + -6.19 + -2.65 = -11.28 ≠ -11.38" in r.message
    assert "rounding allows ±0.020" in r.message


def test_across_a_row_and_section_by_section() -> None:
    # Section 1: rows 1-2 and total row 3; section 2: rows 5-6 and total row 7; a total column 3.
    grid = {(1, 1): "1", (1, 2): "2", (1, 3): "3", (2, 1): "4", (2, 2): "5", (2, 3): "9",
            (3, 1): "5", (3, 2): "7", (3, 3): "12", (5, 1): "10", (5, 2): "10", (5, 3): "20",
            (6, 1): "1", (6, 2): "1", (6, 3): "2", (7, 1): "11", (7, 2): "11", (7, 3): "23"}  # fmt: skip
    cells = [obs(t, r, c, total=r in (3, 7) or c == 3) for (r, c), t in grid.items()]
    failures = _failures(list(PartsSumToTotal().validate(context(cells, rule()))))
    # Section 1 adds up (no mixing with section 2); row 7's total column is 22 ≠ 23 both ways.
    assert sorted((r.row, r.col, r.message.split("(")[1][:4]) for r in failures) == [
        (7, 3, "acro"),
        (7, 3, "down"),
    ]


def test_a_dash_counts_as_zero_and_an_empty_cell_as_absent() -> None:
    cells = [obs("-", 1, 1), obs("", 2, 1), obs("5", 3, 1), obs("5", 4, 1, total=True)]
    (r,) = PartsSumToTotal().validate(context(cells, rule()))
    assert r.success and "0 + 5 = 5 = 5" in r.message


def test_a_gap_a_note_explains_is_a_warning_with_the_note() -> None:
    money = rule(exact=False, unit="gbp")
    note = obs("£8,009,320 - one off back log maintenance saving", 2, 1)
    cells = [obs("3,300,000", 1, 2), note, obs("", 2, 2),
             obs("11,309,320", 3, 2, total=True)]  # fmt: skip
    (r,) = [r for r in PartsSumToTotal().validate(context(cells, money)) if r.col == 2]
    assert not r.success and r.severity == "warning"
    assert "3,300,000 = 3,300,000 ≠ 11,309,320" in r.message
    assert (
        "explained by the note at row 2, col 1: '£8,009,320 - one off back log maintenance saving'"
        in r.message
    )


def test_an_unexplained_gap_beside_a_note_stays_an_error() -> None:
    cells = [obs("10", 1, 1), obs("7 - estimated", 2, 1), obs("20", 3, 1, total=True)]
    (r,) = PartsSumToTotal().validate(context(cells, rule()))
    assert not r.success and r.severity == "error"


def test_an_unreadable_part_makes_the_total_unverifiable() -> None:
    cells = [obs("10", 1, 1), obs("ten?", 2, 1), obs("20", 3, 1, total=True)]
    (r,) = PartsSumToTotal().validate(context(cells, rule()))
    assert not r.success and r.severity == "warning" and "'ten?'" in r.message


# --- weighted mean -------------------------------------------------------------------------


def _hires(female_total: str) -> list:
    """Recruits (col 1) and Female % (col 2) for two routes and a Grand Total row."""
    counts = [obs("47", 1, 1, series_id="n", category_id="a"), obs("32", 2, 1, series_id="n", category_id="b"),
              obs("79", 3, 1, series_id="n", category_id="total", total=True)]  # fmt: skip
    pct = [obs("53.2%", 1, 2, category_id="a"), obs("34.4%", 2, 2, category_id="b"),
           obs(female_total, 3, 2, category_id="total", total=True)]  # fmt: skip
    return [*counts, *pct]


def test_an_overall_percentage_is_the_count_weighted_mean() -> None:
    rules = (rule("s", "weighted_mean", exact=False, unit="percent", weight="n"), rule("n"))
    (r,) = WeightedMeanOfParts().validate(context(_hires("45.6%"), *rules))
    assert r.success
    assert "(47 × 53.2 + 32 × 34.4) / (47 + 32) = 3,601.2 / 79 = 45.585 ≈ 45.6" in r.message


def test_an_overall_percentage_off_the_weighted_mean_fails() -> None:
    rules = (rule("s", "weighted_mean", exact=False, unit="percent", weight="n"), rule("n"))
    (r,) = WeightedMeanOfParts().validate(context(_hires("43.8%"), *rules))
    assert not r.success and r.severity == "error" and "45.585 ≠ 43.8 (rounding allows ±0.10)" in r.message
    assert (r.expected, r.observed) == ("45.585", "43.8%")


# --- shares ----------------------------------------------------------------------------------


def test_shares_sum_to_100_within_rounding() -> None:
    cells = [obs(t, 1, c) for c, t in enumerate(["68%", "5%", "27%"], start=1)]
    (r,) = SharesSumTo100().validate(context(cells, rule(aggregate="share", exact=False, unit="percent")))
    assert r.success and "68 + 5 + 27 = 100 = 100" in r.message


def test_shares_that_miss_100_fail() -> None:
    cells = [obs(t, i, 1) for i, t in enumerate(["48.38%", "30.53%", "12.50%", "8.49%"], start=1)]
    (r,) = SharesSumTo100().validate(context(cells, rule(aggregate="share", exact=False, unit="percent")))
    assert not r.success and "= 99.90 ≠ 100 (rounding allows ±0.020)" in r.message


def test_a_printed_total_of_shares_must_be_100() -> None:
    cells = [obs("60%", 1, 1), obs("40%", 1, 2), obs("99%", 1, 3, total=True)]
    failures = _failures(
        list(SharesSumTo100().validate(context(cells, rule(aggregate="share", exact=False))))
    )
    assert [(r.col, r.observed) for r in failures] == [(3, "99%")]


# --- period before meeting ----------------------------------------------------------------


def _period(end: str, meeting: str) -> list:
    return [obs("5", 1, 1, period_end=end, period_label="From Apr 2022 to X", meeting_date=meeting)]


def test_a_period_ending_after_the_meeting_fails() -> None:
    (r,) = PeriodBeforeMeeting().validate(context(_period("2023-07-31", "2022-09-20"), rule()))
    assert not r.success and r.expected == "<= 2022-09-20" and r.observed == "2023-07-31"


def test_a_month_only_meeting_date_stands_for_the_whole_month() -> None:
    (ok,) = PeriodBeforeMeeting().validate(context(_period("2022-09-30", "2022-09"), rule()))
    (late,) = PeriodBeforeMeeting().validate(context(_period("2022-10-31", "2022-09"), rule()))
    assert ok.success and not late.success and "(taken as 2022-09-30)" in late.message


def test_meeting_dates_given_by_file_override_the_observations() -> None:
    ctx = context(_period("2022-09-30", "2022-09"), rule(), meeting_dates={"p.pdf": "2022-09-01"})
    (r,) = PeriodBeforeMeeting().validate(ctx)
    assert not r.success


def test_plans_and_periods_taken_from_the_meeting_are_not_held_against_it() -> None:
    plan = _period("2027-03-31", "2023-01-23")
    assert list(PeriodBeforeMeeting().validate(context(plan, rule(forward_looking=True)))) == []
    assumed = [replace(plan[0], period_label="meeting year 2023")]
    assert list(PeriodBeforeMeeting().validate(context(assumed, rule()))) == []


# --- agreement across reports ------------------------------------------------------------------


def _reported(text: str, paper: str, meeting: str) -> object:
    return obs(text, 1, 1, paper_file=paper, paper_sha256=paper, meeting_date=meeting, unit="percent")


def test_the_same_figure_printed_to_different_precision_agrees() -> None:
    cells = [_reported("13.70%", "a.pdf", "2023-01-23"), _reported("13.7%", "b.pdf", "2025-01-28")]
    (r,) = FiguresAgreeAcrossReports().validate(context(cells, rule(exact=False, unit="percent")))
    assert r.success and r.paper_file == "b.pdf" and "13.7% here = 13.70% at a.pdf" in r.message


def test_figures_that_differ_beyond_rounding_disagree() -> None:
    cells = [_reported("11.70%", "a.pdf", "2023-01-23"), _reported("11.8%", "b.pdf", "2025-01-28")]
    (r,) = FiguresAgreeAcrossReports().validate(context(cells, rule(exact=False, unit="percent")))
    assert not r.success and (r.expected, r.observed) == ("11.70%", "11.8%")


def test_counts_reported_twice_must_be_equal() -> None:
    cells = [replace(_reported("290", "a.pdf", "2023-01-23"), unit="people"),
             replace(_reported("291", "b.pdf", "2025-01-28"), unit="people")]  # fmt: skip
    (r,) = FiguresAgreeAcrossReports().validate(context(cells, rule()))
    assert not r.success and "exact count" in r.message


# --- jumps ------------------------------------------------------------------------------------


def _months(*texts: str, unit: str = "percent") -> list:
    starts = ["2022-01-01", "2022-02-01", "2022-03-01"]
    ends = ["2022-01-31", "2022-02-28", "2022-03-31"]
    return [obs(t, 1, i + 1, unit=unit, category_id="x", period_start=starts[i], period_end=ends[i],
                period_label=starts[i][:7]) for i, t in enumerate(texts)]  # fmt: skip


def test_a_jump_beyond_the_bound_is_a_warning_not_a_failure() -> None:
    results = list(JumpBetweenPeriods().validate(context(_months("10.0%", "12.0%", "25.0%"), rule())))
    assert [(r.success, r.severity) for r in results] == [(True, "warning"), (False, "warning")]
    assert "a change of 13.00 percentage points, beyond the bound of 10.00" in results[1].message


def test_the_jump_bound_is_configurable_and_relative_for_counts() -> None:
    cells = _months("100", "130", "150", unit="people")
    tight = context(cells, rule(), config=CheckConfig(jump_relative=0.2))
    assert [r.success for r in JumpBetweenPeriods().validate(tight)] == [False, True]
    assert all(r.success for r in JumpBetweenPeriods().validate(context(cells, rule())))
