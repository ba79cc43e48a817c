"""The release built in its own process: its tables made before validation ends, the
statuses applied after, the same release as built in one go; cached mappings loaded
there from their records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from boardpack import release
from boardpack.dataset import build_frames
from boardpack.fingerprint import release_code_version
from boardpack.publish import release_id
from boardpack.reconcile import reconcile
from boardpack.settings import RunSettings
from boardpack.store import connect
from flows.extract import cached_result, write_cached
from schemas.mapping import map_paper
from schemas.registry import series_catalog
from tests.schemas.schemas_truth import paper, truth_tables

P2025 = "2025-01-28_agb_supporting-the-workforce.pdf"
P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"


def test_statuses_given_after_the_tables_were_built_publish_the_release_built_in_one_go(
    tmp_path: Path,
) -> None:
    mapped = map_paper(paper(P2025), truth_tables(P2025))
    failed = mapped.observations[0]
    status = {o.key: "passed" for o in mapped.observations} | {failed.key: "failed"}
    cell = mapped.cells[0]
    cell_status = {(cell.paper_sha256, cell.table_id, cell.row, cell.col): "warning"}
    settings = RunSettings(source=tmp_path, out=tmp_path / "out")

    release.start([mapped])
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


def test_mappings_sent_as_cache_records_publish_the_release_of_mappings_sent_whole_and_a_lost_record_is_sent_whole(
    tmp_path: Path,
) -> None:
    mapped = [map_paper(paper(p), truth_tables(p)) for p in (P2023, P2025)]
    status = {o.key: "passed" for m in mapped for o in m.observations}
    kept, lost = tmp_path / "cache" / "map-kept", tmp_path / "cache" / "map-lost"
    write_cached(kept, mapped[0])

    def publish(out: str, records: list[Path | None]) -> release.Release:
        release.start(mapped, records, cached_result)
        return release.publish_with_status(RunSettings(source=tmp_path, out=tmp_path / out), status, {}, [])

    whole = publish("whole", [None, None])
    # the first loaded from its record there; the second's record is gone: sent whole after all
    by_record = publish("by-record", [kept, lost])
    assert whole.new and by_record.new and by_record.release_id == whole.release_id
    # the same release: the same tables, byte for byte, hashed into its id; both papers in it
    assert set(pd.read_parquet(by_record.path / "observations_full.parquet").paper_file) == {P2023, P2025}
    assert len(pd.read_parquet(by_record.path / "cells.parquet")) == sum(len(m.cells) for m in mapped)


def test_a_release_that_fails_to_publish_leaves_the_stores_dataset_tables_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapped = map_paper(paper(P2025), truth_tables(P2025))
    settings = RunSettings(source=tmp_path, out=tmp_path / "out")
    first = release.publish_frames(
        settings, build_frames(reconcile(mapped.observations), {}, series_catalog()), []
    )
    failing = {o.key: "failed" for o in mapped.observations}  # another release: every figure failed

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release, "write_changelog", full_disk)
    frames = build_frames(reconcile(mapped.observations), failing, series_catalog())
    with pytest.raises(OSError, match="No space left"):
        release.publish_frames(settings, frames, [])

    con = connect(settings.database)
    try:
        assert con.execute("SELECT release_id FROM dataset_release").fetchone() == (first.release_id,)
        statuses = con.execute("SELECT DISTINCT validation_status FROM dataset_observations_full").fetchall()
    finally:
        con.close()
    assert statuses == [("unchecked",)]
