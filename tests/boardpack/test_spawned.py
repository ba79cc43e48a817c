"""Helper processes (``boardpack.worker.spawned``): a child's imports ahead of need run
at idle priority, the work it is given afterwards at the run's; a child that is done
is not waited for while it exits; it collects garbage at a batch's pace."""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from boardpack.worker.collector import YOUNGEST_EVERY
from boardpack.worker.spawned import IDLE_NICENESS, Child

PROBE = """
import os, threading
IMPORTED_AT = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
"""


def niceness_of_import_and_work(module: str) -> tuple[int, int]:
    """The niceness ``module`` was imported at, and this thread's."""
    imported_at: int = importlib.import_module(module).IMPORTED_AT
    return imported_at, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own niceness is Linux's")
def test_a_childs_warm_imports_run_at_idle_priority_and_its_work_at_the_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "niceness_probe.py").write_text(PROBE)
    monkeypatch.syspath_prepend(str(tmp_path))  # the spawned child starts with this sys.path

    imported_at, worked_at = Child(warm=("niceness_probe",)).call(
        niceness_of_import_and_work, "niceness_probe"
    )

    assert imported_at == IDLE_NICENESS
    assert worked_at == os.getpriority(os.PRIO_PROCESS, 0) < IDLE_NICENESS


def exit_slowly() -> int:
    """This process's id; at exit it sleeps, as a child freeing a stage's records does."""
    atexit.register(time.sleep, 3)
    return os.getpid()


def test_a_child_is_not_waited_for_while_it_exits() -> None:
    started = time.monotonic()
    pid = Child().call(exit_slowly)
    took = time.monotonic() - started

    assert took < 2.5
    assert psutil.pid_exists(pid)  # still exiting: the run went on without it


def test_a_child_collects_garbage_at_a_batchs_pace() -> None:
    # A spawned process starts at CPython's pace (700): the pool's start sets it.
    assert Child().call(gc.get_threshold)[0] == YOUNGEST_EVERY
