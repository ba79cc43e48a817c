"""Operational faults of ``boardpack run``: each one clear line and an exit code, never a
traceback (unless --debug); the lock; an empty source; a moved output folder."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from boardpack.cli import main
from boardpack.errors import RunLocked
from boardpack.lock import LOCK_NAME, run_lock

GOOD = "2025-01-28_agb_supporting-the-workforce.pdf"


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    return err


def test_regression_a_mistyped_source_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--source", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "does not exist" in _one_line_error(capsys)


def test_regression_a_broken_sources_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - kind: folder\n    path: [unclosed\n")
    assert main(["run", "--source", str(sources), "--out", str(tmp_path / "out")]) == 2
    assert str(sources) in _one_line_error(capsys)


def test_a_store_that_cannot_be_opened_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw_papers: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "boardpack.duckdb").write_bytes(b"this is not a database" * 100)
    assert main(["run", "--source", str(raw_papers), "--out", str(out)]) == 2
    assert "cannot open the store" in _one_line_error(capsys)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="does not exist"):
        main(["--debug", "run", "--source", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])


def test_regression_a_second_run_on_the_same_out_exits_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw_papers: Path
) -> None:
    """Two runs into one --out used to collide with a raw DuckDB lock traceback."""
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, sys, time
            fd = os.open({str(out / LOCK_NAME)!r}, os.O_RDWR | os.O_CREAT)
            fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, str(os.getpid()).encode())
            print("held", flush=True); time.sleep(60)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert main(["run", "--source", str(raw_papers), "--out", str(out)]) == 2
        assert f"another boardpack run (pid {holder.pid})" in _one_line_error(capsys)
        assert not (out / "dataset").exists()
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_is_reentrant_in_one_process_and_freed_on_exit(tmp_path: Path) -> None:
    with run_lock(tmp_path), run_lock(tmp_path):
        fd = os.open(tmp_path / LOCK_NAME, os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
    with run_lock(tmp_path):
        pass
    fd = os.open(tmp_path / LOCK_NAME, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    with pytest.raises(RunLocked), run_lock(tmp_path, wait=0.6):
        pass
    os.close(fd)


@pytest.mark.slow
def test_regression_an_empty_source_is_a_successful_run_with_nothing_new(
    prefect_harness: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to end in 136 lines of DuckDB traceback after "pulled 0 papers"."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["run", "--source", str(empty), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "nothing new: no papers in" in captured.out and "Traceback" not in captured.err


@pytest.mark.slow
def test_regression_a_moved_out_folder_keeps_working_and_a_lost_audit_is_rewritten(
    prefect_harness: None, raw_papers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moving --out broke every later run ("Provided path ... is outside of the base path");
    a kill during the audit write left audit/ empty for good ("nothing new")."""
    source = tmp_path / "papers"
    source.mkdir()
    shutil.copy(raw_papers / GOOD, source)
    first, moved = tmp_path / "first", tmp_path / "moved"
    assert main(["run", "--source", str(source), "--out", str(first)]) == 0
    shutil.move(first, moved)
    shutil.rmtree(moved / "audit")
    assert main(["run", "--source", str(source), "--out", str(moved)]) == 0
    said = capsys.readouterr()
    assert "outside of the base path" not in said.out + said.err
    assert (moved / "audit" / "index.html").is_file()
    with duckdb.connect(str(moved / "boardpack.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observations").fetchone() == (35,)
    assert main(["run", "--source", str(source), "--out", str(moved)]) == 0
    assert "unchanged release" in capsys.readouterr().out
