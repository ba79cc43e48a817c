"""Benchmark: the extraction stage on a Dask cluster of one worker against two.

A cluster is started as a user starts one (``bench/dask_cluster.py``: ``dask scheduler``
and N single-threaded ``dask worker`` processes on 127.0.0.1), the flow runs on it
(``BOARDPACK_TASK_RUNNER=dask``, ``BOARDPACK_DASK_ADDRESS``) over the first ``--papers``
papers of the scale corpus into an empty output folder, and the extract stage's wall
time is read from the run's ``run_timings.json``.  Each worker reads its papers in its
own warm reader process (``boardpack.worker``).  The two runs must publish the same
release.  Figures go to ``outputs/bench/scale_dask.json``.  Usage::

    python bench/scale_dask.py [--papers 50] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dask_cluster import dask_cluster  # noqa: E402
from bench.scale import link_papers, machine  # noqa: E402
from bench.scale_corpus import build_corpus  # noqa: E402
from boardpack.timings import TIMINGS_FILE  # noqa: E402

WORK = ROOT / "outputs" / "bench" / "scale_dask"
RESULT = ROOT / "outputs" / "bench" / "scale_dask.json"
PRELOAD = ("flows.extract",)
"""What ``--preload`` has the scheduler and each worker preload as they start: the
extract tasks' module, whose ``dask_setup`` imports the flow and starts a warm reader."""


def run_on_cluster(workers: int, source: Path, out: Path, preload: Sequence[str] = ()) -> dict[str, Any]:
    """One flow run on a fresh cluster of ``workers`` workers (each importing the modules
    of ``preload`` as it starts, as does the scheduler); its figures."""
    from prefect.settings import PREFECT_API_URL

    from flows.board_papers import board_papers
    from flows.runners import task_runner_from_env

    shutil.rmtree(out, ignore_errors=True)
    env = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "PREFECT_HOME": os.environ["PREFECT_HOME"]}
    with dask_cluster(workers, env, WORK / f"logs-{workers}", preload) as address:
        runner = task_runner_from_env({"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_ADDRESS": address})
        started = time.perf_counter()
        summary = board_papers.with_options(task_runner=runner)(source=str(source), out=str(out))
        wall = time.perf_counter() - started
    timings = json.loads((out / TIMINGS_FILE).read_text())
    return {
        "workers": workers,
        "release_id": summary.release_id,
        "flow_wall_s": round(wall, 2),
        "extract_s": timings["stage_seconds"]["extract"],
        "stage_seconds": timings["stage_seconds"],
    }


def main(argv: list[str] | None = None) -> int:
    """CLI entry: run the flow on each cluster size, print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=50, help="papers of the scale corpus")
    ap.add_argument("--workers", default="1,2", help="comma-separated cluster sizes")
    ap.add_argument("--out", type=Path, default=RESULT, help="where the JSON figures go")
    ap.add_argument(
        "--preload", action="store_true",
        help="the scheduler and workers preload the extraction's module (dask scheduler|worker --preload flows.extract)",
    )  # fmt: skip
    args = ap.parse_args(argv)
    from prefect.testing.utilities import prefect_test_harness

    started = machine()
    source = WORK / "papers"
    link_papers(build_corpus(args.papers), source)
    os.environ.setdefault("PREFECT_HOME", str(WORK / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # nothing leaves the machine
    runs = []
    with prefect_test_harness(server_startup_timeout=120):
        for n in (int(x) for x in args.workers.split(",") if x):
            print(f"{n} Dask worker(s), {args.papers} papers ...", flush=True)
            runs.append(run_on_cluster(n, source, WORK / f"out-{n}", PRELOAD if args.preload else ()))
            print(f"  extract {runs[-1]['extract_s']:.1f} s, release {runs[-1]['release_id']}", flush=True)
    base = runs[0]["extract_s"]
    for r in runs:
        r["extract_speedup"] = round(base / r["extract_s"], 2) if r["extract_s"] else None
    report = {
        "command": "python bench/scale_dask.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "papers": args.papers,
        "preload": list(PRELOAD) if args.preload else [],
        "machine_at_start": started,
        "machine_at_end": machine(),
        "same_release": len({r["release_id"] for r in runs}) == 1,
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print("\n| Dask workers | extract s | speed-up | release |\n|---|---|---|---|")
    for r in runs:
        print(f"| {r['workers']} | {r['extract_s']} | {r['extract_speedup']}× | {r['release_id']} |")
    print(f"\nsame release: {report['same_release']}; figures: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
