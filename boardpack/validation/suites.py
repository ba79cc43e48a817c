"""The GX expectation suites of ``schemas/expectations/``, generated from one definition.

Run ``python -m boardpack.validation.suites [--learn STORE.duckdb]`` after changing a
family or a check: it rewrites every suite file from the families (``schemas/*.yaml``)
and the board checks (``boardpack.validation.checks``).  One file per suite a family
names, plus ``common``; one checkpoint runs them all over one batch of every figure:

* ``common`` holds what every figure meets: read figures carry a number, one value per
  key, figures are floats, percentages lie within 0..100, figures of unsigned units are
  not negative, and each (series, category) pair was printed before (a new one is worth
  a look: severity warning).  These column expectations run once over the whole batch:
  each costs GX a pandas filter per metric, so they are not repeated per suite.
* each family suite holds the board checks its families need (a check whose
  ``aggregates`` its series lack is left out), on its own rows: a row condition on the
  batch's ``suite`` column.  ``common`` holds them too, for figures of no family suite.
* ``cells`` holds the checks that need no family (``boardpack.validation.cell_checks``):
  it validates the other batch, the tidy cells of the tables no family maps.

The printed pairs are learned, not declared: regenerating keeps the known pairs, and
``--learn`` adds the pairs a run's store holds (review them first).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from great_expectations.expectations.row_conditions import Column, Condition

from boardpack.schema_index import COMMON_SUITE
from boardpack.validation.cell_checks import CELL_SUITE, all_cell_checks
from boardpack.validation.checks import Check, CheckConfig, all_checks
from boardpack.validation.checks.config import DEFAULT_FORWARD_LOOKING
from boardpack.validation.checks.numbers import READ
from boardpack.validation.checks.rules import series_rules
from boardpack.validation.expectations import expectation_type
from boardpack.validation.frame import KEY_COLUMNS
from schemas.registry import default_schemas
from schemas.spec import Schema

SUITES_DIR = Path(__file__).resolve().parents[2] / "schemas" / "expectations"
SIGNED = {"fte"}
"""Units whose figures may be negative (FTE efficiencies are posts saved)."""
IN_SET = "expect_column_values_to_be_in_set"
GENERATOR = "python -m boardpack.validation.suites"

Spec = dict[str, Any]


def _e(kind: str, why: str, severity: str = "critical", when: Condition | None = None, **kwargs: Any) -> Spec:
    """One expectation entry: its kwargs (row condition as GX's Condition data), GX
    severity (critical or warning) and its reason in meta."""
    if when is not None:
        kwargs["row_condition"] = when.dict()
    return {"type": kind, "kwargs": kwargs, "meta": {"why": why}, "severity": severity}


def _in_suite(name: str, extra: Condition | None = None) -> Condition:
    """The rows of suite ``name`` (and of ``extra``, when given)."""
    rows = Column("suite") == name
    return rows if extra is None else rows & extra


def common() -> list[Spec]:
    """What every board figure meets, whatever its family."""
    return [
        _e("expect_column_values_to_not_be_null", "a cell read as a figure carries a number",
           when=Column("value_status").is_in(list(READ)), column="value"),
        _e("expect_compound_columns_to_be_unique", "one value per series, category, period and paper",
           column_list=KEY_COLUMNS),
        _e("expect_column_values_to_be_in_type_list", "figures are floats", column="value",
           type_list=["float64", "Float64"]),
    ]  # fmt: skip


def ranges(units: Iterable[str]) -> list[Spec]:
    """Percentages within 0..100; figures of every other unsigned unit not negative."""
    unsigned = sorted(set(units) - SIGNED - {"percent"})
    return [
        _e("expect_column_values_to_be_between", "a percentage lies within 0 to 100",
           when=Column("unit") == "percent", column="value", min_value=0, max_value=100),
        _e("expect_column_values_to_be_between", "counts and amounts are not negative",
           when=Column("unit").is_in(unsigned), column="value", min_value=0),
    ]  # fmt: skip


def printed_pairs(series: Iterable[str], categories: Mapping[str, set[str]]) -> Spec:
    """The (series, category) pairs the families have printed so far, for figures of a
    family suite (a family naming no suite, e.g. a fresh draft, has no known pairs)."""
    pairs = sorted(f"{sid}/{cid}" for sid in set(series) for cid in categories.get(sid, set()))
    return _e(IN_SET, "a series with a category its family has printed before "
              "(else: a new label or a missing alias)", "warning", when=Column("suite") != COMMON_SUITE,
              column="series_category", value_set=pairs)  # fmt: skip


def board_checks(suite: str, aggregates: AbstractSet[str]) -> list[Spec]:
    """An expectation per board check that applies to series of these aggregates."""
    defaults = CheckConfig()
    return [
        _e(expectation_type(c), c.summary(), "warning" if c.severity == "warning" else "critical",
           when=_in_suite(suite), **({"config": {k: getattr(defaults, k) for k in c.knobs}} if c.knobs else {}))
        for c in all_checks()
        if _applies(c, aggregates)
    ]  # fmt: skip


def cell_checks() -> list[Spec]:
    """An expectation per check that needs no family, over the whole batch of cells."""
    return [_e(expectation_type(c), c.summary(), "warning" if c.severity == "warning" else "critical")
            for c in all_cell_checks()]  # fmt: skip


def _applies(check: Check, aggregates: AbstractSet[str]) -> bool:
    """Whether a suite whose series have ``aggregates`` needs the check."""
    return check.aggregates is None or bool(check.aggregates & aggregates)


def suites(schemas: Iterable[Schema], categories: Mapping[str, set[str]]) -> dict[str, Spec]:
    """Every suite the schemas name, ``common`` and ``cells``, as GX suite JSON."""
    by_suite: dict[str, list[Schema]] = defaultdict(list)
    for s in schemas:
        if s.unmapped is None and s.expectation_suite != "none":
            by_suite[s.expectation_suite].append(s)
    families = [f for fs in by_suite.values() for f in fs]
    rules = series_rules(families, DEFAULT_FORWARD_LOOKING)
    every = [*common(), *ranges(r.unit for r in rules.values()), printed_pairs(rules, categories),
             *board_checks(COMMON_SUITE, {r.aggregate for r in rules.values()})]  # fmt: skip
    out = {COMMON_SUITE: _suite(COMMON_SUITE, "What every board figure meets, whatever its family; and "
                                "the board checks of figures no family suite holds.", [], every)}  # fmt: skip
    for name, members in sorted(by_suite.items()):
        aggregates = {r.aggregate for r in series_rules(members, DEFAULT_FORWARD_LOOKING).values()}
        description = f"The board checks of the families {', '.join(f.family for f in members)}."
        out[name] = _suite(name, description, [f.family for f in members], board_checks(name, aggregates))
    out[CELL_SUITE] = _suite(CELL_SUITE, "The checks that need no family, on the tidy cells of every data table no "
                             "family maps.", [], cell_checks())  # fmt: skip
    return out


def _suite(name: str, description: str, families: list[str], expectations: list[Spec]) -> Spec:
    meta: dict[str, Any] = {"description": description, "generated_by": GENERATOR}
    if families:
        meta["families"] = families
    return {"name": name, "meta": meta, "expectations": expectations}


def known_categories(directory: Path = SUITES_DIR) -> dict[str, set[str]]:
    """The (series, category) pairs the suite files already know, by series."""
    out: dict[str, set[str]] = defaultdict(set)
    for path in directory.glob("*.json"):
        for e in json.loads(path.read_text(encoding="utf-8")).get("expectations", []):
            if e["type"] == IN_SET and e["kwargs"].get("column") == "series_category":
                for pair in e["kwargs"]["value_set"]:
                    series, _, category = pair.partition("/")
                    out[series].add(category)
    return out


def store_categories(database: Path) -> dict[str, set[str]]:
    """The (series, category) pairs of the observations in a run's store."""
    import duckdb

    out: dict[str, set[str]] = defaultdict(set)
    con = duckdb.connect(str(database), read_only=True)
    try:
        for series, category in con.execute(
            "SELECT DISTINCT series_id, category_id FROM observations"
        ).fetchall():
            out[series].add(category)
    finally:
        con.close()
    return out


def write_suites(specs: Mapping[str, Spec], directory: Path = SUITES_DIR) -> list[Path]:
    """Write one JSON file per suite; returns the files written."""
    paths = []
    for name, spec in specs.items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Regenerate the suite files (see the module docstring)."""
    parser = argparse.ArgumentParser(prog=GENERATOR, description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--learn", type=Path, help="a run's DuckDB store whose (series, category) pairs to add"
    )
    args = parser.parse_args(argv)
    categories = known_categories()
    if args.learn is not None:
        for series, found in store_categories(args.learn).items():
            categories.setdefault(series, set()).update(found)
    for path in write_suites(suites(default_schemas(), categories)):
        print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
