"""Scale-out: the flow's per-paper tasks on a Dask cluster a user started (``dask scheduler``
and two ``dask worker`` processes on 127.0.0.1, each preloading ``flows.extract`` as the
docs say) publish what a local run publishes."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dask_cluster import dask_cluster  # noqa: E402
from tests.conftest import SMALL, SmallRun  # noqa: E402


@pytest.mark.slow
def test_two_dask_worker_processes_publish_the_release_a_local_run_publishes(
    small_run: SmallRun, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    from flows.board_papers import board_papers
    from flows.runners import task_runner_from_env

    source, local = small_run.source, small_run.summary

    # The workers report their task runs to the flow's Prefect server, as a deployment's would.
    env = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "PREFECT_HOME": os.environ["PREFECT_HOME"]}
    logs = tmp_path / "dask-logs"
    with dask_cluster(2, env, logs, preload=("flows.extract",)) as address:
        runner = task_runner_from_env({"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_ADDRESS": address})
        on_dask = board_papers.with_options(task_runner=runner)(
            source=str(source), out=str(tmp_path / "dask")
        )

    assert on_dask.release_id == local.release_id and on_dask.new_release
    assert (on_dask.observations, on_dask.errors, on_dask.warnings) == (
        local.observations,
        local.errors,
        local.warnings,
    )
    # The chunk tasks that read and map the papers ran in the workers, a log line per
    # paper read and one per paper mapped; each server ran the preload's setup.
    worker_logs = "".join(p.read_text(errors="replace") for p in logs.glob("worker-*.log"))
    for name in SMALL:
        assert "Task run 'extract-chunk-" in worker_logs and f"{name}: " in worker_logs, name
        assert re.search(rf"{re.escape(name)}: \d+ observations", worker_logs), name
    for server in ("scheduler", "worker-1", "worker-2"):
        assert "Run preload setup: flows.extract" in (logs / f"{server}.log").read_text(), server
    for name in ("observations_full.parquet", "cells.parquet"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "dask" / "dataset" / name),
            pd.read_parquet(small_run.out / "dataset" / name),
        )
