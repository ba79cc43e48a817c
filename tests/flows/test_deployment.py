"""prefect.yaml end to end: a real Prefect server, work pool, deployment, worker and flow run.

Everything runs from this checkout through the CLI a data engineer would use
(docs/operations.md); the server keeps its SQLite database in a temporary PREFECT_HOME
and listens on a free port of 127.0.0.1.  No network, no docker, no git.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).with_name("prefect")
POOL = "boardpack-process"
DEPLOYMENT = "board-papers/daily"
HEALTH_TIMEOUT = 120.0  # the first start migrates a fresh SQLite database (~17 s here)
RUN_TIMEOUT = 240.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def isolated_env(home: Path, api_url: str) -> dict[str, str]:
    """This process's environment without any PREFECT_* of the caller, pointed at ``home``/``api_url``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BOARDPACK_"))}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api_url,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",  # saves the UI build on start-up
        PREFECT_LOGGING_COLORS="false",
    )
    return env


@dataclass
class PrefectServer:
    """A running ``prefect server start`` and the environment that talks to it."""

    process: subprocess.Popen[bytes]
    api_url: str
    env: dict[str, str]
    log: Path

    def cli(self, *args: str, timeout: float = 120) -> str:
        """Run ``prefect ARGS`` from the repo root against this server; its output (fails the test on error)."""
        done = subprocess.run(
            [str(PREFECT), "--no-prompt", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            pytest.fail(f"prefect {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done.stdout + done.stderr

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """JSON response of one REST call to the server."""
        response = httpx.request(method, self.api_url + path, json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def log_tail(self) -> str:
        """The last lines the server wrote, for failure messages."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])


def wait_healthy(server: PrefectServer, timeout: float = HEALTH_TIMEOUT) -> None:
    """Return once ``/api/health`` answers; fail with the server's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"prefect server exited {server.process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(server.api_url + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server not healthy after {timeout:.0f} s:\n{server.log_tail()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process group of ``process`` (started in its own session), then kill it."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = isolated_env(home, api_url)
    log = home / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PrefectServer(process, api_url, env, log)
    try:
        wait_healthy(server)
        yield server
    finally:
        stop(process)


@dataclass
class DeployedRun:
    """The deployment as the server holds it and one run of it by a worker."""

    deployment: dict[str, Any]
    flow_run: dict[str, Any]
    out: Path
    worker_output: str


def flow_run_id(output: str) -> str:
    """The flow run id ``prefect deployment run`` printed (``└── UUID: ...``)."""
    for line in output.splitlines():
        if "UUID:" in line:
            return line.split("UUID:")[1].strip()
    raise AssertionError(f"no flow run id in:\n{output}")


def run_worker_once(server: PrefectServer) -> str:
    """``prefect worker start --run-once``: executes the runs due now, then exits; its output."""
    done = subprocess.run(
        [str(PREFECT), "worker", "start", "--pool", POOL, "--type", "process", "--run-once"],
        cwd=REPO,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        start_new_session=True,
    )
    return done.stdout + done.stderr


def create_process_pool(server: PrefectServer) -> None:
    """The work pool, as ``prefect work-pool create boardpack-process --type process`` makes it
    (through the REST API: the CLI would add ~5 s of start-up)."""
    from prefect.workers.process import ProcessWorker

    template = ProcessWorker.get_default_base_job_template()
    server.api("POST", "/work_pools/", {"name": POOL, "type": "process", "base_job_template": template})


@pytest.fixture(scope="module")
def deployed_run(prefect_server: PrefectServer, tmp_path_factory: pytest.TempPathFactory) -> DeployedRun:
    out = tmp_path_factory.mktemp("deployed-out")
    create_process_pool(prefect_server)
    prefect_server.cli("deploy", "--all")
    deployment = prefect_server.api("GET", f"/deployments/name/{DEPLOYMENT}")
    started = prefect_server.cli("deployment", "run", DEPLOYMENT, "--params", json.dumps({"out": str(out)}))
    run_id = flow_run_id(started)
    worker_output = run_worker_once(prefect_server)
    flow_run = prefect_server.api("GET", f"/flow_runs/{run_id}")
    return DeployedRun(deployment, flow_run, out, worker_output)


def test_prefect_yaml_names_the_flow_the_pool_and_a_local_pull_step() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    (deployment,) = config["deployments"]
    assert deployment["entrypoint"] == "flows/board_papers.py:board_papers"
    assert deployment["work_pool"]["name"] == POOL
    (pull,) = config["pull"]
    assert list(pull) == ["prefect.deployments.steps.set_working_directory"]
    assert not config.get("push")


def test_deployment_runs_daily_at_six_london_time_from_this_checkout(deployed_run: DeployedRun) -> None:
    deployment = deployed_run.deployment
    assert deployment["work_pool_name"] == POOL
    (schedule,) = deployment["schedules"]
    assert schedule["active"]
    assert schedule["schedule"]["cron"] == "0 6 * * *"
    assert schedule["schedule"]["timezone"] == "Europe/London"
    assert deployment["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
    ]


def test_the_server_schedules_runs_at_six_london_time(
    prefect_server: PrefectServer, deployed_run: DeployedRun
) -> None:
    body = {
        "deployments": {"id": {"any_": [deployed_run.deployment["id"]]}},
        "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
        "limit": 5,
    }
    deadline = time.monotonic() + 30  # the scheduler visits recently changed deployments every 5 s
    while not (runs := prefect_server.api("POST", "/flow_runs/filter", body)) and time.monotonic() < deadline:
        time.sleep(1)
    assert runs, "the scheduler created no runs from the cron schedule"
    for run in runs:
        start = datetime.fromisoformat(run["expected_start_time"]).astimezone(ZoneInfo("Europe/London"))
        assert (start.hour, start.minute) == (6, 0)


def test_a_triggered_run_completes_and_publishes_one_release(deployed_run: DeployedRun) -> None:
    run = deployed_run.flow_run
    assert run["state_type"] == "COMPLETED", f"{run['state_type']}: {deployed_run.worker_output[-3000:]}"
    assert run["parameters"] == {"out": str(deployed_run.out)}
    assert (deployed_run.out / "dataset" / "observations.parquet").is_file()
    releases = [p for p in (deployed_run.out / "releases").iterdir() if not p.name.startswith(".")]
    assert len(releases) == 1


def test_the_run_has_its_summary_artifacts(prefect_server: PrefectServer, deployed_run: DeployedRun) -> None:
    body = {"artifacts": {"flow_run_id": {"any_": [deployed_run.flow_run["id"]]}}}
    keys = {a["key"] for a in prefect_server.api("POST", "/artifacts/filter", body)}
    assert {"boardpack-run-summary", "boardpack-papers", "boardpack-release"} <= keys
