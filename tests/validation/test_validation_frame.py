"""The batch GX validates: every observation, its suite and series rule, and back."""

from __future__ import annotations

from dataclasses import replace

from validation_corpus import corpus_observations, obs

from boardpack.validation.checks.config import DEFAULT_FORWARD_LOOKING
from boardpack.validation.checks.rules import series_rules
from boardpack.validation.frame import frame_observations, frame_rules, observations_frame
from schemas.registry import default_schemas


def test_the_corpus_goes_through_the_frame_and_back_unchanged_but_for_bboxes() -> None:
    observations = list(corpus_observations())
    rules = series_rules(default_schemas(), DEFAULT_FORWARD_LOOKING)
    frame = observations_frame(observations, rules, {}, "common")
    assert frame_observations(frame) == [replace(o, bbox=None) for o in observations]
    assert frame_rules(frame) == {s: r for s, r in rules.items() if s in {o.series_id for o in observations}}


def test_missing_numbers_and_dates_come_back_as_none_not_nan() -> None:
    cells = [obs("", 1, 1, meeting_date=None), obs("12.5%", 2, 1)]
    back = frame_observations(observations_frame(cells, {}, {}, "common"))
    assert (back[0].value, back[0].decimals, back[0].meeting_date) == (None, None, None)
    assert (back[1].value, back[1].decimals) == (12.5, 1)


def test_each_row_carries_its_suite_and_series_without_a_rule_have_none() -> None:
    cells = [obs("1", 1, 1, series_id="cadets_by_unit"), obs("2", 2, 1, series_id="not_declared")]
    rules = series_rules(default_schemas(), DEFAULT_FORWARD_LOOKING)
    frame = observations_frame(cells, rules, {"cadets_by_unit": "parts_sum_to_total"}, "common")
    assert frame["suite"].tolist() == ["parts_sum_to_total", "common"]
    assert frame["series_category"].tolist() == ["cadets_by_unit/r1c1", "not_declared/r2c1"]
    assert list(frame_rules(frame)) == ["cadets_by_unit"]
    assert frame_rules(frame)["cadets_by_unit"].aggregate == "sum"


def test_an_empty_run_is_an_empty_frame_with_every_column() -> None:
    frame = observations_frame([], {}, {}, "common")
    assert frame.empty and {"value", "suite", "rule_aggregate", "series_category"} <= set(frame.columns)
    assert frame_observations(frame) == [] and frame_rules(frame) == {}
