"""The published dataset: reconciled figures as tables, and the files of one release.

Resources of a release (all in ``outputs/dataset/``):

* ``observations`` (clean): reconciled figures whose value passed validation;
* ``observations_full``: every reconciled figure, with its validation status;
* ``sources``: every paper cell behind every figure (provenance);
* ``revisions``: earlier values that a later paper replaced;
* ``series``: the data dictionary;
* ``cells``: every numeric cell of every data table as a tidy record (``TidyCell``),
  whether a family maps its table or not.

The Frictionless descriptor (``datapackage.json``) is built from ``RESOURCE_FIELDS``,
whose columns come from the records' own column definitions (``schemas.columns``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from boardpack.models import CELL_VALIDATION_STATUS, VALIDATION_STATUS
from boardpack.reconcile import Reconciled
from extractors.records import BBOX_COLUMNS
from schemas.columns import Column, pick, record_values
from schemas.records import OBSERVATION_COLUMNS, TIDY_CELL_COLUMNS, Observation, TidyCell
from schemas.registry import SeriesInfo

ObsKey = tuple[str, str, str, str]
OBSERVATION_FIELDS = frozenset(f.name for f in fields(Observation))
"""The attributes of an observation (a release column not among them is made here)."""

OBSERVATION_ID = Column(
    "observation_id", "string", "Stable id of the figure: series/category/period_start/period_end."
)

FIGURE_FIELDS: tuple[Column, ...] = (
    OBSERVATION_ID,
    *pick(OBSERVATION_COLUMNS, ["series_id", "series_title", "dimension", "category_id", "category_label",
                                "period_start", "period_end", "period_label", "value", "value_status",
                                "value_text", "unit", "decimals", "is_total"]),
    VALIDATION_STATUS,
    Column("source_count", "integer", "How many papers reported this figure."),
    *pick(OBSERVATION_COLUMNS, ["paper_file", "meeting_date", "page", "table_id", "row", "col"]),
)  # fmt: skip
"""A reconciled figure: the chosen (latest) paper's observation, its id, status and sources."""

SOURCE_FIELDS: tuple[Column, ...] = (
    Column("observation_id", "string", "The figure this cell reports."),
    *pick(OBSERVATION_COLUMNS, ["paper_file", "paper_sha256", "meeting_date", "page", "table_id", "row", "col",
                                "x0", "top", "x1", "bottom", "method", "value", "value_text"]),
    VALIDATION_STATUS,
)  # fmt: skip
REVISION_FIELDS: tuple[Column, ...] = (
    Column("observation_id", "string", "The revised figure."),
    Column("earlier_value", "number", "Value in the earlier paper."),
    Column("earlier_text", "string", "Cell text in the earlier paper."),
    Column("earlier_paper", "string", "The earlier paper."),
    Column("earlier_meeting_date", "string", "Its meeting date."),
    Column("later_value", "number", "Value in the later paper (the one published)."),
    Column("later_text", "string", "Cell text in the later paper."),
    Column("later_paper", "string", "The later paper."),
    Column("later_meeting_date", "string", "Its meeting date."),
)
SERIES_FIELDS: tuple[Column, ...] = (
    Column("id", "string", "Series id."),
    Column("title", "string", "Series title."),
    Column("dimension", "string", "What the series is broken down by."),
    Column("unit", "string", "Unit of its values."),
    Column("definition", "string", "What the series measures, from its schema."),
    Column("first_period", "date", "Start of its earliest period."),
    Column("last_period", "date", "End of its latest period."),
    Column("observations", "integer", "Figures in the full set."),
)
RESOURCE_FIELDS: dict[str, tuple[Column, ...]] = {
    "observations": FIGURE_FIELDS,
    "observations_full": FIGURE_FIELDS,
    "sources": SOURCE_FIELDS,
    "revisions": REVISION_FIELDS,
    "series": SERIES_FIELDS,
    "cells": (*TIDY_CELL_COLUMNS, CELL_VALIDATION_STATUS),
}
RESOURCE_TITLES = {
    "observations": "Clean observations: reconciled figures that passed validation",
    "observations_full": "All reconciled figures, with validation status (failed ones kept and flagged)",
    "sources": "Every paper cell behind every figure",
    "revisions": "Values that a later paper revised",
    "series": "Data dictionary: one row per series",
    "cells": "Every numeric cell of every data table, with its row and column labels, whether a family maps it or not",
}
DUCKDB_MEMORY_LIMIT = "256MB"
"""What each DuckDB connection that publishes a release may hold (``SET memory_limit``):
unbounded, writing the files and the store's copy at once took the release's process
from 630 MB to 1,070 MB at a thousand papers; bounded, 945 MB, in the same time."""

PARQUET_RESOURCES = ("observations", "observations_full", "cells")
"""Resources also written as Parquet (the figures and the tidy cells)."""


@dataclass
class DatasetFrames:
    """The tables of one release."""

    full: pd.DataFrame
    clean: pd.DataFrame
    sources: pd.DataFrame
    revisions: pd.DataFrame
    series: pd.DataFrame
    cells: pd.DataFrame

    def by_resource(self) -> dict[str, pd.DataFrame]:
        """Frames by resource name, in publishing order."""
        return {"observations": self.clean, "observations_full": self.full, "sources": self.sources,
                "revisions": self.revisions, "series": self.series, "cells": self.cells}  # fmt: skip


def figure_columns(reconciled: Reconciled) -> dict[str, list[Any]]:
    """One value per figure in each column: the chosen observation's fields plus id and
    source count (its status is set later, ``with_status``)."""
    chosen = [f.chosen for f in reconciled.figures]
    columns = {
        c.name: [getattr(o, c.name) for o in chosen] for c in FIGURE_FIELDS if c.name in OBSERVATION_FIELDS
    }
    columns.update(
        observation_id=[f.observation_id for f in reconciled.figures],
        source_count=[len(f.sources) for f in reconciled.figures],
    )
    return columns  # the status column is left out: it is set later


def source_columns(reconciled: Reconciled) -> dict[str, list[Any]]:
    """One value per paper cell behind a figure in each column (its status set later,
    ``with_status``)."""
    sources = [o for f in reconciled.figures for o in f.sources]
    columns = {
        c.name: [getattr(o, c.name) for o in sources] for c in SOURCE_FIELDS if c.name in OBSERVATION_FIELDS
    }
    boxes = [o.bbox or (None, None, None, None) for o in sources]
    columns.update({name: [b[i] for b in boxes] for i, name in enumerate(BBOX_COLUMNS)})
    columns["observation_id"] = [f.observation_id for f in reconciled.figures for _ in f.sources]
    return columns


def series_rows(full: pd.DataFrame, info: Mapping[str, SeriesInfo]) -> list[dict[str, Any]]:
    """One row per series seen in the full set."""
    rows = []
    for sid, group in full.groupby("series_id", sort=True):
        first = group.iloc[0]
        rows.append({
            "id": sid, "title": first.series_title, "dimension": first.dimension, "unit": first.unit,
            "definition": info[str(sid)].definition if str(sid) in info else first.series_title,
            "first_period": group.period_start.min(), "last_period": group.period_end.max(),
            "observations": len(group),
        })  # fmt: skip
    return rows


def typed_frame(
    rows: Iterable[Mapping[str, Any]] | Mapping[str, list[Any]], fields: Sequence[Column]
) -> pd.DataFrame:
    """A frame with exactly ``fields``' columns, in order, cast to their declared types,
    from ``rows`` (one mapping per row) or from its columns (lists by name; a column
    missing is all empty).

    Rows are gathered column by column as they come, so only one row's mapping is
    alive at a time: a release's rows as a list of dicts took hundreds of MB."""
    names = [c.name for c in fields]
    if isinstance(rows, Mapping):
        count = len(next(iter(rows.values()), []))
        columns = {name: rows.get(name, [None] * count) for name in names}
    else:
        columns = {name: [] for name in names}
        for row in rows:
            for name in names:
                columns[name].append(row.get(name))
    frame = pd.DataFrame(columns, columns=names)
    for name, kind in ((c.name, c.type) for c in fields):
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name]).dt.date
        elif kind == "integer":
            frame[name] = frame[name].astype("Int64")
        elif kind == "number":
            frame[name] = frame[name].astype("Float64")
        elif kind == "boolean":
            frame[name] = frame[name].astype("boolean")
        else:
            frame[name] = frame[name].astype("string")
    return frame


@dataclass
class UncheckedFrames:
    """The tables of a release before validation: each status column still empty, and
    the key that finds each row's status (an observation's ``key``; a tidy cell's paper
    sha256, table, row and col).  Everything but the statuses can be built while
    validation runs."""

    frames: DatasetFrames
    figure_keys: list[ObsKey]
    source_keys: list[ObsKey]
    cell_keys: list[tuple[str, str, int, int]]


def unchecked_frames(
    reconciled: Reconciled, info: Mapping[str, SeriesInfo], cells: Sequence[TidyCell] = ()
) -> UncheckedFrames:
    """Every table of a release from the reconciled figures and the tidy cells of every
    data table, statuses left to ``with_status``."""
    full = typed_frame(figure_columns(reconciled), FIGURE_FIELDS)
    sources = typed_frame(source_columns(reconciled), SOURCE_FIELDS)
    revisions = typed_frame([asdict(r) for r in reconciled.revisions], REVISION_FIELDS)
    series = typed_frame(series_rows(full, info), SERIES_FIELDS)
    tidy = typed_frame(record_values(cells, TidyCell), RESOURCE_FIELDS["cells"])
    return UncheckedFrames(
        DatasetFrames(full, full, sources, revisions, series, tidy),
        [f.chosen.key for f in reconciled.figures],
        [o.key for f in reconciled.figures for o in f.sources],
        [(c.paper_sha256, c.table_id, c.row, c.col) for c in cells],
    )


def with_status(
    unchecked: UncheckedFrames,
    status: Mapping[ObsKey, str],
    cell_status: Mapping[tuple[str, str, int, int], str] | None = None,
) -> DatasetFrames:
    """The release's tables with each figure's, source cell's and tidy cell's validation
    status (a key not in ``status`` or ``cell_status`` is ``unchecked``), and the clean
    set: the figures that did not fail."""
    f = unchecked.frames

    def statuses(keys: Sequence[Any], found: Mapping[Any, str]) -> pd.arrays.StringArray:
        return pd.array([found.get(k, "unchecked") for k in keys], dtype="string")

    full = f.full.assign(validation_status=statuses(unchecked.figure_keys, status))
    sources = f.sources.assign(validation_status=statuses(unchecked.source_keys, status))
    cells = f.cells.assign(validation_status=statuses(unchecked.cell_keys, cell_status or {}))
    clean = full[full.validation_status != "failed"].reset_index(drop=True)
    return DatasetFrames(full, clean, sources, f.revisions, f.series, cells)


def build_frames(
    reconciled: Reconciled,
    status: Mapping[ObsKey, str],
    info: Mapping[str, SeriesInfo],
    cells: Sequence[TidyCell] = (),
    cell_status: Mapping[tuple[str, str, int, int], str] | None = None,
) -> DatasetFrames:
    """Every table of a release from the reconciled figures, validation statuses and the
    tidy cells of every data table with theirs (``cell_status`` by paper sha256, table,
    row, col; a cell not in it is ``unchecked``)."""
    return with_status(unchecked_frames(reconciled, info, cells), status, cell_status)


def table_schema(name: str) -> dict[str, Any]:
    """The Frictionless Table Schema of one resource, with keys."""
    fields = []
    for c in RESOURCE_FIELDS[name]:
        fname = c.name
        field: dict[str, Any] = {"name": fname, "type": c.type, "description": c.description}
        if name != "cells" and fname in ("value", "earlier_value", "later_value"):
            field["description"] += " Unit: see `unit` / series.csv."
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if name in ("observations", "observations_full"):
        schema["primaryKey"] = ["observation_id"]
        schema["foreignKeys"] = [
            {"fields": ["series_id"], "reference": {"resource": "series", "fields": ["id"]}}
        ]
    elif name == "series":
        schema["primaryKey"] = ["id"]
    elif name in ("sources", "revisions"):
        schema["foreignKeys"] = [
            {
                "fields": ["observation_id"],
                "reference": {"resource": "observations_full", "fields": ["observation_id"]},
            }
        ]
    if name == "sources":
        schema["primaryKey"] = ["observation_id", "paper_sha256", "table_id", "row", "col"]
    if name == "cells":
        schema["primaryKey"] = ["paper_sha256", "table_id", "row", "col"]
    return schema


def datapackage(release_id: str, created: str) -> dict[str, Any]:
    """The Frictionless Data Package (v2) descriptor of a release's CSV resources."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "boardpack-observations",
        "title": "Board papers: validated longitudinal observations",
        "version": release_id,
        "created": created,
        "description": "Figures extracted from public board papers, mapped to tidy series, validated and "
        "reconciled across papers. Every value links to the cell it was read from (sources).",
        "resources": [
            {
                "name": name,
                "title": RESOURCE_TITLES[name],
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(name),
            }
            for name in RESOURCE_FIELDS
        ],
    }


def write_release_files(frames: DatasetFrames, directory: Path, release_id: str, created: str) -> None:
    """Write every resource as CSV (and the observation sets as Parquet) plus datapackage.json.

    CSV is written by DuckDB (a quarter of pandas' time on a large release): values are
    quoted only where needed, a missing value is an empty field and an empty text ``""``,
    booleans are ``true``/``false``."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    try:
        for name, frame in frames.by_resource().items():
            con.from_df(frame).write_csv(str(directory / f"{name}.csv"), header=True)
            if name in PARQUET_RESOURCES:
                frame.to_parquet(directory / f"{name}.parquet", index=False)
    finally:
        con.close()
    descriptor = datapackage(release_id, created)
    (directory / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
