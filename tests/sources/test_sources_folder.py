"""The folder source and pull() over it, against the real raw_papers/ folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from boardpack.sources import FolderSource, SourcesConfig, default_config, load_config, pull
from boardpack.sources.folder import pull_folder

RAW = Path(__file__).resolve().parents[2] / "raw_papers"


def _manifest() -> dict[str, dict[str, object]]:
    data = json.loads((RAW / "manifest.json").read_text())
    return {p["file"]: p for p in data["papers"]}


def test_folder_hashes_match_manifest_and_metadata_comes_from_it() -> None:
    result = pull_folder(FolderSource(name="local", path=RAW))
    manifest = _manifest()
    assert result.failures == []
    assert [p.file for p in result.papers] == sorted(manifest)
    for paper in result.papers:
        entry = manifest[paper.file]
        assert paper.sha256 == entry["sha256"]
        assert (paper.board, paper.meeting_date, paper.title) == (
            entry["board"],
            entry["meeting_date"],
            entry["title"],
        )
        assert Path(paper.path) == RAW / paper.file
        assert paper.source == "local"


def test_folder_without_manifest_gives_papers_without_metadata(tmp_path: Path) -> None:
    shutil.copy(RAW / "2025-01-28_agb_minutes.pdf", tmp_path / "B.PDF")
    shutil.copy(RAW / "2022-09_spcb_fairness-and-belonging.pdf", tmp_path / "a.pdf")
    (tmp_path / "notes.txt").write_text("not a paper")
    (tmp_path / "sub").mkdir()
    shutil.copy(RAW / "2025-01-28_agb_minutes.pdf", tmp_path / "sub" / "c.pdf")

    result = pull_folder(FolderSource(name="x", path=tmp_path))

    assert result.failures == []
    assert [p.file for p in result.papers] == ["B.PDF", "a.pdf"]  # by name, not recursive
    assert all(p.board is None and p.title is None for p in result.papers)


def test_fake_pdf_and_bad_manifest_are_failures_not_exceptions(tmp_path: Path) -> None:
    shutil.copy(RAW / "2025-01-28_agb_minutes.pdf", tmp_path / "good.pdf")
    (tmp_path / "bad.pdf").write_text("<html>Not found</html>")
    (tmp_path / "manifest.json").write_text("{not json")

    result = pull_folder(FolderSource(name="x", path=tmp_path))

    assert [p.file for p in result.papers] == ["good.pdf"]
    reasons = {Path(f.url_or_path).name: f.reason for f in result.failures}
    assert "not valid JSON" in reasons["manifest.json"]
    assert reasons["bad.pdf"] == "bad.pdf is an HTML page, not a PDF"
    assert {Path(f.url_or_path).name: f.kind for f in result.failures} == {
        "manifest.json": "manifest",
        "bad.pdf": "html",
    }


def test_missing_folder_is_a_failure(tmp_path: Path) -> None:
    result = pull_folder(FolderSource(name="x", path=tmp_path / "nope"))
    assert result.papers == []
    assert result.failures[0].reason == "folder does not exist"


def test_pull_default_config_and_repo_sources_yaml_give_the_same_papers(tmp_path: Path) -> None:
    from_file = pull(load_config(RAW.parent / "sources.yaml"), tmp_path)
    from_default = pull(default_config(RAW.parent), tmp_path)
    assert from_file.failures == [] and from_default.failures == []
    assert [p.sha256 for p in from_file.papers] == [p.sha256 for p in from_default.papers]
    assert len(from_file.papers) == len(_manifest())
    assert list(tmp_path.iterdir()) == []  # a folder source lands nothing


def test_pull_keeps_one_paper_per_sha256(tmp_path: Path) -> None:
    shutil.copy(RAW / "2025-01-28_agb_minutes.pdf", tmp_path / "copy.pdf")
    config = SourcesConfig(
        sources=(FolderSource(name="raw", path=RAW), FolderSource(name="copy", path=tmp_path))
    )
    result = pull(config, tmp_path / "landing")
    assert len(result.papers) == len(_manifest())
    assert all(p.source == "raw" for p in result.papers)
