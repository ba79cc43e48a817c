"""The observations as one pandas frame: the batch every GX suite validates.

One frame holds every paper's observations and what each row needs to be checked on its
own: ``suite`` (the expectation suite its family names, so one checkpoint runs every
suite over one batch and each suite's expectations select their rows by a row
condition), ``series_category`` (one column for "allowed categories per series") and
the series rule in ``rule_*`` columns (how the series' figures combine), so a check run
inside GX reads everything from the batch.  Text columns are categoricals: GX
fingerprints the batch once per suite and filters it once per expectation, both
cheaper on category codes than on strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any, cast

import pandas as pd

from boardpack.validation.checks.rules import SeriesRule
from schemas.records import Observation

OBSERVATION_COLUMNS = [f.name for f in fields(Observation) if f.name != "bbox"]
"""Every Observation field but ``bbox`` (GX's pandas engine cannot hash tuples, and
bboxes are not validated)."""
RULE_COLUMNS = {f"rule_{f.name}": f.name for f in fields(SeriesRule) if f.name != "series_id"}
"""Frame column → SeriesRule field."""
NUMERIC = {"value": "float64", "decimals": "Int64", "page": "int64", "row": "int64", "col": "int64"}
FLAGS = ("is_total",)
KEY_COLUMNS = ["series_id", "category_id", "period_start", "period_end", "paper_sha256"]
"""The columns of a figure's key (``Observation.key``)."""
PLACE_COLUMNS = ["paper_file", "page", "table_id", "row", "col"]
"""The columns that say where a figure was printed."""


def type_columns(
    frame: pd.DataFrame, names: Sequence[str], numeric: Mapping[str, str], flags: Sequence[str]
) -> None:
    """Give each named column of a batch its type, in place: ``numeric`` ones the dtype
    it names, ``flags`` bool, the rest categoricals (cheap for GX to fingerprint and filter)."""
    for name in names:
        if name in numeric:
            frame[name] = frame[name].astype(numeric[name])
        elif name in flags:
            frame[name] = frame[name].astype("bool")
        else:
            frame[name] = frame[name].astype("category")


def observations_frame(
    observations: Sequence[Observation],
    rules: Mapping[str, SeriesRule],
    suites: Mapping[str, str],
    default_suite: str,
) -> pd.DataFrame:
    """One row per observation, in order (the index is the position), with the columns
    the module docstring lists.  ``suites`` maps a series to its suite; series it does
    not name belong to ``default_suite``."""
    rows = map(attrgetter(*OBSERVATION_COLUMNS), observations)
    frame = pd.DataFrame.from_records(list(rows), columns=OBSERVATION_COLUMNS)
    type_columns(frame, OBSERVATION_COLUMNS, NUMERIC, FLAGS)
    series = frame["series_id"]
    frame["series_category"] = (series.astype(str) + "/" + frame["category_id"].astype(str)).astype(
        "category"
    )
    ids = list(series.cat.categories)
    frame["suite"] = _per_series(series, {s: suites.get(s, default_suite) for s in ids})
    for column, attribute in RULE_COLUMNS.items():
        frame[column] = _per_series(series, {s: _rule_value(rules.get(s), attribute) for s in ids})
    return frame


def _per_series(series: pd.Series, values: Mapping[str, Any]) -> pd.Series:
    """A categorical column with each series' value (mapped once per series, not per row)."""
    return pd.Series(pd.Categorical(series.map(values).astype(object)), index=series.index)


def _rule_value(rule: SeriesRule | None, attribute: str) -> str | None:
    """One field of a rule as text (None when the series has no rule or the field is unset)."""
    if rule is None:
        return None
    value = getattr(rule, attribute)
    return None if value is None else str(value)


def frame_rules(frame: pd.DataFrame) -> dict[str, SeriesRule]:
    """The series rules the frame's ``rule_*`` columns carry (one per series that has one)."""
    firsts = frame.drop_duplicates("series_id")
    firsts = firsts[firsts["rule_aggregate"].notna()]
    out = {}
    for row in firsts[["series_id", *RULE_COLUMNS]].itertuples(index=False):
        values = dict(zip(["series_id", *RULE_COLUMNS.values()], row, strict=True))
        out[values["series_id"]] = SeriesRule(
            series_id=values["series_id"], family=values["family"], aggregate=values["aggregate"],
            exact=values["exact"] == "True", unit=values["unit"], weight=_text(values["weight"]),
            forward_looking=values["forward_looking"] == "True",
        )  # fmt: skip
    return out


def frame_observations(frame: pd.DataFrame) -> list[Observation]:
    """The frame's rows as Observations again (``bbox`` None), in row order."""
    columns = [_values(frame[name]) for name in OBSERVATION_COLUMNS]
    bbox_at = [f.name for f in fields(Observation)].index("bbox")
    rows = zip(*columns, strict=True)
    make = cast(Callable[..., Observation], Observation)  # positional: a dict per row costs twice as much
    return [make(*r[:bbox_at], None, *r[bbox_at:]) for r in rows]


def _values(column: pd.Series) -> list[Any]:
    """A column as Python values, missing ones (NaN, NA) as None."""
    if not column.hasnans:
        return column.tolist()
    return column.astype(object).where(column.notna(), None).tolist()


def _text(value: Any) -> str | None:
    """A text cell, None when missing."""
    return None if value is None or pd.isna(value) else str(value)
