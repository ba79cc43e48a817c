"""What "whole and equal to a clean run" means for the outputs of ``boardpack run``, and
running it in a subprocess that can be killed at any moment (tests and bench share it)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

VOLATILE_COLUMNS = {"paper_status": {"seconds"}, "papers": {"path"}, "paper_names": {"path"}}
"""Columns that differ between equal runs: timings and where the source folder was."""
SKIPPED_TABLES = {"run_state", "store_meta"}
_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+00:00|Z)?")


def snapshot(out: Path) -> dict[str, Any]:
    """The release, store and audit site of ``out``, minus what differs between equal
    runs (creation times, timings, the CHANGELOG's history)."""
    return {
        "release": _release(out / "dataset"),
        "store": _store(out / "boardpack.duckdb"),
        "audit": _audit(out / "audit"),
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _release(dataset: Path) -> dict[str, str]:
    files = {}
    for path in sorted(dataset.resolve().iterdir()):
        if path.name == "CHANGELOG.md":
            continue
        data = path.read_bytes()
        if path.name == "datapackage.json":
            descriptor = json.loads(data)
            descriptor.pop("created", None)
            data = json.dumps(descriptor, sort_keys=True).encode()
        files[path.name] = _digest(data)
    return files


def _store(database: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            if table in SKIPPED_TABLES:
                continue
            columns = [d[0] for d in con.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
            kept = [f'"{c}"' for c in columns if c not in VOLATILE_COLUMNS.get(table, set())]
            rows = con.execute(f"SELECT {', '.join(kept)} FROM {table}").fetchall()
            out[table] = sorted(repr(r) for r in rows)
    return out


def _audit(audit: Path) -> dict[str, str]:
    return {
        str(p.relative_to(audit)): _digest(_STAMP.sub(b"<time>", p.read_bytes()))
        for p in sorted(audit.rglob("*"))
        if p.is_file()
    }


TAG = "BOARDPACK_TEST_RUN_OUT"
"""Set in a test run's environment, so every process it starts (Prefect server, workers)
can be found by its environment."""


def cli_env(prefect_home: Path | None = None) -> dict[str, str]:
    """This environment without any Prefect or limit setting of the caller: the run
    keeps its Prefect state in OUT/prefect, as ``boardpack run`` does for a user, or
    in ``prefect_home`` (one whose database is already migrated saves each run ~20 s)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BOARDPACK_"))}
    if prefect_home is not None:
        env["PREFECT_HOME"] = str(prefect_home)
    return env


def start_run(
    source: Path, out: Path, log: Path, prefect_home: Path | None = None
) -> subprocess.Popen[bytes]:
    """``boardpack run`` in a subprocess, its output to ``log``."""
    with log.open("ab") as fh:
        return subprocess.Popen(
            [sys.executable, "-m", "boardpack.cli", "run", "--source", str(source), "--out", str(out)],
            env={**cli_env(prefect_home), TAG: str(out)},
            stdout=fh,
            stderr=subprocess.STDOUT,
        )


def helpers_of(out: Path) -> list[int]:
    """Pids of processes left from runs on ``out``: a Prefect server, a worker or the
    reaper, found by the tag in their environment."""
    needle = f"{TAG}={out}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@dataclass(frozen=True)
class Kill:
    """One kill: when, whether the run had finished by then, what was left running
    afterwards, and the exit code of the rerun."""

    after: float
    finished_first: bool
    left_running: list[int]
    rerun_code: int


def kill_then_rerun(
    source: Path, out: Path, after: float, log: Path, prefect_home: Path | None = None, timeout: float = 600
) -> Kill:
    """Start a run, SIGKILL it ``after`` seconds in, check that its helpers die with it,
    then run again to the end."""
    run = start_run(source, out, log, prefect_home)
    try:
        run.wait(timeout=after)
        finished = True
    except subprocess.TimeoutExpired:
        run.send_signal(signal.SIGKILL)
        run.wait()
        finished = False
    deadline = time.monotonic() + 15
    while helpers_of(out) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = helpers_of(out)
    for pid in left:  # never leave them to the next kill
        os.kill(pid, signal.SIGKILL)
    rerun = start_run(source, out, log, prefect_home)
    code = rerun.wait(timeout=timeout)
    return Kill(after, finished, left, code)
