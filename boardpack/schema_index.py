"""Look-ups over the shipped table families that later stages need, by series id."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from boardpack.dataset import SeriesInfo
from schemas.registry import SCHEMA_DIR, default_schemas

DEFAULT_SUITE = "percentage"


@lru_cache(maxsize=1)
def _suites() -> dict[str, str]:
    out = {}
    for schema in default_schemas():
        for m in schema.measures:
            out[m.series_id] = schema.expectation_suite
            if m.share:
                out[m.share.series_id] = schema.expectation_suite
    return out


def suite_for_series(series_id: str) -> str:
    """The expectation suite of the family that declares ``series_id`` (``percentage``
    until that family's suite file exists; tests/boardpack/test_schema_index.py requires it)."""
    suite = _suites().get(series_id, DEFAULT_SUITE)
    return suite if (SCHEMA_DIR / "expectations" / f"{suite}.json").exists() else DEFAULT_SUITE


def series_info() -> dict[str, SeriesInfo]:
    """The data-dictionary definition of every declared series, from its family."""
    info = {}
    for schema in default_schemas():
        for m in schema.measures:
            unit = "exact count" if m.exact else "rounded figure"
            info[m.series_id] = SeriesInfo(
                f"{m.title} ({unit}, {m.unit}); family {schema.family}: {schema.title}"
            )
    return info


def schemas_fingerprint() -> str:
    """A digest of every family YAML and suite JSON: mapping rules are part of the code."""
    h = hashlib.sha256()
    for path in sorted([*SCHEMA_DIR.glob("*.yaml"), *(SCHEMA_DIR / "expectations").glob("*.json")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
