"""The published dataset: reconciled figures as tables, and the files of one release.

Resources of a release (all in ``outputs/dataset/``):

* ``observations`` (clean): reconciled figures whose value passed validation;
* ``observations_full``: every reconciled figure, with its validation status;
* ``sources``: every paper cell behind every figure (provenance);
* ``revisions``: earlier values that a later paper replaced;
* ``series``: the data dictionary.

The Frictionless descriptor (``datapackage.json``) is built from ``RESOURCE_FIELDS``, the
one place where the columns are described.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from boardpack.reconcile import Reconciled
from extractors.records import bbox_columns
from schemas.records import Observation

ObsKey = tuple[str, str, str, str]

# name → (type, description); "unit" only where it means something.
FIGURE_FIELDS: list[tuple[str, str, str]] = [
    ("observation_id", "string", "Stable id of the figure: series/category/period_start/period_end."),
    ("series_id", "string", "The series (see series.csv)."),
    ("series_title", "string", "Human title of the series."),
    ("dimension", "string", "What the series is broken down by (staff_type, rank, ...)."),
    ("category_id", "string", "Stable id of the category (normalised printed label)."),
    ("category_label", "string", "The category as printed in the latest paper."),
    ("period_start", "date", "First day of the period (inclusive)."),
    ("period_end", "date", "Last day of the period (inclusive)."),
    ("period_label", "string", "The period as printed in the latest paper."),
    ("value", "number", "The figure, in `unit`; empty when the cell held no number."),
    (
        "value_status",
        "string",
        "How the cell was read: ok, nil, not_applicable, missing, note, qualified, invalid.",
    ),
    ("value_text", "string", "The cell text as printed."),
    ("unit", "string", "Unit of `value` (percent, count, gbp, fte, ...)."),
    ("decimals", "integer", "Decimal places printed; the precision of the figure."),
    ("is_total", "boolean", "The figure is a total of other figures of its table."),
    ("validation_status", "string", "passed, warning or failed (error-severity check failed)."),
    ("source_count", "integer", "How many papers reported this figure."),
    ("paper_file", "string", "The paper the value is taken from (the latest that reported it)."),
    ("meeting_date", "string", "Meeting date of that paper (YYYY-MM-DD or YYYY-MM)."),
    ("page", "integer", "Page of the cell in that paper (from 1)."),
    ("table_id", "string", "Table of that paper (t01, ...)."),
    ("row", "integer", "Row of the cell in the table grid, header rows first."),
    ("col", "integer", "Column of the cell in the table grid."),
]
SOURCE_FIELDS: list[tuple[str, str, str]] = [
    ("observation_id", "string", "The figure this cell reports."),
    ("paper_file", "string", "File name of the paper."),
    ("paper_sha256", "string", "SHA-256 of the paper's bytes."),
    ("meeting_date", "string", "Meeting date of the paper."),
    ("page", "integer", "Page of the cell (from 1)."),
    ("table_id", "string", "Table id within the paper."),
    ("row", "integer", "Row of the cell, header rows first."),
    ("col", "integer", "Column of the cell."),
    ("x0", "number", "Left of the cell, PDF points."),
    ("top", "number", "Top of the cell, PDF points from the top of the page."),
    ("x1", "number", "Right of the cell, PDF points."),
    ("bottom", "number", "Bottom of the cell, PDF points from the top of the page."),
    ("method", "string", "Extractor that read the table."),
    ("value", "number", "The value this paper printed."),
    ("value_text", "string", "The cell text as printed."),
    ("validation_status", "string", "Validation status of this paper's cell."),
]
REVISION_FIELDS: list[tuple[str, str, str]] = [
    ("observation_id", "string", "The revised figure."),
    ("earlier_value", "number", "Value in the earlier paper."),
    ("earlier_text", "string", "Cell text in the earlier paper."),
    ("earlier_paper", "string", "The earlier paper."),
    ("earlier_meeting_date", "string", "Its meeting date."),
    ("later_value", "number", "Value in the later paper (the one published)."),
    ("later_text", "string", "Cell text in the later paper."),
    ("later_paper", "string", "The later paper."),
    ("later_meeting_date", "string", "Its meeting date."),
]
SERIES_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", "Series id."),
    ("title", "string", "Series title."),
    ("dimension", "string", "What the series is broken down by."),
    ("unit", "string", "Unit of its values."),
    ("definition", "string", "What the series measures, from its schema."),
    ("first_period", "date", "Start of its earliest period."),
    ("last_period", "date", "End of its latest period."),
    ("observations", "integer", "Figures in the full set."),
]
RESOURCE_FIELDS = {
    "observations": FIGURE_FIELDS,
    "observations_full": FIGURE_FIELDS,
    "sources": SOURCE_FIELDS,
    "revisions": REVISION_FIELDS,
    "series": SERIES_FIELDS,
}
RESOURCE_TITLES = {
    "observations": "Clean observations: reconciled figures that passed validation",
    "observations_full": "All reconciled figures, with validation status (failed ones kept and flagged)",
    "sources": "Every paper cell behind every figure",
    "revisions": "Values that a later paper revised",
    "series": "Data dictionary: one row per series",
}


@dataclass(frozen=True)
class SeriesInfo:
    """What the data dictionary says about a series beyond its observations."""

    definition: str


@dataclass
class DatasetFrames:
    """The tables of one release."""

    full: pd.DataFrame
    clean: pd.DataFrame
    sources: pd.DataFrame
    revisions: pd.DataFrame
    series: pd.DataFrame

    def by_resource(self) -> dict[str, pd.DataFrame]:
        """Frames by resource name, in publishing order."""
        return {"observations": self.clean, "observations_full": self.full, "sources": self.sources,
                "revisions": self.revisions, "series": self.series}  # fmt: skip


def _status_of(o: Observation, status: Mapping[ObsKey, str]) -> str:
    return status.get(o.key, "unchecked")


def figure_rows(reconciled: Reconciled, status: Mapping[ObsKey, str]) -> list[dict[str, Any]]:
    """One row per figure: the chosen observation's fields plus id, status and source count."""
    rows = []
    for f in reconciled.figures:
        o = f.chosen
        row = {name: getattr(o, name, None) for name, _, _ in FIGURE_FIELDS}
        row.update(observation_id=f.observation_id, validation_status=_status_of(o, status),
                   source_count=len(f.sources))  # fmt: skip
        rows.append(row)
    return rows


def source_rows(reconciled: Reconciled, status: Mapping[ObsKey, str]) -> list[dict[str, Any]]:
    """One row per paper cell behind a figure."""
    rows = []
    for f in reconciled.figures:
        for o in f.sources:
            row = {name: getattr(o, name, None) for name, _, _ in SOURCE_FIELDS}
            row.update(bbox_columns(o.bbox))
            row.update(observation_id=f.observation_id, validation_status=_status_of(o, status))
            rows.append(row)
    return rows


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


def typed_frame(rows: Sequence[Mapping[str, Any]], fields: list[tuple[str, str, str]]) -> pd.DataFrame:
    """A frame with exactly ``fields``' columns, in order, cast to their declared types."""
    frame = pd.DataFrame(list(rows), columns=[name for name, _, _ in fields])
    for name, kind, _ in fields:
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


def build_frames(
    reconciled: Reconciled, status: Mapping[ObsKey, str], info: Mapping[str, SeriesInfo]
) -> DatasetFrames:
    """Every table of a release from the reconciled figures and validation statuses."""
    full = typed_frame(figure_rows(reconciled, status), FIGURE_FIELDS)
    clean = full[full.validation_status != "failed"].reset_index(drop=True)
    sources = typed_frame(source_rows(reconciled, status), SOURCE_FIELDS)
    revisions = typed_frame([asdict(r) for r in reconciled.revisions], REVISION_FIELDS)
    series = typed_frame(series_rows(full, info), SERIES_FIELDS)
    return DatasetFrames(full, clean, sources, revisions, series)


def table_schema(name: str) -> dict[str, Any]:
    """The Frictionless Table Schema of one resource, with keys."""
    fields = []
    for fname, kind, description in RESOURCE_FIELDS[name]:
        field: dict[str, Any] = {"name": fname, "type": kind, "description": description}
        if fname in ("value", "earlier_value", "later_value"):
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
    """Write every resource as CSV (and the observation sets as Parquet) plus datapackage.json."""
    for name, frame in frames.by_resource().items():
        frame.to_csv(directory / f"{name}.csv", index=False)
        if name.startswith("observations"):
            frame.to_parquet(directory / f"{name}.parquet", index=False)
    descriptor = datapackage(release_id, created)
    (directory / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
