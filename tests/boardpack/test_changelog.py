"""What a release changed against the previous one (``boardpack.changelog.diff``), on the
corpus run's own release."""

from __future__ import annotations

from typing import Any

import pandas as pd

from boardpack.changelog import diff


def test_figures_added_changed_in_text_or_status_and_removed_are_each_named(corpus_run: Any) -> None:
    before = pd.read_parquet(corpus_run.out / "dataset" / "observations_full.parquet")
    ids = before.observation_id.astype(str).tolist()
    after = before.copy()
    after.loc[after.index[0], "value_text"] = "999"  # revised figure
    after.loc[after.index[1], "validation_status"] = (
        "failed" if before.validation_status.iloc[1] != "failed" else "passed"
    )
    after = pd.concat([after.iloc[:-2], before.iloc[:1].assign(observation_id="new-figure")])  # last two gone

    changes = diff(before, after)

    assert changes.added == ["new-figure"]
    assert changes.changed == sorted(ids[:2])
    assert changes.removed == sorted(ids[-2:])
    assert diff(before, before).changed == [] and diff(None, before).added == sorted(ids)
