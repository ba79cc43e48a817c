"""The temporary Prefect server of ``boardpack run`` (``flows.ephemeral``): launched
before Prefect is imported, so it boots while the run imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAUNCH = """
import sys
from flows.ephemeral import launch, stop, wait_until_up
server = launch()
imported = "prefect" in sys.modules
wait_until_up(server)
stop(server)
print(imported, server.process.returncode is not None)
"""


def without_api_url() -> dict[str, str]:
    """This environment without a Prefect server's address: a run starts its own."""
    return {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}


def test_the_server_is_launched_before_prefect_is_imported_and_answers() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH], cwd=ROOT, env=without_api_url(), capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]  # not imported to launch it; up, then stopped


SETTINGS = """
import httpx
from flows.ephemeral import launch, stop, wait_until_up
server = launch()
try:
    wait_until_up(server)
    print(httpx.get(f"{server.api_url}/admin/settings").json()["server"]["analytics_enabled"])
finally:
    stop(server)
"""


def test_the_temporary_server_sends_no_telemetry() -> None:
    # Launched other than by ``boardpack run`` (which sets it first), its telemetry service
    # posted to Prefect's servers at every start (offline: an error in its log).  Here as a
    # user's shell has it: without the suite's own setting (tests/conftest.py).
    env = {k: v for k, v in without_api_url().items() if k != "PREFECT_SERVER_ANALYTICS_ENABLED"}
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
    assert "telemetry" not in done.stderr
