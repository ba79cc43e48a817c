"""Benchmark: a rerun with nothing new against a cold run, in pipeline time.

One process, one temporary Prefect home: a trivial flow first starts the ephemeral
server (its ~17 s of database migration is not pipeline time), then the board-papers
flow runs as ``boardpack run`` runs it (``run_here``) cold into an empty output
folder, then again with nothing new. Target: the
rerun takes at most 10% of the cold run.

Usage: ``python bench/rerun_ratio.py [PAPERS_DIR]``; prints the figures and writes
``outputs/bench/rerun.json``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "outputs" / "bench" / "rerun.json"


def main() -> None:
    papers_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw_papers"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PREFECT_HOME"] = str(Path(tmp) / "prefect")
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        from prefect import flow

        from flows.board_papers import run_here

        @flow
        def warm_up() -> None:
            """Starts the ephemeral server so its start-up is not counted."""

        warm_up()
        out = Path(tmp) / "out"
        start = time.perf_counter()
        cold = run_here(source=str(papers_dir), out=str(out))
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        rerun = run_here(source=str(papers_dir), out=str(out))
        rerun_s = time.perf_counter() - start
    figures = {
        "papers": cold.papers,
        "cold_s": round(cold_s, 3),
        "rerun_s": round(rerun_s, 3),
        "ratio": round(rerun_s / cold_s, 4),
        "rerun_new_release": rerun.new_release,
        "target_ratio": 0.10,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"cold run {cold_s:.2f} s, rerun with nothing new {rerun_s:.2f} s: "
          f"{100 * figures['ratio']:.1f}% of cold (target <= 10%)")  # fmt: skip


if __name__ == "__main__":
    main()
