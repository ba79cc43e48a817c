"""The audit site's stage: its papers' side written while the release is published
(``stages._begin_site``), the rest after (``stages._write_audit``), or all of it after
when the release had the store first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from boardpack import stages
from boardpack.report.links import page_names
from boardpack.report.reading import load_site_data
from boardpack.settings import default_settings

WRITER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


@pytest.fixture
def settings(corpus_run: Any, raw_papers: Path, tmp_path: Path) -> Any:
    """A run's settings over a copy of the corpus run's store, with an old site in place."""
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(corpus_run.out / "boardpack.duckdb", out / "boardpack.duckdb")
    shutil.copytree(corpus_run.out / "audit", out / "audit")
    return default_settings(raw_papers, out)


def site_is_whole(settings: Any) -> None:
    """The audit folder holds the whole site of the store: the index naming the release,
    a page per paper, a page per series; no staging folder is left beside it."""
    data = load_site_data(settings.database, figures_of=())
    index = (settings.audit / "index.html").read_text()
    assert data.release_id and f"release {data.release_id}" in index
    for stem in page_names(data.papers).values():
        assert (settings.audit / f"{stem}.html").is_file()
    assert len(list((settings.audit / "series").glob("*.html"))) >= len(data.series) > 0
    assert not list(settings.audit.parent.glob(".audit.*"))


def test_the_papers_side_is_staged_and_the_old_site_stays_until_the_release_side_is_done(
    settings: Any,
) -> None:
    before = (settings.audit / "index.html").stat().st_ino
    stages._begin_site(settings)
    assert stages._begun is not None
    staging, side = stages._begun
    assert staging.parent == settings.audit.parent and staging.is_dir()
    assert len(side.names) == len(side.data.papers) == 5
    assert side.data.release_id is None and not side.data.series  # the release's side is not read yet
    assert (settings.audit / "index.html").stat().st_ino == before  # the old site, untouched

    index = stages._write_audit(settings)

    assert index == settings.audit / "index.html" and stages._begun is None
    site_is_whole(settings)


def test_regression_a_store_held_by_the_release_leaves_the_whole_site_to_the_report(settings: Any) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(settings.database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        stages._begin_site(settings)  # cannot read the store: nothing staged, nothing left behind
        assert stages._begun is None
        assert not list(settings.audit.parent.glob(".audit.*"))
    finally:
        writer.kill()
        writer.wait()

    stages._write_audit(settings)

    site_is_whole(settings)
