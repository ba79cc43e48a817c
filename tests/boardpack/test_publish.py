"""Releases: ids derived from inputs, atomic switch, idempotent reruns, pruning."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from boardpack.publish import current_release, publish, release_id


def _writer(value: int):  # type: ignore[no-untyped-def]
    def write(directory: Path) -> None:
        pd.DataFrame({"value": [value]}).to_parquet(directory / "observations.parquet")

    return write


def test_release_id_depends_on_the_published_tables_and_code_not_resource_order() -> None:
    a, b = pd.DataFrame({"value": [1.0]}), pd.DataFrame({"id": ["x"]})
    assert release_id({"observations": a, "series": b}, "1") == release_id(
        {"series": b, "observations": a}, "1"
    )
    assert release_id({"observations": a}, "1") != release_id({"observations": a.assign(value=[2.0])}, "1")
    assert release_id({"observations": a}, "1") != release_id({"observations": a}, "2")


def test_publish_switches_dataset_to_the_new_release(tmp_path: Path) -> None:
    first = publish(tmp_path, "r1", _writer(1))
    assert first.new and current_release(tmp_path) == "r1"
    second = publish(tmp_path, "r2", _writer(2))
    assert second.new and current_release(tmp_path) == "r2"
    assert pd.read_parquet(tmp_path / "dataset" / "observations.parquet")["value"].tolist() == [2]
    assert (tmp_path / "releases" / "r1" / "observations.parquet").exists()


def test_republishing_the_same_release_writes_nothing(tmp_path: Path) -> None:
    publish(tmp_path, "r1", _writer(1))
    again = publish(tmp_path, "r1", _writer(99))
    assert not again.new
    assert pd.read_parquet(tmp_path / "dataset" / "observations.parquet")["value"].tolist() == [1]


def test_only_the_newest_releases_are_kept(tmp_path: Path) -> None:
    for i in range(8):
        publish(tmp_path, f"r{i}", _writer(i))
    kept = sorted(p.name for p in (tmp_path / "releases").iterdir())
    assert len(kept) == 5 and "r7" in kept and "r0" not in kept


def test_failed_write_leaves_the_last_release_whole(tmp_path: Path) -> None:
    publish(tmp_path, "r1", _writer(1))

    def broken(directory: Path) -> None:
        (directory / "observations.parquet").write_text("half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        publish(tmp_path, "r2", broken)
    assert current_release(tmp_path) == "r1"
    assert pd.read_parquet(tmp_path / "dataset" / "observations.parquet")["value"].tolist() == [1]
    publish(tmp_path, "r3", _writer(3))
    assert not list((tmp_path / "releases").glob(".tmp-*"))


KILLED_WRITER = """
import sys, time
from pathlib import Path
import pandas as pd
from boardpack.publish import publish

def write(directory: Path) -> None:
    pd.DataFrame({"value": [2]}).to_parquet(directory / "observations.parquet")
    (directory / "datapackage.json").write_text("{half")
    Path(sys.argv[2]).touch()
    time.sleep(60)

publish(Path(sys.argv[1]), "r2", write)
"""


def test_a_run_killed_while_publishing_leaves_the_last_release_readable(tmp_path: Path) -> None:
    out, started = tmp_path / "out", tmp_path / "started"
    publish(out, "r1", _writer(1))
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(out), str(started)])
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "writer never reached the middle"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    assert current_release(out) == "r1"
    assert pd.read_parquet(out / "dataset" / "observations.parquet")["value"].tolist() == [1]
    assert list((out / "releases").glob(".tmp-r2-*")), (
        "the half-written release is left aside, not switched to"
    )

    again = publish(out, "r2", _writer(2))
    assert again.new and current_release(out) == "r2"
    assert pd.read_parquet(out / "dataset" / "observations.parquet")["value"].tolist() == [2]
    assert not list((out / "releases").glob(".tmp-*"))
