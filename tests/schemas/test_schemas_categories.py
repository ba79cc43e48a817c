"""Category labels → stable ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.categories import CategoryError, alias_index, category_id, slug


@pytest.mark.parametrize(
    ("label", "cid"),
    [
        ("PCSO's", "pcso"),
        ("PCSOs", "pcso"),
        ("PCSO", "pcso"),
        ("M-Band", "band_m"),
        ("Band-M", "band_m"),
        ("Band M", "band_m"),
        ("Police Officer", "police_officer"),
        ("People & Organisation Development Directorate", "people_and_organisation_development_directorate"),
        ("Executive + OPCC", "executive_plus_opcc"),
        ("Supt to Ch.Supt", "supt_to_ch_supt"),
        ("ASPIRE Women's Development (4 workshops)", "aspire_womens_development_4_workshops"),
        ("  Force   Total ", "force_total"),
    ],
)
def test_slug_rules(label: str, cid: str) -> None:
    assert category_id(label) == cid


def test_aliases_map_printed_variants_to_one_id() -> None:
    index = alias_index({"police_staff": ["Staff", "Police Staff"]})
    assert category_id("Staff", index) == "police_staff"
    assert category_id("Police  Staff", index) == "police_staff"
    assert category_id("Specials", index) == "specials"


def test_empty_label_raises() -> None:
    with pytest.raises(CategoryError):
        category_id(" - ")


@given(st.text(max_size=40))
def test_slug_is_snake_case_and_idempotent(label: str) -> None:
    s = slug(label)
    assert re.fullmatch(r"[a-z0-9_]*", s)
    assert slug(s) == s
