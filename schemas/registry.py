"""Load the table-family YAML files of this directory (the only I/O in ``schemas``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from schemas.spec import Schema, SchemaError, TotalRule, parse_schema

SCHEMA_DIR = Path(__file__).parent


def load_schema(path: Path) -> Schema:
    """One YAML file as a Schema; its ``family`` must equal the file stem."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    schema = parse_schema(data, path.name)
    if schema.family != path.stem:
        raise SchemaError(f"{path.name}: family {schema.family!r} must equal the file name {path.stem!r}")
    return schema


def check_unique_series(schemas: list[Schema]) -> None:
    """Raise SchemaError when two families declare the same series id."""
    owner: dict[str, str] = {}
    for schema in schemas:
        for m in schema.measures:
            ids = [m.series_id] + ([m.share.series_id] if m.share else [])
            for sid in ids:
                if sid in owner and owner[sid] != schema.family:
                    raise SchemaError(f"series {sid!r} declared by both {owner[sid]} and {schema.family}")
                owner[sid] = schema.family


def load_schemas(directory: Path = SCHEMA_DIR) -> tuple[Schema, ...]:
    """Every ``*.yaml`` family in ``directory``, sorted by family id, checked for clashes."""
    schemas = [load_schema(p) for p in sorted(directory.glob("*.yaml"))]
    check_unique_series(schemas)
    return tuple(sorted(schemas, key=lambda s: s.family))


@lru_cache(maxsize=1)
def default_schemas() -> tuple[Schema, ...]:
    """The families shipped in this package (loaded once)."""
    return load_schemas(SCHEMA_DIR)


@dataclass(frozen=True)
class SeriesInfo:
    """What downstream validation needs to know about one series.

    ``aggregate`` says how parts make a total (``sum``, ``weighted_mean`` by ``weight``,
    ``share`` = parts sum to 100, ``none``); ``totals`` are the family's total rules
    (which axis, which label) — observations flag totals with ``is_total``.
    """

    series_id: str
    family: str
    title: str
    expectation_suite: str
    unit: str
    exact: bool
    aggregate: str
    weight: str | None
    totals: tuple[TotalRule, ...]


def series_catalog(schemas: tuple[Schema, ...] | None = None) -> dict[str, SeriesInfo]:
    """series id → SeriesInfo for every measure (and share series) of the families."""
    out: dict[str, SeriesInfo] = {}
    for s in default_schemas() if schemas is None else schemas:
        for m in s.measures:
            out[m.series_id] = SeriesInfo(
                m.series_id,
                s.family,
                m.title,
                s.expectation_suite,
                m.unit,
                m.exact,
                m.aggregate,
                m.weight,
                s.totals,
            )
            if m.share:
                out[m.share.series_id] = SeriesInfo(
                    m.share.series_id,
                    s.family,
                    m.share.title,
                    s.expectation_suite,
                    "percent",
                    False,
                    "share",
                    None,
                    s.totals,
                )
    return out
