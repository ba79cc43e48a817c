"""The records a run pickles (into the cache, to its stage processes) come back equal,
pickled by position (``extractors.pickling``), and pickles written before still load."""

from __future__ import annotations

import copyreg
import io
import pickle
from dataclasses import fields
from typing import Any

from extractors.records import Cell
from schemas.mapping import map_paper
from tests.schemas.schemas_truth import paper, truth_tables

P2023 = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"


def test_a_papers_observations_tidy_cells_and_cells_come_back_equal() -> None:
    tables = truth_tables(P2023)
    mapped = map_paper(paper(P2023), tables)
    cells = [c for t in tables for c in t.cells]
    assert mapped.observations and mapped.cells and cells
    back = pickle.loads(pickle.dumps((mapped.observations, mapped.cells, cells), pickle.HIGHEST_PROTOCOL))
    assert back == (mapped.observations, mapped.cells, cells)
    first = back[0][0]
    assert (first.paper_file, first.value) == (
        mapped.observations[0].paper_file,
        mapped.observations[0].value,
    )


def test_each_record_pickles_as_its_class_and_values_in_field_order() -> None:
    cell = Cell(3, 1, "1,234", 7, (10.0, 20.0, 30.0, 40.0))
    assert cell.__reduce__() == (Cell, (3, 1, "1,234", 7, (10.0, 20.0, 30.0, 40.0)))


class _OldWay(pickle.Pickler):
    """Pickles a slotted dataclass as ``dataclasses`` did before: class, then a state list."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Cell):
            return copyreg.__newobj__, (Cell,), [getattr(obj, f.name) for f in fields(obj)]
        return NotImplemented


def test_a_pickle_written_the_old_way_still_loads() -> None:
    cell = Cell(2, 4, "56.5%", 3, None)
    buffer = io.BytesIO()
    _OldWay(buffer, pickle.HIGHEST_PROTOCOL).dump([cell])
    assert pickle.loads(buffer.getvalue()) == [cell]
