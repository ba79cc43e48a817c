"""Byte-identical files are one paper with many names; the same table printed many
times in one paper is one set of figures with many places."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

from boardpack.models import Paper
from boardpack.publish import release_id
from boardpack.repeats import first_reports
from boardpack.sources import FolderSource, SourcesConfig, pull
from boardpack.worker import Limits
from boardpack.worker.read import read_pdf
from schemas.mapping import map_paper
from schemas.records import Observation
from tests.reliability import hostile

MINUTES = "2025-01-28_agb_minutes.pdf"


def _folder_with_copy(raw_papers: Path, tmp_path: Path, copy_name: str) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    for pdf in raw_papers.glob("*.pdf"):
        shutil.copy2(pdf, folder)
    shutil.copy2(raw_papers / "manifest.json", folder)
    shutil.copy(raw_papers / MINUTES, folder / copy_name)  # a fresh mtime: seen later
    return folder


def test_regression_a_strange_copy_does_not_replace_the_manifest_paper(
    raw_papers: Path, tmp_path: Path
) -> None:
    """A copy named to sort first used to win: the meeting date went empty and the real name vanished."""
    folder = _folder_with_copy(raw_papers, tmp_path, "!!copy of minutes.pdf")
    pulled = pull(SourcesConfig(sources=(FolderSource(name="local", path=folder),)), tmp_path / "landing")
    [minutes] = [p for p in pulled.papers if p.sha256.startswith("a38a1a28")]
    assert (minutes.file, minutes.meeting_date) == (MINUTES, "2025-01-28")
    names = {(n.file, n.is_label) for n in pulled.names if n.sha256 == minutes.sha256}
    assert names == {(MINUTES, True), ("!!copy of minutes.pdf", False)}
    assert len(pulled.papers) == 5


def test_without_a_manifest_the_copy_seen_earliest_is_the_label(raw_papers: Path, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(raw_papers / MINUTES, folder / "zz-original.pdf")
    shutil.copy(raw_papers / MINUTES, folder / "aa-copy.pdf")
    os.utime(folder / "zz-original.pdf", (1_000_000, 1_000_000))
    pulled = pull(SourcesConfig(sources=(FolderSource(name="local", path=folder),)), tmp_path / "landing")
    assert [p.file for p in pulled.papers] == ["zz-original.pdf"]
    assert sorted(n.file for n in pulled.names) == ["aa-copy.pdf", "zz-original.pdf"]


def test_regression_a_table_printed_on_every_page_is_one_set_of_figures(tmp_path: Path) -> None:
    """A pack repeating one table used to raise a duplicate-key error per repeat."""
    observations = _pack_observations(tmp_path, pages=12)
    unique = first_reports(observations)
    # The stitcher may join the repeats into continuing tables; either way each of the
    # 15 figures is printed 12 times in this paper.
    assert len(unique) == 15 and len(observations) == 12 * 15
    assert len({o.key for o in unique}) == len(unique)


def test_a_repeat_that_disagrees_is_kept_for_the_one_value_per_key_check(tmp_path: Path) -> None:
    observations = _pack_observations(tmp_path, pages=2)
    first = observations[0]
    changed = [o if o is not observations[15] else _with_value(o, (o.value or 0) + 5) for o in observations]
    assert observations[15].key == first.key
    assert len(first_reports(changed)) == 16


def _pack_observations(tmp_path: Path, pages: int) -> list[Observation]:
    """The observations mapped from a pack printing the same table on each of ``pages``."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(hostile.repeated_table(pages=pages))
    read = read_pdf(path, path.name, Limits())
    info = Paper(file=path.name, sha256=read.tables.sha256, path=str(path), meeting_date="2031-12-01")
    return map_paper(info, read.tables.tables).observations


def _with_value(o: Observation, value: float) -> Observation:
    return replace(o, value=value)


def test_regression_release_id_changes_with_a_published_meeting_date(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"paper_file": ["a.pdf"], "meeting_date": ["2025-01-28"], "value": [1.0]})
    moved = frame.assign(meeting_date=["2025-02-28"])
    assert release_id({"observations": frame}, "v1") != release_id({"observations": moved}, "v1")
    assert release_id({"observations": frame}, "v1") == release_id({"observations": frame.copy()}, "v1")
    assert release_id({"observations": frame}, "v1") != release_id({"observations": frame}, "v2")
    assert json.dumps(release_id({"observations": frame}, "v1"))
