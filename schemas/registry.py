"""Load the table-family YAML files of this directory (the only I/O in ``schemas``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
        for info in _series(schema):
            sid = info.series_id
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
    """One series as its family declares it: the one list of series that validation, the
    data dictionary and the expectation suites read.

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
    family_title: str = ""

    @property
    def definition(self) -> str:
        """What the series measures, for the data dictionary."""
        kind = "exact count" if self.exact else "rounded figure"
        return f"{self.title} ({kind}, {self.unit}); family {self.family}: {self.family_title}"


def _series(schema: Schema) -> list[SeriesInfo]:
    """The series one family declares: each measure, and the share series of a measure
    whose cells print ``120 (10%)``."""
    out = []
    for m in schema.measures:
        base = SeriesInfo(m.series_id, schema.family, m.title, schema.expectation_suite, m.unit, m.exact,
                          m.aggregate, m.weight, schema.totals, schema.title)  # fmt: skip
        out.append(base)
        if m.share:
            share = replace(base, series_id=m.share.series_id, title=m.share.title, unit="percent")
            out.append(replace(share, exact=False, aggregate="share", weight=None))
    return out


def series_catalog(schemas: tuple[Schema, ...] | None = None) -> dict[str, SeriesInfo]:
    """series id → SeriesInfo for every measure (and share series) of the families."""
    families = default_schemas() if schemas is None else schemas
    return {info.series_id: info for schema in families for info in _series(schema)}
