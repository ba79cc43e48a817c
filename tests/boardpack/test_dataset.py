"""The published dataset of the corpus: a valid Frictionless package, reconciled, flagged."""

from __future__ import annotations

import frictionless
import pandas as pd

from tests.conftest import CorpusRun


def test_datapackage_passes_frictionless_validate(corpus_run: CorpusRun) -> None:
    report = frictionless.validate(str(corpus_run.out / "dataset" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    names = [t.name for t in report.tasks]
    assert names == ["observations", "observations_full", "sources", "revisions", "series", "cells"]


def test_failed_values_are_kept_in_the_full_set_and_left_out_of_the_clean_one(corpus_run: CorpusRun) -> None:
    dataset = corpus_run.out / "dataset"
    full = pd.read_parquet(dataset / "observations_full.parquet")
    clean = pd.read_parquet(dataset / "observations.parquet")
    failed = full[full.validation_status == "failed"]
    assert len(clean) == len(full) - len(failed)
    assert not set(failed.observation_id) & set(clean.observation_id)
    assert full.observation_id.is_unique


def test_series_dictionary_covers_every_series_with_its_period_span(corpus_run: CorpusRun) -> None:
    dataset = corpus_run.out / "dataset"
    series = pd.read_csv(dataset / "series.csv").set_index("id")
    full = pd.read_parquet(dataset / "observations_full.parquet")
    assert set(series.index) == set(full.series_id)
    staff = series.loc["ethnic_minority_pct_by_staff_type"]
    assert (staff.unit, staff.first_period, staff.last_period) == ("percent", "2018-01-01", "2024-11-30")
    assert staff.observations == 45


def test_changelog_records_the_first_release_once(corpus_run: CorpusRun) -> None:
    text = (corpus_run.out / "dataset" / "CHANGELOG.md").read_text()
    assert text.count(f"## {corpus_run.first.release_id} ") == 1
    full = pd.read_parquet(corpus_run.out / "dataset" / "observations_full.parquet")
    assert f"- added: {len(full)}\n" in text
