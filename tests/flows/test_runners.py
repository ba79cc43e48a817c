"""flows.runners: the task runner the environment asks for, and the flow on a Dask cluster."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pandas as pd
import pytest
from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from flows.runners import cluster_slots, dask_runner_kwargs, runner_kind, task_runner_from_env
from tests.conftest import SmallRun


def test_default_is_a_thread_pool() -> None:
    runner = task_runner_from_env({})
    assert isinstance(runner, ThreadPoolTaskRunner)


def test_thread_pool_size_from_env() -> None:
    runner = task_runner_from_env({"BOARDPACK_TASK_RUNNER": "thread", "BOARDPACK_MAX_WORKERS": "3"})
    assert isinstance(runner, ThreadPoolTaskRunner) and runner._max_workers == 3


def test_dask_with_an_address_connects_to_that_scheduler() -> None:
    env = {"BOARDPACK_TASK_RUNNER": "Dask", "BOARDPACK_DASK_ADDRESS": "tcp://10.0.0.5:8786"}
    runner = task_runner_from_env(env)
    assert isinstance(runner, DaskTaskRunner)
    assert runner.address == "tcp://10.0.0.5:8786" and not runner.cluster_kwargs


def test_dask_without_an_address_makes_a_local_cluster_of_two_single_threaded_workers_that_preload() -> None:
    kwargs = dask_runner_kwargs({"BOARDPACK_TASK_RUNNER": "dask"})
    assert kwargs["cluster_class"] == "distributed.LocalCluster"
    assert kwargs["cluster_kwargs"]["n_workers"] == 2
    assert kwargs["cluster_kwargs"]["threads_per_worker"] == 1
    # as a user's own cluster is started (docs/operations.md): the hook is flows.extract's
    assert kwargs["cluster_kwargs"]["preload"] == ["flows.extract"]
    assert kwargs["cluster_kwargs"]["scheduler_kwargs"] == {"preload": ["flows.extract"]}
    assert callable(importlib.import_module("flows.extract").dask_setup)


def test_local_cluster_uses_processes_only_with_a_prefect_server() -> None:
    """Without PREFECT_API_URL each worker process would start its own temporary server."""
    assert not dask_runner_kwargs({})["cluster_kwargs"]["processes"]
    assert dask_runner_kwargs({"PREFECT_API_URL": "http://127.0.0.1:4200/api"})["cluster_kwargs"]["processes"]
    assert dask_runner_kwargs({"BOARDPACK_DASK_PROCESSES": "1"})["cluster_kwargs"]["processes"]


@pytest.mark.parametrize(
    "env",
    [
        {"BOARDPACK_TASK_RUNNER": "ray"},
        {"BOARDPACK_MAX_WORKERS": "0"},
        {"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_WORKERS": "two"},
        {"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_PROCESSES": "maybe"},
    ],
)
def test_a_bad_setting_fails_loudly(env: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="BOARDPACK_"):
        task_runner_from_env(env)


def test_runner_kind_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARDPACK_TASK_RUNNER", "dask")
    assert runner_kind(os.environ) == "dask"
    assert isinstance(task_runner_from_env(), DaskTaskRunner)


def test_cluster_slots_are_the_dask_workers_threads_and_none_on_a_thread_pool() -> None:
    """How many chunks the flow cuts the papers to read into (``flows.board_papers``)."""
    assert cluster_slots(ThreadPoolTaskRunner(max_workers=4)) is None
    env = {"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_WORKERS": "3", "BOARDPACK_DASK_PROCESSES": "0"}
    with task_runner_from_env(env) as runner:
        assert cluster_slots(runner) == 3


@task
def _worker_pid(i: int) -> int:
    return os.getpid()


@flow
def _fan_out(n: int) -> list[int]:
    return [f.result() for f in _worker_pid.map(range(n))]


@pytest.mark.slow
def test_mapped_tasks_run_in_the_local_clusters_worker_processes(prefect_harness: None) -> None:
    """The wiring the board-papers flow gets: ``flow.with_options(task_runner=...)`` and ``.map``."""
    env = {"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_PROCESSES": "1"}
    pids = _fan_out.with_options(task_runner=task_runner_from_env(env))(6)
    assert len(pids) == 6 and os.getpid() not in pids
    assert len(set(pids)) == 2


@pytest.mark.slow
def test_the_flow_on_a_local_dask_cluster_publishes_the_same_release(
    small_run: SmallRun, tmp_path: Path
) -> None:
    """Against the default (thread pool) run of the same two papers.  Worker threads, not
    processes: process workers each import the whole stack (~15 s more here); the test
    above covers them."""
    from flows.board_papers import board_papers

    env = {"BOARDPACK_TASK_RUNNER": "dask", "BOARDPACK_DASK_PROCESSES": "0"}
    on_dask = board_papers.with_options(task_runner=task_runner_from_env(env))
    summary = on_dask(source=str(small_run.source), out=str(tmp_path))
    assert summary.release_id == small_run.summary.release_id
    assert (summary.observations, summary.errors, summary.warnings) == (
        small_run.summary.observations,
        small_run.summary.errors,
        small_run.summary.warnings,
    )
    dask_frame = pd.read_parquet(tmp_path / "dataset" / "observations.parquet")
    default_frame = pd.read_parquet(small_run.out / "dataset" / "observations.parquet")
    pd.testing.assert_frame_equal(dask_frame, default_frame)
