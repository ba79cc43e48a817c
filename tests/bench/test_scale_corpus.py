"""The scale corpus (``bench/scale_corpus.py``): copies are distinct papers of their own
meeting, and two copies that print one figure for one period print the same value.

Four copies are built: papers 0 and 2 of the corpus, each at two year offsets two years
apart (copies 0, 2 and 55, 57), so the copies of one paper report overlapping periods.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("reportlab")

from bench.scale_corpus import (  # noqa: E402
    CopyPlan,
    Original,
    World,
    copy_table,
    figures_of,
    load_originals,
    parse_count,
    parse_percent,
    plan_copy,
    render_copy,
    table_view,
)
from extractors import extract_paper  # noqa: E402
from extractors.records import PaperTables  # noqa: E402

COPIES = (0, 2, 55, 57)
Figure = tuple[str, ...]  # (kind, table stub, row, column, period…)


Built = dict[int, tuple[CopyPlan, Path, PaperTables]]


@pytest.fixture(scope="module")
def originals() -> list[Original]:
    """The corpus papers the copies re-typeset."""
    return load_originals()


@pytest.fixture(scope="module")
def world(originals: list[Original]) -> World:
    """The figures every copy draws from."""
    return World.of(originals)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, originals: list[Original], world: World) -> Built:
    """The copies written by the builder and read back by boardpack."""
    out = tmp_path_factory.mktemp("scale")
    found = {}
    for k in COPIES:
        plan = plan_copy(k, originals)
        path = render_copy(plan, out, world)
        found[k] = (plan, path, extract_paper(path))
    return found


def printed_figures(plan: CopyPlan, world: World) -> dict[Figure, str]:
    """Every figure copy ``plan`` prints from the shared world (tables of counts or of
    rates), by identity and printed period, as printed."""
    out: dict[Figure, str] = {}
    for table in plan.original.truth["tables"]:
        if table.get("kind") != "data":
            continue
        kind = figures_of(table_view(table, plan.offset, plan.meeting_date))
        if kind not in ("counts", "rates"):
            continue
        copy = table_view(copy_table(table, world, plan.offset, plan.meeting_date), 0, plan.meeting_date)
        for i, row in enumerate(copy.rows):
            for j, cell in enumerate(row):
                if parse_count(cell) is not None or parse_percent(cell) is not None:
                    out[(kind, *copy.key(i, j), *copy.when(i, j))] = cell
    return out


def same_value(a: str, b: str) -> bool:
    """Two printings of one figure agree: counts exactly, percentages to the coarser
    of their printed decimals (``10.47%`` and ``10.5%`` are one figure)."""
    pa, pb = parse_percent(a), parse_percent(b)
    if pa is not None and pb is not None:
        return abs(pa[0] - pb[0]) <= 0.5 * 10 ** -min(pa[1], pb[1]) + 1e-9
    return parse_count(a) == parse_count(b) is not None


def test_copies_are_distinct_papers(built: Built) -> None:
    digests = {hashlib.sha256(path.read_bytes()).hexdigest() for _, path, _ in built.values()}
    assert len(digests) == len(COPIES)
    names = {path.name for _, path, _ in built.values()}
    assert len(names) == len(COPIES)
    # distinct content, not only bytes: the tables boardpack reads differ between copies
    contents = {repr([t.rows for t in read.tables]) for _, _, read in built.values()}
    assert len(contents) == len(COPIES)


def test_each_copy_prints_its_own_meeting_date(built: Built) -> None:
    read_dates = []
    for plan, _, read in built.values():
        assert read.facts.meeting_date is not None, plan.file
        assert read.facts.meeting_date.value == plan.meeting_date
        assert read.facts.meeting_date.source == "cover"
        read_dates.append(read.facts.meeting_date.value)
    assert len(set(read_dates)) == len(COPIES)


def test_two_copies_print_one_figure_for_one_period_alike(built: Built, world: World) -> None:
    figures = {k: printed_figures(plan, world) for k, (plan, _, _) in built.items()}
    shared = 0
    for a, b in itertools.combinations(COPIES, 2):
        for key in figures[a].keys() & figures[b].keys():
            shared += 1
            assert same_value(figures[a][key], figures[b][key]), (a, b, key)
    # copies 0/55 and 2/57 report overlapping years: many figures are printed twice
    assert shared >= 50


def test_copies_print_the_figures_boardpack_reads(built: Built, world: World) -> None:
    # the figures the builder says it printed are on the page, in the row of their label
    for plan, _, read in built.values():
        rows = {(r[0], c) for t in read.tables for r in t.header_rows + t.rows if r for c in r[1:]}
        for table in plan.original.truth["tables"]:
            if table.get("kind") != "data":
                continue
            for row in copy_table(table, world, plan.offset, plan.meeting_date)["rows"]:
                for cell in row[1:]:
                    if row[0] and (parse_count(cell) is not None or parse_percent(cell) is not None):
                        assert (row[0], cell) in rows, (plan.file, table["id"], row[0], cell)


def test_a_copy_is_built_again_byte_for_byte(
    built: Built, originals: list[Original], world: World, tmp_path: Path
) -> None:
    plan, path, _ = built[COPIES[0]]
    again = render_copy(plan_copy(plan.k, originals), tmp_path, world)
    assert again.name == path.name and again.read_bytes() == path.read_bytes()
