"""Reconciliation: agreeing reports merge, disagreeing ones become revisions."""

from __future__ import annotations

from dataclasses import replace

from boardpack.reconcile import agree, reconcile
from schemas.records import Observation

BASE = Observation(
    series_id="ethnic_minority_pct_by_staff_type", series_title="EM %", dimension="staff_type",
    category_id="police_officer", category_label="Police Officer", period_start="2022-01-01",
    period_end="2022-01-31", period_label="Jan-22", value=12.9, value_status="ok", value_text="12.90%",
    unit="percent", is_total=False, paper_file="2023.pdf", paper_sha256="a", meeting_date="2023-01-23",
    page=2, table_id="t02", row=2, col=2, bbox=(1.0, 2.0, 3.0, 4.0), method="ruled", decimals=2,
)  # fmt: skip


def _later(**changes: object) -> Observation:
    return replace(BASE, paper_file="2025.pdf", paper_sha256="b", meeting_date="2025-01-28", **changes)  # type: ignore[arg-type]


def test_values_equal_within_printed_precision_merge_without_revision() -> None:
    later = _later(value=12.9, value_text="12.9%", decimals=1)
    assert agree(BASE, later)
    result = reconcile([later, BASE])
    assert len(result.figures) == 1 and not result.revisions
    figure = result.figures[0]
    assert figure.chosen.paper_file == "2025.pdf"
    assert [o.paper_file for o in figure.sources] == ["2023.pdf", "2025.pdf"]


def test_a_different_value_is_a_revision_and_the_latest_paper_wins() -> None:
    later = _later(value=13.0, value_text="13.0%", decimals=1)
    result = reconcile([BASE, later])
    assert result.figures[0].chosen.value == 13.0
    (revision,) = result.revisions
    assert (revision.earlier_value, revision.earlier_paper) == (12.9, "2023.pdf")
    assert (revision.later_value, revision.later_paper) == (13.0, "2025.pdf")


def test_rounding_to_fewer_decimals_is_not_a_revision() -> None:
    # 12.94% printed later as 12.9%: the same figure at coarser precision.
    assert agree(replace(BASE, value=12.94, value_text="12.94%"), _later(value=12.9, decimals=1))
    assert not agree(replace(BASE, value=12.96, value_text="12.96%"), _later(value=12.9, decimals=1))


def test_missing_in_both_papers_agrees_but_missing_against_a_value_does_not() -> None:
    gap = replace(BASE, value=None, value_status="missing", value_text="")
    assert agree(gap, _later(value=None, value_status="missing", value_text=""))
    assert not agree(gap, _later())
