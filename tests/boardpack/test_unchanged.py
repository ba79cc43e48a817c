"""A rerun with nothing new is settled before Prefect starts, with the summary the flow
gives (the temporary server launched meanwhile stopped unused); a rerun with anything
new goes to the flow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from boardpack.settings import default_settings
from boardpack.timings import TIMINGS_FILE
from boardpack.unchanged import unchanged_run

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_new_is_settled_before_prefect_as_the_flow_settles_it(
    corpus_run: Any, raw_papers: Path
) -> None:
    before = (corpus_run.out / TIMINGS_FILE).read_text()
    try:
        summary = unchanged_run(default_settings(raw_papers, corpus_run.out))
        assert summary is not None and not summary.new_release
        flow = corpus_run.second  # the flow's own rerun with nothing new
        assert (summary.release_id, summary.papers, summary.observations, summary.errors, summary.warnings) == (
            flow.release_id, flow.papers, flow.observations, flow.errors, flow.warnings
        )  # fmt: skip
        assert summary.audit_report == flow.audit_report and summary.quarantined == flow.quarantined
        timings = json.loads((corpus_run.out / TIMINGS_FILE).read_text())
        assert timings["before_prefect"] is True and list(timings["stage_seconds"]) == ["pull"]
    finally:
        (corpus_run.out / TIMINGS_FILE).write_text(before)


def test_a_paper_fewer_goes_to_the_flow(corpus_run: Any, raw_papers: Path, tmp_path: Path) -> None:
    fewer = tmp_path / "papers"
    fewer.mkdir()
    pdfs = sorted(raw_papers.glob("*.pdf"))
    for pdf in pdfs[1:]:
        shutil.copy(pdf, fewer / pdf.name)
    assert unchanged_run(default_settings(fewer, corpus_run.out)) is None


NOTHING_NEW = """
import sys
import flows.ephemeral
from boardpack.cli import main
code = main(["run", "--source", sys.argv[1], "--out", sys.argv[2]])
server = flows.ephemeral._running
print(code, "prefect" in sys.modules, server is not None and server.process.poll() is not None)
"""


def test_a_run_with_nothing_new_stops_its_server_unused_and_never_imports_prefect(
    corpus_run: Any, raw_papers: Path
) -> None:
    before = (corpus_run.out / TIMINGS_FILE).read_text()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", NOTHING_NEW, str(raw_papers), str(corpus_run.out)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        (corpus_run.out / TIMINGS_FILE).write_text(before)
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0].startswith(f"unchanged release {corpus_run.second.release_id}:")
    assert said[-1] == "0 False True"  # exit 0; Prefect never imported; the server launched, then stopped
