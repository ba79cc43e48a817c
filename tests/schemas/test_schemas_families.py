"""Every family on the truth corpus: coverage, provenance, and sampled values from the papers."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import schemas
from schemas.mapping import map_paper
from schemas.records import MappingResult
from tests.schemas.schemas_truth import corpus, paper, truth_tables

P2019 = "2019-12-17_spcb_building-a-modern-police-force.pdf"
P2022 = "2022-09_spcb_fairness-and-belonging.pdf"
P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"
P2025 = "2025-01-28_agb_supporting-the-workforce.pdf"


@cache
def mapped(file: str) -> MappingResult:
    """The mapping of one truth paper (cached)."""
    return map_paper(paper(file), truth_tables(file))


def test_every_data_table_is_mapped_or_registered_unmapped() -> None:
    data_tables = 0
    for p, tables in corpus():
        result = mapped(p.file)
        done = {m.table_id for m in result.mapped} | {u.table_id for u in result.unmapped}
        assert done == {t.id for t in tables}
        data_tables += sum(1 for t in tables if t.kind == "data")
        assert result.issues == []
    assert data_tables == 30
    unmapped_data = [
        (p.file, u.table_id)
        for p, tables in corpus()
        for u in mapped(p.file).unmapped
        if next(t for t in tables if t.id == u.table_id).kind == "data"
    ]
    assert unmapped_data == [(P2019, "t04")]


def test_family_of_each_table() -> None:
    families = {(p.file, m.table_id): m.family for p, _ in corpus() for m in mapped(p.file).mapped}
    assert families[(P2023, "t02")] == families[(P2025, "t01")] == "ethnic_minority_by_staff_type"
    assert families[(P2023, "t12")] == "officer_assault_outcomes"
    assert families[(P2023, "t13")] == "officer_assault_no_positive_outcome"
    assert families[(P2019, "t02")] == "uplift_officers_by_year"
    assert families[(P2019, "t06")] == "specials_to_engage_by_year"
    assert families[(P2022, "t01")] == families[(P2022, "t02")] == "hires_by_entry_route"
    assert len(families) == 29


def test_every_value_text_is_the_printed_cell_at_its_row_and_col() -> None:
    for p, tables in corpus():
        grids = {t.id: [*t.header_rows, *t.rows] for t in tables}
        for o in mapped(p.file).observations:
            assert " ".join(grids[o.table_id][o.row][o.col].split()) == o.value_text
            assert o.paper_sha256 == p.sha256 and o.meeting_date == p.meeting_date
            assert o.page in next(t.pages for t in tables if t.id == o.table_id)


def test_keys_are_unique_within_each_paper() -> None:
    for p, _ in corpus():
        keys = Counter(o.key for o in mapped(p.file).observations)
        assert all(n == 1 for n in keys.values())


def test_observation_counts_per_family() -> None:
    counts: Counter[str] = Counter()
    for p, _ in corpus():
        for m in mapped(p.file).mapped:
            counts[m.family] += m.observations
    assert counts["ethnic_minority_by_staff_type"] == 65
    assert counts["ethnic_minority_by_rank"] == 48  # 8 rows (7 ranks + total) × 6 months
    assert counts["ethnic_minority_by_grade"] == 54  # 9 rows (8 grades + total) × 6 months
    assert counts["change_benefits_by_project"] == 78
    assert sum(counts.values()) == 605


# (paper, series, category id, period start, period end, value, status, is_total)
SAMPLES = [
    (P2023, "ethnic_minority_pct_by_rank", "chief_officer", "2022-12-01", "2022-12-31", 25.0, "ok", False),
    (P2023, "ethnic_minority_pct_by_rank", "total", "2018-01-01", "2018-01-31", 9.6, "ok", True),
    (P2023, "ethnic_minority_pct_by_grade", "band_m", "2018-01-01", "2018-01-31", 4.0, "ok", False),
    (P2023, "ethnic_minority_pct_by_grade", "local_agreement", "2022-01-01", "2022-01-31", 8.0, "ok", False),
    (P2023, "oh_referrals_by_employment_type", "pcso", "2021-10-01", "2021-12-31", 42.0, "ok", False),
    (P2023, "oh_referrals_by_employment_type", "total", "2022-07-01", "2022-09-30", 903.0, "ok", True),
    (P2023, "oh_referrals_by_employment_type", "police_staff", "2021-10-01", "2022-09-30", 934.0, "ok", True),
    (
        P2023,
        "oh_referrals_share_by_employment_type",
        "police_officer",
        "2021-10-01",
        "2022-09-30",
        68.0,
        "ok",
        False,
    ),
    (
        P2023,
        "oh_referrals_share_by_employment_type",
        "total",
        "2021-10-01",
        "2022-09-30",
        None,
        "missing",
        True,
    ),
    (
        P2023,
        "workforce_share_by_employment_type",
        "police_staff",
        "2021-10-01",
        "2022-09-30",
        34.0,
        "ok",
        False,
    ),
    (P2023, "oh_referrals_by_reason", "mental_health", "2022-01-01", "2022-03-31", 321.0, "ok", False),
    (P2023, "oh_referrals_by_reason", "physical_health", "2021-10-01", "2022-09-30", 2110.0, "ok", True),
    (P2022, "hires_by_entry_route", "police_now_detective", "2021-04-01", "2022-03-31", 48.0, "ok", False),
    (
        P2022,
        "hires_ethnic_minority_pct_by_entry_route",
        "total",
        "2021-04-01",
        "2022-03-31",
        23.5,
        "ok",
        True,
    ),
    (P2022, "hires_by_entry_route", "total", "2022-04-01", "2022-07-31", 79.0, "ok", True),
    (P2022, "leavers_by_entry_route", "pcda", "2021-04-01", "2022-03-31", 49.0, "ok", False),
    (P2022, "leavers_disability_pct_by_entry_route", "total", "2022-04-01", "2023-07-31", 5.9, "ok", True),
    (P2022, "promotion_applicants_by_process", "pc_to_sgt", "2021-01-01", "2021-12-31", 406.0, "ok", False),
    (P2022, "promotion_successful_by_process", "total", "2021-01-01", "2021-12-31", 320.0, "ok", True),
    (
        P2022,
        "promotion_ethnic_minority_success_rate_by_process",
        "supt_to_ch_supt",
        "2021-01-01",
        "2021-12-31",
        100.0,
        "ok",
        False,
    ),
    (P2023, "trauma_trained_by_group", "new_recruits", "2023-01-23", "2023-01-23", 473.0, "ok", False),
    (P2023, "trauma_trained_by_group", "total", "2023-01-23", "2023-01-23", 1667.0, "ok", True),
    (P2019, "cadets_by_unit", "kings_coe", "2019-12-17", "2019-12-17", 28.0, "ok", False),
    (P2019, "cadet_leaders_attending_by_unit", "total", "2019-12-17", "2019-12-17", 35.0, "ok", True),
    (P2019, "volunteers_by_department", "dogs", "2019-12-17", "2019-12-17", 95.0, "ok", False),
    (P2019, "volunteers_by_department", "total", "2019-12-17", "2019-12-17", 414.0, "ok", True),
    (P2019, "uplift_officers_by_year", "police_officer", "2021-04-01", "2022-03-31", 480.0, "ok", False),
    (P2019, "uplift_officers_share_by_year", "police_officer", "2021-04-01", "2022-03-31", 40.0, "ok", False),
    (P2019, "uplift_officers_by_year", "police_officer", "2019-04-01", "2023-03-31", 1206.0, "ok", True),
    (P2019, "specials_to_engage_by_year", "specials", "2019-04-01", "2020-03-31", 69.0, "ok", False),
    (
        P2019,
        "officer_recruits_required_by_year",
        "police_officer",
        "2020-04-01",
        "2021-03-31",
        946.0,
        "ok",
        False,
    ),
    (P2019, "apprentices_by_programme", "custodial_care", "2019-12-17", "2019-12-17", 11.0, "ok", False),
    (
        P2019,
        "leadership_participants_by_activity",
        "reverse_mentoring_partnerships",
        "2019-01-01",
        "2019-12-31",
        25.0,
        "qualified",
        False,
    ),
    (
        P2019,
        "leadership_participants_by_activity",
        "leadership_workshops_for_future_leaders",
        "2019-01-01",
        "2019-12-31",
        2695.0,
        "ok",
        False,
    ),
    (
        P2019,
        "cadet_volunteering_hours_by_activity",
        "bluecoats_ws_litter_pick",
        "2019-06-01",
        "2019-06-30",
        3.0,
        "ok",
        False,
    ),
    (P2019, "cadet_volunteering_hours_by_activity", "total", "2019-04-01", "2019-08-31", 45.0, "ok", True),
    (
        P2023,
        "leavers_pct_by_reason",
        "police_officer.resignation",
        "2023-01-23",
        "2023-01-23",
        30.4,
        "ok",
        False,
    ),
    (P2023, "leavers_pct_by_reason", "police_officer.total", "2023-01-23", "2023-01-23", 100.0, "ok", True),
    (
        P2023,
        "ethnic_minority_pct_by_portfolio",
        "executive_plus_opcc",
        "2023-01-23",
        "2023-01-23",
        22.2,
        "ok",
        False,
    ),
    (P2023, "female_pct_by_role", "firearms_officer", "2023-01-23", "2023-01-23", 2.6, "ok", False),
    (
        P2023,
        "officer_assaults_monthly_average_by_offence_group",
        "no_injury",
        "2023-01-23",
        "2023-01-23",
        109.94,
        "ok",
        False,
    ),
    (
        P2023,
        "officer_assaults_with_injury_pct_by_offence_group",
        "no_injury",
        "2023-01-23",
        "2023-01-23",
        None,
        "not_applicable",
        False,
    ),
    (
        P2023,
        "officer_assault_positive_outcome_pct_by_outcome",
        "charge_or_summons",
        "2023-01-23",
        "2023-01-23",
        87.76,
        "ok",
        False,
    ),
    (
        P2023,
        "officer_assault_no_positive_outcome_pct_by_reason",
        "others",
        "2023-01-23",
        "2023-01-23",
        8.59,
        "ok",
        False,
    ),
    (P2023, "specials_by_hours_band", "over_16hrs", "2022-11-01", "2022-11-30", 176.0, "ok", False),
    (P2023, "specials_by_hours_band", "total", "2021-11-01", "2021-11-30", 291.0, "ok", True),
    (
        P2023,
        "change_benefits_cashable_gbp_by_project",
        "our_data_connect",
        "2022-04-01",
        "2023-03-31",
        140900.0,
        "ok",
        False,
    ),
    (
        P2023,
        "change_benefits_cashable_gbp_by_project",
        "our_data_control_works",
        "2022-04-01",
        "2023-03-31",
        None,
        "nil",
        False,
    ),
    (
        P2023,
        "change_benefits_cashable_gbp_by_project",
        "total",
        "2022-04-01",
        "2027-03-31",
        37910298.0,
        "ok",
        True,
    ),
    (
        P2023,
        "change_benefits_non_cashable_gbp_by_project",
        "estates",
        "2022-04-01",
        "2023-03-31",
        8009320.0,
        "note",
        False,
    ),
    (
        P2023,
        "change_benefits_non_cashable_gbp_by_project",
        "total",
        "2022-04-01",
        "2023-03-31",
        10466540.0,
        "ok",
        True,
    ),
    (
        P2023,
        "fte_efficiencies_by_project_portfolio",
        "our_data_control_works.local_policing",
        "2023-01-23",
        "2023-01-23",
        -2.44,
        "ok",
        False,
    ),
    (
        P2023,
        "fte_efficiencies_by_project_portfolio",
        "total.total",
        "2023-01-23",
        "2023-01-23",
        -451.28,
        "ok",
        True,
    ),
    (
        P2023,
        "fte_efficiencies_by_project_portfolio",
        "our_data_ddi.security",
        "2023-01-23",
        "2023-01-23",
        None,
        "missing",
        False,
    ),
]


@pytest.mark.parametrize(("file", "series", "cid", "start", "end", "value", "status", "is_total"), SAMPLES)
def test_sampled_values(
    file: str, series: str, cid: str, start: str, end: str, value: float | None, status: str, is_total: bool
) -> None:
    found = [
        o
        for o in mapped(file).observations
        if (o.series_id, o.category_id, o.period_start, o.period_end) == (series, cid, start, end)
    ]
    assert len(found) == 1, found
    o = found[0]
    assert o.value == pytest.approx(value) if value is not None else o.value is None
    assert (o.value_status, o.is_total) == (status, is_total)


def test_note_and_qualified_text_is_kept() -> None:
    notes = [o for o in mapped(P2023).observations if o.value_status == "note"]
    assert [o.value_text for o in notes] == ["£8,009,320 - one off back log maintenance saving"]
    assert (notes[0].row, notes[0].col, notes[0].page) == (15, 3, 17)


def test_period_labels_are_kept_as_printed() -> None:
    labels = {o.period_label for o in mapped(P2023).observations if o.series_id == "oh_referrals_by_reason"}
    assert "1 January – 31 March 2022" in labels
    assert "Total" in labels
    benefit_labels = {o.period_label for o in mapped(P2023).observations if "benefits" in o.series_id}
    assert {"2022/23 £", "Grand Total £"} <= benefit_labels


def test_units_and_decimals() -> None:
    obs = {o.series_id: o for o in mapped(P2023).observations}
    assert obs["fte_efficiencies_by_project_portfolio"].unit == "fte"
    assert obs["change_benefits_cashable_gbp_by_project"].unit == "gbp"
    pct = next(o for o in mapped(P2023).observations if o.value_text == "87.76%")
    assert (pct.unit, pct.decimals) == ("percent", 2)


def test_unmapped_register_lists_every_unmapped_table() -> None:
    register = (Path(schemas.__file__).parent / "UNMAPPED.md").read_text(encoding="utf-8")
    rows = {
        (cells[1], cells[2])
        for line in register.splitlines()
        if line.startswith("| ") and len(cells := [c.strip() for c in line.split("|")]) > 3
    }
    for p, _ in corpus():
        for u in mapped(p.file).unmapped:
            assert (p.file, u.table_id) in rows, (p.file, u.table_id, u.reason)
