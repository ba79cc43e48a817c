"""Write the GX suite JSON files of ``schemas/expectations/`` from the schemas and the
corpus (run ``PYTHONPATH=. .venv/bin/python tests/validation/build_gx_suites.py``).

One file per ``expectation_suite`` named by the families; each holds the expectations
every board figure meets (read figures are not null, one value per key, figures are
floats) plus the suite's own: percentages within 0..100, counts not
negative, and the (series, category) pairs its families have printed so far (a new
category is worth a look: meta severity warning).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from schemas.registry import default_schemas
from schemas.spec import Measure, Schema

SUITES_DIR = Path(__file__).resolve().parents[2] / "schemas" / "expectations"
READ = ["ok", "note", "qualified"]
SIGNED = {"fte"}
"""Units whose figures may be negative (FTE efficiencies are posts saved)."""
COMMON = "common"
"""The suite every figure is validated against, besides its family's suite."""
KEY = ["series_id", "category_id", "period_start", "period_end", "paper_sha256"]


def _e(kind: str, why: str, severity: str = "error", **kwargs: Any) -> dict[str, Any]:
    """One expectation entry with its reason (and severity) in meta."""
    return {"type": kind, "kwargs": kwargs, "meta": {"why": why, "severity": severity}}


def _when(expr: str) -> dict[str, str]:
    """A pandas row condition."""
    return {"row_condition": expr, "condition_parser": "pandas"}


def common() -> list[dict[str, Any]]:
    """What every board figure meets, whatever its family.  A suite of its own, run once
    over all figures: each expectation costs GX 20-80 ms per run, and a corpus run must
    stay under 2 s (bench/validate_speed.py)."""
    return [
        _e("expect_column_values_to_not_be_null", "a cell read as a figure carries a number",
           column="value", **_when(f"value_status in {READ}")),
        _e("expect_compound_columns_to_be_unique", "one value per series, category, period and paper",
           column_list=KEY),
        _e("expect_column_values_to_be_in_type_list", "figures are floats", column="value",
           type_list=["float64", "Float64"]),
    ]  # fmt: skip


def _ranges(measures: list[Measure]) -> list[dict[str, Any]]:
    """Percentages within 0..100 and counts not negative; without a row condition (a
    pandas query per run) when every series of the suite qualifies."""
    units = {m.unit for m in measures} | ({"percent"} if any(m.share for m in measures) else set())
    counts = sorted({m.unit for m in measures if m.exact})
    out = []
    if units == {"percent"}:
        out.append(_e("expect_column_values_to_be_between", "a percentage lies within 0 to 100",
                      column="value", min_value=0, max_value=100))  # fmt: skip
    elif "percent" in units:
        out.append(_e("expect_column_values_to_be_between", "a percentage lies within 0 to 100",
                      column="value", min_value=0, max_value=100, **_when('unit == "percent"')))  # fmt: skip
    if units - SIGNED == units and units - {"percent"}:
        out.append(_e("expect_column_values_to_be_between", "counts and amounts are not negative",
                      column="value", min_value=0))  # fmt: skip
    elif counts:
        out.append(_e("expect_column_values_to_be_between", "a count of people or items is not negative",
                      column="value", min_value=0, **_when(f"unit in {counts}")))  # fmt: skip
    return out


def specific(schemas: list[Schema], categories: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The expectations of one suite's families: ranges, and the (series, category) pairs
    printed so far (one pair-set expectation covers every family of the suite)."""
    measures = [m for s in schemas for m in s.measures]
    ids = sorted({m.series_id for m in measures} | {m.share.series_id for m in measures if m.share})
    pairs = sorted([sid, cid] for sid in ids for cid in categories.get(sid, set()))
    return [
        *_ranges(measures),
        _e("expect_column_values_to_be_in_set",
           "a series of this suite with a category its family has printed before "
           "(else: a new label, a missing alias, or a figure of another suite)",
           "warning", column="series_category", value_set=[f"{sid}/{cid}" for sid, cid in pairs]),
    ]  # fmt: skip


def corpus_categories() -> dict[str, set[str]]:
    """The category ids each series has in the corpus truth tables."""
    from validation_corpus import corpus_observations

    out: dict[str, set[str]] = defaultdict(set)
    for o in corpus_observations():
        out[o.series_id].add(o.category_id)
    return out


def suites() -> dict[str, dict[str, Any]]:
    """Every suite the schemas name, as GX suite JSON."""
    by_suite: dict[str, list[Schema]] = defaultdict(list)
    for s in default_schemas():
        if s.unmapped is None and s.expectation_suite != "none":
            by_suite[s.expectation_suite].append(s)
    categories = corpus_categories()
    out = {
        COMMON: {
            "name": COMMON,
            "meta": {
                "description": "What every board figure meets, whatever its family; run once over all figures.",
                "generated_by": "tests/validation/build_gx_suites.py",
            },
            "expectations": common(),
        }
    }
    for name, families in sorted(by_suite.items()):
        out[name] = {
            "name": name,
            "meta": {
                "description": f"Board figures of the families {', '.join(f.family for f in families)}.",
                "families": [f.family for f in families],
                "generated_by": "tests/validation/build_gx_suites.py",
            },
            "expectations": specific(families, categories),
        }
    return out


def main() -> None:
    """Write the suite files."""
    for name, spec in suites().items():
        (SUITES_DIR / f"{name}.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {name}.json ({len(spec['expectations'])} expectations)")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    main()
