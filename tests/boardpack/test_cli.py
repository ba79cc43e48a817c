"""The command line: help for a new user, and the public extract contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from boardpack.cli import build_parser, main

CONTRACT_TABLE_KEYS = {"id", "kind", "pages", "caption", "header_rows", "rows", "bbox", "method"}


@pytest.mark.parametrize(
    "command", [[], ["run"], ["extract"], ["evaluate"], ["schemas"], ["schemas", "draft"]]
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "usage: boardpack" in text
    assert len(text) > 300  # says what the command does, not just its usage line


def test_extract_writes_the_public_contract(raw_papers: Path, tmp_path: Path) -> None:
    pdf = raw_papers / "2025-01-28_agb_supporting-the-workforce.pdf"
    out = tmp_path / "out.json"
    assert main(["extract", str(pdf), "--json", str(out)]) == 0
    papers = json.loads(out.read_text())["papers"]
    assert [p["file"] for p in papers] == [pdf.name]
    paper = papers[0]
    assert paper["sha256"] == "b76a68aa3e7a6dc317459eeeaf96d7001fe876291aef04ecca5e11b6b8a11513"
    assert paper["pages"] == 6
    table = paper["tables"][0]
    assert set(table) >= CONTRACT_TABLE_KEYS
    assert table["header_rows"][-1][:3] == ["", "Nov-24", "Dec-23"]
    assert table["rows"][-1][:2] == ["Force Total", "16.3%"]


def test_extract_goes_on_past_a_file_that_is_not_a_pdf(raw_papers: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    good = raw_papers / "2025-01-28_agb_supporting-the-workforce.pdf"
    out = tmp_path / "out.json"
    assert main(["extract", str(bad), str(good), "--json", str(out)]) == 1  # 1: some files quarantined
    papers = json.loads(out.read_text())["papers"]
    assert papers[0]["file"] == "broken.pdf"
    assert papers[0]["errors"][0]["kind"] == "html" and papers[0]["tables"] == []
    assert papers[1]["tables"], "the good paper after the bad one is still extracted"


def test_parser_lists_the_commands() -> None:
    text = build_parser().format_help()
    for name in ("run", "extract", "evaluate", "schemas draft"):
        assert f"boardpack {name}" in text


@pytest.mark.slow
def test_run_publishes_and_says_where(
    prefect_harness: None, raw_papers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    source, out = tmp_path / "papers", tmp_path / "out"
    source.mkdir()
    shutil.copy(raw_papers / "2025-01-28_agb_supporting-the-workforce.pdf", source)
    assert main(["run", "--source", str(source), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "new release" in said and "1 papers, 35 observations, 0 validation errors" in said
    assert f"dataset: {out / 'dataset'}" in said
    assert f"audit site: {(out / 'audit' / 'index.html').as_uri()}" in said
    assert (out / "audit" / "index.html").is_file()
    docs = re.search(r"^Data Docs:  file://(\S+)$", said, re.M)
    assert docs is not None and Path(docs.group(1)).is_file()
    assert main(["run", "--source", str(source), "--out", str(out)]) == 0
    again = capsys.readouterr().out
    assert "unchanged release" in again
    assert f"audit site: {(out / 'audit' / 'index.html').as_uri()}" in again
