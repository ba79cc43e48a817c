"""The limits one paper is read under, with their defaults and environment overrides.

=================================  =========  ==========================================
variable                           default    limit
=================================  =========  ==========================================
``BOARDPACK_TIME_LIMIT``           120        seconds of wall time to read one paper
``BOARDPACK_MEMORY_LIMIT_MB``      1024       address space of the worker reading it
``BOARDPACK_STREAM_LIMIT_MB``      256        inflated size of any one compressed stream
``BOARDPACK_PAGE_OBJECT_LIMIT``    20000      drawn objects (text, paths, images) a page
``BOARDPACK_WORKERS``              CPU count  papers read at the same time
=================================  =========  ==========================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

ENV = {
    "seconds": "BOARDPACK_TIME_LIMIT",
    "memory_mb": "BOARDPACK_MEMORY_LIMIT_MB",
    "stream_mb": "BOARDPACK_STREAM_LIMIT_MB",
    "page_objects": "BOARDPACK_PAGE_OBJECT_LIMIT",
    "workers": "BOARDPACK_WORKERS",
}


@dataclass(frozen=True)
class Limits:
    """What reading one paper may cost before it is quarantined (see the module table)."""

    seconds: float = 120.0
    memory_mb: int = 1024
    stream_mb: int = 256
    page_objects: int = 20_000
    workers: int = max(1, os.cpu_count() or 1)

    @property
    def stream_bytes(self) -> int:
        """``stream_mb`` in bytes."""
        return self.stream_mb * 1024 * 1024

    def as_dict(self) -> dict[str, Any]:
        """The limits as plain values (sent to the worker process)."""
        return asdict(self)

    def key(self) -> str:
        """A short text naming every limit that can change what is read (cache keys)."""
        return f"{self.seconds:g}s-{self.memory_mb}m-{self.stream_mb}s-{self.page_objects}o"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by the ``BOARDPACK_*`` variables of the module table.

        Raises ``ValueError`` naming the variable for a value that is not a positive number.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, var in ENV.items():
            raw = env.get(var, "").strip()
            if not raw:
                continue
            try:
                value = float(raw) if name == "seconds" else int(raw)
            except ValueError:
                value = 0
            if value <= 0:
                raise ValueError(f"{var}={raw!r}: expected a positive number")
            values[name] = value
        return cls(**values)
