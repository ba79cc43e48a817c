"""Where a run reads and writes, resolved once from arguments and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from boardpack.worker.limits import Limits

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class RunSettings:
    """Paths of one run.  ``out`` holds everything a run writes (git-ignored)."""

    source: Path
    out: Path
    limits: Limits = field(default_factory=Limits.from_env)
    """What reading one paper may cost (``BOARDPACK_*_LIMIT`` variables)."""

    @property
    def database(self) -> Path:
        """The DuckDB store."""
        return self.out / "boardpack.duckdb"

    @property
    def landing(self) -> Path:
        """Where papers pulled over HTTP land."""
        return self.out / "landing"

    @property
    def gx_root(self) -> Path:
        """The Great Expectations file context (results and Data Docs)."""
        return self.out / "gx"

    @property
    def data_docs(self) -> Path:
        """The published Data Docs: a whole copy of GX's site, swapped in after each build."""
        return self.out / "data_docs"

    @property
    def audit(self) -> Path:
        """The offline audit report (``index.html`` and a page per paper)."""
        return self.out / "audit"

    @property
    def cache(self) -> Path:
        """Cached per-paper results (extraction, mapping), keyed by content hash."""
        return self.out / "cache"

    @property
    def prefect_home(self) -> Path:
        """Project-local Prefect state, never the user's home directory."""
        return self.out / "prefect"


def default_settings(source: Path | None = None, out: Path | None = None) -> RunSettings:
    """Settings from arguments, else ``raw_papers/`` and ``outputs/`` of the project."""
    return RunSettings(
        source=(source or PROJECT_ROOT / "raw_papers").resolve(),
        out=(out or PROJECT_ROOT / "outputs").resolve(),
    )


NO_TELEMETRY = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "GX_ANALYTICS_ENABLED": "false"}
"""Prefect's and GX's telemetry off unless the environment says otherwise: a run reaches
no network but the package registries, where telemetry would only log failures."""


def use_local_prefect_home(settings: RunSettings) -> None:
    """Point Prefect at the project-local home; must run before ``import prefect``.

    An explicit PREFECT_HOME or PREFECT_API_URL (a real server) wins.
    """
    os.environ.setdefault("PREFECT_HOME", str(settings.prefect_home))
    # The first flow in a fresh home migrates its database for ~17 s; the default
    # start-up timeout of 20 s is too tight on a loaded 2-core machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    for name, value in NO_TELEMETRY.items():
        os.environ.setdefault(name, value)
    # Extractor, mapping and GX logs go into the Prefect run logs (read at import).
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "extractors,schemas,boardpack,great_expectations")
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
