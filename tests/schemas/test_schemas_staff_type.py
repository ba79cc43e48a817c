"""The ethnic-minority-by-staff-type family across the 2023 and 2025 papers."""

from __future__ import annotations

from collections import defaultdict

from schemas.mapping import map_paper
from schemas.records import Observation
from tests.schemas.schemas_truth import paper, truth_tables

P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"
P2025 = "2025-01-28_agb_supporting-the-workforce.pdf"
SERIES = "ethnic_minority_pct_by_staff_type"


def _staff_type(file: str) -> list[Observation]:
    """The staff-type observations of one paper."""
    result = map_paper(paper(file), truth_tables(file))
    return [o for o in result.observations if o.series_id == SERIES]


def test_45_unique_observations_20_reported_twice() -> None:
    obs = _staff_type(P2023) + _staff_type(P2025)
    assert len(obs) == 30 + 35
    papers: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for o in obs:
        papers[(o.series_id, o.category_id, o.period_start)].add(o.paper_file)
    assert len(papers) == 45
    assert sum(1 for v in papers.values() if len(v) == 2) == 20
    months = sorted({k[2][:7] for k in papers})
    assert months == [
        "2018-01",
        "2019-01",
        "2020-01",
        "2021-01",
        "2022-01",
        "2022-12",
        "2023-01",
        "2023-12",
        "2024-11",
    ]
    assert {k[1] for k in papers} == {"police_officer", "police_staff", "pcso", "specials", "total"}


def test_2025_table_without_caption_is_recognised_by_header() -> None:
    tables = truth_tables(P2025)
    assert tables[0].caption is None
    obs = _staff_type(P2025)
    nov24 = {o.category_id: o for o in obs if o.period_label == "Nov-24"}
    assert nov24["police_officer"].value == 14.2
    assert nov24["specials"].value == 30.7
    assert nov24["total"].value == 16.3 and nov24["total"].is_total
    assert nov24["police_officer"].period_start == "2024-11-01"
    assert nov24["police_officer"].period_end == "2024-11-30"
    assert nov24["police_officer"].decimals == 1


def test_2023_values_and_provenance() -> None:
    obs = {(o.category_id, o.period_label): o for o in _staff_type(P2023)}
    o = obs[("police_officer", "Dec-22")]
    assert (o.value, o.value_text, o.decimals, o.value_status) == (13.7, "13.70%", 2, "ok")
    assert (o.table_id, o.row, o.col, o.page) == ("t02", 2, 1, 2)
    assert o.paper_sha256.startswith("e1922c2f")
    assert o.meeting_date == "2023-01-23"
    assert obs[("pcso", "Jan-18")].value == 12.6
    assert obs[("total", "Jan-18")].value == 11.1
    assert obs[("total", "Jan-18")].is_total
    assert not obs[("specials", "Jan-18")].is_total


def test_both_papers_agree_where_they_overlap() -> None:
    a = {(o.category_id, o.period_start): o.value for o in _staff_type(P2023)}
    b = {(o.category_id, o.period_start): o.value for o in _staff_type(P2025)}
    both = set(a) & set(b)
    assert len(both) == 20
    assert all(a[k] == b[k] for k in both)
