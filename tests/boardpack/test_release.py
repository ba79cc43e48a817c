"""The release built in its own process: its tables made before validation ends, the
statuses applied after, the same release as built in one go."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from boardpack import release
from boardpack.dataset import build_frames
from boardpack.fingerprint import release_code_version
from boardpack.publish import release_id
from boardpack.reconcile import reconcile
from boardpack.settings import RunSettings
from schemas.mapping import map_paper
from schemas.registry import series_catalog
from tests.schemas.schemas_truth import paper, truth_tables

P2025 = "2025-01-28_agb_supporting-the-workforce.pdf"


def test_statuses_given_after_the_tables_were_built_publish_the_release_built_in_one_go(
    tmp_path: Path,
) -> None:
    mapped = map_paper(paper(P2025), truth_tables(P2025))
    failed = mapped.observations[0]
    status = {o.key: "passed" for o in mapped.observations} | {failed.key: "failed"}
    cell = mapped.cells[0]
    cell_status = {(cell.paper_sha256, cell.table_id, cell.row, cell.col): "warning"}
    settings = RunSettings(source=tmp_path, out=tmp_path / "out")

    release.start(mapped.observations, mapped.cells)
    assert release.started()
    published = release.publish_with_status(settings, status, cell_status, [])
    assert not release.started()

    in_one_go = build_frames(
        reconcile(mapped.observations), status, series_catalog(), mapped.cells, cell_status
    )
    assert published.new and published.release_id == release_id(
        in_one_go.by_resource(), release_code_version()
    )
    full = pd.read_parquet(published.path / "observations_full.parquet")
    clean = pd.read_parquet(published.path / "observations.parquet")
    assert full.set_index("paper_file").loc[P2025].validation_status.value_counts().to_dict() == {
        "passed": len(full) - 1, "failed": 1,
    }  # fmt: skip
    failed_id = "/".join((failed.series_id, failed.category_id, failed.period_start, failed.period_end))
    assert failed_id in set(full.observation_id) - set(clean.observation_id) and len(clean) == len(full) - 1
    cells = pd.read_parquet(published.path / "cells.parquet")
    assert cells.validation_status.value_counts().to_dict() == {"unchecked": len(cells) - 1, "warning": 1}
