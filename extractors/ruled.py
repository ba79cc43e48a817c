"""Line-based extraction: rulings → intersections → cells → grid tables.

Edges are merged and intersected with pdfplumber's pure table helpers (the same chain
as ``pdfplumber.table``: ``merge_edges`` → ``edges_to_intersections`` →
``intersections_to_cells`` → ``cells_to_tables``); this module turns the resulting cell
boxes into a rectangular grid with spanning cells resolved the boardpack way (text in the
first row/column a merged cell covers, empty text elsewhere).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from pdfplumber import table as pt

from extractors.detection import lookalike
from extractors.geometry import Fragment, GridCell, PageContent, Rule, Word
from extractors.implied import column_rules, gutter_rules, row_rules
from extractors.lines import group_lines
from extractors.records import BBox
from extractors.text import join_lines

SNAP = 3.0
JOIN = 3.0
TOL = 3.0  # intersection tolerance: borders drawn as abutting segments rarely meet exactly


def _edge_dict(r: Rule) -> dict[str, Any]:
    return {
        "x0": r.x0,
        "x1": r.x1,
        "top": r.top,
        "bottom": r.bottom,
        "width": r.x1 - r.x0,
        "height": r.bottom - r.top,
        "orientation": r.orientation,
        "object_type": "line",
    }


def _touch(h: dict[str, Any], v: dict[str, Any]) -> bool:
    return bool(v["top"] - TOL <= h["top"] <= v["bottom"] + TOL and h["x0"] - TOL <= v["x0"] <= h["x1"] + TOL)


def connected_edges(edges: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Edges grouped by crossing: a horizontal and a vertical edge that meet (within
    ``TOL``) are in one group, and so on transitively.  Edges that meet nothing are left out."""
    hs = [e for e in edges if e["orientation"] == "h"]
    vs = [e for e in edges if e["orientation"] == "v"]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, e in enumerate([*hs, *vs]):
        groups.setdefault(find(i), []).append(e)
    crossed = [g for g in groups.values() if len(g) > 1]
    loose = [g[0] for g in groups.values() if len(g) == 1 and g[0]["orientation"] == "h"]
    return [with_row_rules(g, loose) for g in crossed]


def with_row_rules(group: list[dict[str, Any]], loose: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``group`` with the horizontal rules that carry it on above or below: as wide as
    the group (both ends within ``2 * SNAP``), each no further from the last than twice
    the group's tallest row.  A table may rule its columns in the header only and its
    rows across the whole width, the row rules meeting nothing."""
    x0 = min(e["x0"] for e in group)
    x1 = max(e["x1"] for e in group)
    tops = sorted({round(e["top"], 1) for e in group if e["orientation"] == "h"})
    pitch = max((b - a for a, b in itertools.pairwise(tops)), default=0.0)
    if pitch <= 0:
        return group
    out = list(group)
    lo, hi = tops[0], tops[-1]
    for e in sorted(loose, key=lambda e: e["top"]):
        if abs(e["x0"] - x0) <= 2 * SNAP and abs(e["x1"] - x1) <= 2 * SNAP and 0 < e["top"] - hi <= 2 * pitch:
            out.append(e)
            hi = e["top"]
    for e in sorted(loose, key=lambda e: -e["top"]):
        if abs(e["x0"] - x0) <= 2 * SNAP and abs(e["x1"] - x1) <= 2 * SNAP and 0 < lo - e["top"] <= 2 * pitch:
            out.append(e)
            lo = e["top"]
    return out


def closing_edges(group: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The four sides of the box around a group of crossing rulings.

    Many producers rule a table inside only (rules between rows and columns, none on
    the outer frame), or rule the rows across the whole width with column rules in the
    header alone.  The rulings' own extent still says where the table ends: drawn round
    them, its frame closes the outer cells so they are read like the inner ones.
    """
    x0 = min(e["x0"] for e in group)
    x1 = max(e["x1"] for e in group)
    top = min(e["top"] for e in group)
    bottom = max(e["bottom"] for e in group)
    return [
        _edge_dict(Rule("h", x0, top, x1, top)),
        _edge_dict(Rule("h", x0, bottom, x1, bottom)),
        _edge_dict(Rule("v", x0, top, x0, bottom)),
        _edge_dict(Rule("v", x1, top, x1, bottom)),
    ]


def _merge(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = pt.merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    return [
        e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= 3
    ]


def rules_to_cell_groups(rules: Sequence[Rule]) -> list[list[BBox]]:
    """Group the cells that the rulings enclose into tables (lists of cell boxes); the
    outer sides a table leaves open are closed first (``closing_edges``)."""
    edges = [_edge_dict(r) for r in rules if r.length >= 2.0]
    if not any(e["orientation"] == "v" for e in edges) or not any(e["orientation"] == "h" for e in edges):
        return []
    merged = _merge(edges)
    frames = [e for g in connected_edges(merged) for e in closing_edges(g)]
    if frames:
        merged = _merge(merged + frames)
    inters = pt.edges_to_intersections(merged, TOL, TOL)
    cells = pt.intersections_to_cells(inters)
    return [[tuple(float(v) for v in c) for c in grp] for grp in pt.cells_to_tables(cells)]  # type: ignore[misc]


def _cluster(values: Sequence[float], tol: float = 1.5) -> list[float]:
    """Sorted distinct values, merging those closer than ``tol``."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def words_in(box: BBox, words: Sequence[Word]) -> list[Word]:
    """Words whose centre lies inside ``box``."""
    x0, top, x1, bottom = box
    return [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]


def cell_text(words: Sequence[Word]) -> str:
    """Text of one cell: its lines top to bottom, joined with single spaces."""
    return join_lines(ln.text for ln in group_lines(words))


def cells_to_grid(cells: Sequence[BBox], words: Sequence[Word]) -> tuple[list[list[GridCell]], list[float]]:
    """Lay cell boxes out on the grid of their distinct edges.

    A merged cell keeps its text in its top-left grid position; the positions it covers
    get empty text and the merged cell's bbox.  Returns ``(grid, column x edges)``.
    """
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    nrows, ncols = len(ys) - 1, len(xs) - 1
    grid = [[GridCell("", None) for _ in range(ncols)] for _ in range(nrows)]
    for c in cells:
        c0, c1 = _index(xs, c[0]), _index(xs, c[2])
        r0, r1 = _index(ys, c[1]), _index(ys, c[3])
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            for k in range(c0, c1):
                grid[r][k] = GridCell("", c)
        grid[r0][c0] = GridCell(cell_text(words_in(c, words)), c, spans=c1 - c0)
    return grid, xs


def box_edges(cells: Sequence[BBox]) -> list[Rule]:
    """The four sides of every cell box, as rulings."""
    return [
        r
        for c in cells
        for r in (
            Rule("h", c[0], c[1], c[2], c[1]),
            Rule("h", c[0], c[3], c[2], c[3]),
            Rule("v", c[0], c[1], c[0], c[3]),
            Rule("v", c[2], c[1], c[2], c[3]),
        )
    ]


def with_implied_rules(group: list[BBox], words: Sequence[Word]) -> list[BBox]:
    """A table's cell boxes with the column and row rules its text implies added
    (``extractors.implied``); the same boxes when it implies none."""
    xs = _cluster([c[0] for c in group] + [c[2] for c in group])
    cols = column_rules(group, xs, words)
    if cols:
        group = max(rules_to_cell_groups(box_edges(group) + cols), key=len, default=group)
    xs = _cluster([c[0] for c in group] + [c[2] for c in group])
    ys = _cluster([c[1] for c in group] + [c[3] for c in group])
    gutters = gutter_rules(xs, ys, words)
    if gutters:
        group = max(rules_to_cell_groups(box_edges(group) + gutters), key=len, default=group)
    ys = _cluster([c[1] for c in group] + [c[3] for c in group])
    rows = row_rules(ys, _cluster([c[0] for c in group] + [c[2] for c in group]), words)
    if rows:
        group = max(rules_to_cell_groups(box_edges(group) + rows), key=len, default=group)
    return group


def ruled_fragments(page: PageContent) -> list[Fragment]:
    """Grid tables drawn with rulings on one page (at least 2 rows × 2 columns with text);
    grids that are charts or diagrams come back with ``kind="drawing"``."""
    out: list[Fragment] = []
    for drawn in rules_to_cell_groups(page.rules + page.rects):
        group = with_implied_rules(drawn, page.words)
        grid, xs = cells_to_grid(group, page.words)
        if len(grid) < 2 or len(xs) < 3:
            continue
        filled = sum(1 for row in grid for c in row if c.text)
        if filled < 3:
            continue
        # Drop rows/columns that are empty everywhere and have no cell of their own
        # (slivers from double borders).
        grid, xs = _drop_slivers(grid, xs)
        if len(grid) < 2 or len(xs) < 3:
            continue
        bbox = (xs[0], min(c[1] for c in group), xs[-1], max(c[3] for c in group))
        # A drawing is kept (and marked) so its words stay out of the aligned tables.
        kind = "drawing" if lookalike([], [[c.text for c in r] for r in grid]) is not None else "data"
        out.append(Fragment(page.number, bbox, grid, "ruled", 0.95, xs, kind=kind))
    return out


def _drop_slivers(grid: list[list[GridCell]], xs: list[float]) -> tuple[list[list[GridCell]], list[float]]:
    keep_rows = [r for r in grid if any(c.text for c in r) or _tall(r)]
    ncols = len(xs) - 1
    keep_cols = [k for k in range(ncols) if any(r[k].text for r in keep_rows) or xs[k + 1] - xs[k] > 4.0]
    grid2 = [[r[k] for k in keep_cols] for r in keep_rows]
    xs2 = [xs[k] for k in keep_cols] + [xs[keep_cols[-1] + 1]] if keep_cols else xs
    return grid2, xs2


def _tall(row: list[GridCell]) -> bool:
    boxes = [c.bbox for c in row if c.bbox]
    return bool(boxes) and min(b[3] - b[1] for b in boxes) > 4.0
