"""The tidy cells as one pandas frame: the batch the ``cells`` GX suite validates.

One row per ``TidyCell`` of the tables the cell checks take (every field but ``bbox``;
label paths joined as in the store: ``A | B``), plus ``meeting_date``, the meeting of the
cell's paper (a cell carries only its paper's key).  Text columns are categoricals, as
in the observations frame: GX fingerprints and filters the batch, cheaper on codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from operator import attrgetter

import pandas as pd

from boardpack.validation.frame import type_columns
from schemas.records import TableMapping, TidyCell

CELL_COLUMNS = [f.name for f in fields(TidyCell) if f.name != "bbox"]
"""Every TidyCell field but ``bbox`` (tuples joined as the store joins them)."""
NUMERIC = {"value": "float64", "scale": "float64", "decimals": "Int64", "page": "int64", "row": "int64",
           "col": "int64"}  # fmt: skip
FLAGS = ("row_is_total", "col_is_total")
JOINS = {f.name: f.metadata["join"] for f in fields(TidyCell) if f.metadata.get("join")}
FRAME_COLUMNS = [*CELL_COLUMNS, "meeting_date"]


def cells_frame(cells: Iterable[TidyCell], meeting_dates: Mapping[str, str | None]) -> pd.DataFrame:
    """One row per cell, in order, with the columns the module docstring lists;
    ``meeting_dates`` maps a paper sha256 to its meeting date (missing: unknown)."""
    frame = pd.DataFrame.from_records(list(map(attrgetter(*CELL_COLUMNS), cells)), columns=CELL_COLUMNS)
    for name, joiner in JOINS.items():
        frame[name] = [joiner.join(path) for path in frame[name]]
    frame["meeting_date"] = frame["paper_sha256"].map(dict(meeting_dates))
    type_columns(frame, FRAME_COLUMNS, NUMERIC, FLAGS)
    return frame


def unmapped_cells(cells: Sequence[TidyCell], tables: Iterable[TableMapping]) -> list[TidyCell]:
    """The cells of the tables no family maps: those the cell checks take (a family's
    suite checks the tables it maps)."""
    mapped = {(t.paper_sha256, t.table_id) for t in tables if t.status == "mapped"}
    return [c for c in cells if (c.paper_sha256, c.table_id) not in mapped]
