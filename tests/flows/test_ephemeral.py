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
