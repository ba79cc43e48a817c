"""Which Prefect task runner the flow uses, chosen from the environment.

=========================  =====================================================
``BOARDPACK_TASK_RUNNER``  ``thread`` (default) or ``dask``
``BOARDPACK_MAX_WORKERS``  threads of the default runner (default: Prefect's own)
``BOARDPACK_DASK_ADDRESS`` with ``dask``: an existing scheduler, ``tcp://host:8786``
``BOARDPACK_DASK_WORKERS`` with ``dask`` and no address: local workers (default 2)
``BOARDPACK_DASK_PROCESSES`` with a local cluster: ``1`` worker processes, ``0`` worker
                           threads in the flow's process; default ``1`` when
                           ``PREFECT_API_URL`` is set, else ``0``
=========================  =====================================================

Why the default depends on ``PREFECT_API_URL``: without a Prefect server the flow runs
against a temporary one that only its own process knows, so each Dask worker *process*
would start another temporary server (~20 s each) and report its task runs there.

A runner only parallelises tasks the flow submits (``.submit``/``.map``); a task
called directly runs in the flow's own thread whatever the runner.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

TASK_RUNNER = "BOARDPACK_TASK_RUNNER"
MAX_WORKERS = "BOARDPACK_MAX_WORKERS"
DASK_ADDRESS = "BOARDPACK_DASK_ADDRESS"
DASK_WORKERS = "BOARDPACK_DASK_WORKERS"
DASK_PROCESSES = "BOARDPACK_DASK_PROCESSES"

RUNNERS = ("thread", "dask")
PRELOAD = "flows.extract"
"""The module a Dask scheduler and its workers preload as they start (its ``dask_setup``)."""


def runner_kind(env: Mapping[str, str]) -> str:
    """``thread`` or ``dask`` from ``BOARDPACK_TASK_RUNNER`` (case-insensitive, blank = thread).

    Raises ``ValueError`` for any other value, so a typo fails the run at start-up
    instead of silently running on threads.
    """
    kind = env.get(TASK_RUNNER, "").strip().lower() or "thread"
    if kind not in RUNNERS:
        raise ValueError(f"{TASK_RUNNER}={env[TASK_RUNNER]!r}: expected one of {', '.join(RUNNERS)}")
    return kind


def _positive_int(env: Mapping[str, str], name: str, default: int | None) -> int | None:
    """The integer value of ``env[name]`` (``default`` when unset); ``ValueError`` unless > 0."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name}={raw!r}: expected a positive integer")
    return int(raw)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """``env[name]`` read as a boolean (1/true/yes/on or 0/false/no/off)."""
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name}={raw!r}: expected 1 or 0")


def dask_runner_kwargs(env: Mapping[str, str]) -> dict[str, Any]:
    """Keyword arguments of ``DaskTaskRunner``: the scheduler's address if one is given,
    else a ``LocalCluster`` of ``BOARDPACK_DASK_WORKERS`` single-threaded workers, it and
    its scheduler preloading ``PRELOAD``."""
    address = env.get(DASK_ADDRESS, "").strip()
    if address:
        return {"address": address}
    return {
        "cluster_class": "distributed.LocalCluster",
        "cluster_kwargs": {
            "n_workers": _positive_int(env, DASK_WORKERS, 2),
            "threads_per_worker": 1,
            "processes": _flag(env, DASK_PROCESSES, bool(env.get("PREFECT_API_URL", "").strip())),
            # A free local port: the default :8787 listens on every interface and
            # clashes between concurrent runs.
            "dashboard_address": "127.0.0.1:0",
            # As docs/operations.md has a user's own cluster start (``dask_setup``).
            "preload": [PRELOAD],
            "scheduler_kwargs": {"preload": [PRELOAD]},
        },
    }


def task_runner_from_env(env: Mapping[str, str] | None = None) -> TaskRunner[Any]:
    """A fresh task runner as the environment (default ``os.environ``) asks.

    ``ThreadPoolTaskRunner`` unless ``BOARDPACK_TASK_RUNNER=dask``, then a
    ``prefect_dask.DaskTaskRunner`` (the ``dask`` extra must be installed).  Nothing is
    started here: a Dask cluster starts when the flow run enters the runner.
    """
    env = os.environ if env is None else env
    if runner_kind(env) == "thread":
        return ThreadPoolTaskRunner(max_workers=_positive_int(env, MAX_WORKERS, None))
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError(f"{TASK_RUNNER}=dask needs prefect-dask: pip install -e '.[dask]'") from exc
    runner: TaskRunner[Any] = DaskTaskRunner(**dask_runner_kwargs(env))
    return runner


def cluster_slots(runner: TaskRunner[Any]) -> int | None:
    """How many tasks the Dask cluster behind ``runner`` runs at once (the threads of its
    workers now, at least 1); None when ``runner`` is not a Dask runner: its tasks run
    in this process's threads, where one task run costs little."""
    # Not imported here: a thread-pool run would pay for importing Dask.  A Dask runner
    # exists only once its module is imported.
    dask_runners = sys.modules.get("prefect_dask.task_runners")
    if dask_runners is None or not isinstance(runner, dask_runners.DaskTaskRunner):
        return None
    return max(1, sum(runner.client.nthreads().values()))
