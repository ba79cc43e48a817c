"""Benchmark: how long the whole audit site of the corpus takes to build.

A store is needed first: the one given, else ``outputs/boardpack.duckdb`` when a run
left one, else the board-papers flow runs over the corpus into a temporary folder (not
timed).  Then, timed, ``write_audit_report`` builds the site from scratch ``REPEATS``
times in fresh folders (store reading, page images, every page): the median and the
slowest wall time are reported, the median CPU time of the process (all threads: less
sensitive to a busy machine), and what the site holds.  Target: under 10 s.

Usage: ``python bench/report_speed.py [STORE.duckdb]``; prints the figures and writes
``outputs/bench/report.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "outputs" / "bench" / "report.json"
REPEATS = 3
TARGET_S = 10.0


def corpus_store(tmp: Path) -> Path:
    """A store of the corpus: the argument, the last run's, or a fresh run's."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if (ROOT / "outputs" / "boardpack.duckdb").is_file():
        return ROOT / "outputs" / "boardpack.duckdb"
    os.environ["PREFECT_HOME"] = str(tmp / "prefect")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.board_papers import run_here

    run_here(source=str(ROOT / "raw_papers"), out=str(tmp / "run"))
    return tmp / "run" / "boardpack.duckdb"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        start = time.perf_counter()
        from boardpack.report import write_audit_report

        import_s = time.perf_counter() - start
        store = corpus_store(tmp)
        times, cpu = [], []
        for i in range(REPEATS):
            out = tmp / f"site-{i}"
            start, start_cpu = time.perf_counter(), time.process_time()
            write_audit_report(store, out)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        pages = len(list(out.rglob("*.html")))
        images = len(list((out / "img").glob("*.png")))
        size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    figures = {
        "store": str(store),
        "html_pages": pages,
        "page_images": images,
        "site_mb": round(size_mb, 1),
        "import_s": round(import_s, 3),
        "build_median_s": round(statistics.median(times), 3),
        "build_max_s": round(max(times), 3),
        "build_cpu_median_s": round(statistics.median(cpu), 3),
        "repeats": REPEATS,
        "target_s": TARGET_S,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"audit site of the corpus ({pages} pages, {images} page images, {size_mb:.1f} MB): "
          f"median {figures['build_median_s']:.2f} s, slowest {figures['build_max_s']:.2f} s "
          f"of {REPEATS} builds (target < {TARGET_S:.0f} s), CPU {figures['build_cpu_median_s']:.2f} s; "
          f"import {import_s:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
