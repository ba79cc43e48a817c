"""Benchmark: what the checks that need no family find, and what they wrongly call an error.

Measured, each on papers extracted and mapped here (meeting dates from the manifest when
there is one, else from the papers' covers):

* corpus, as a run splits the work: the families' checks on their tables, the cell checks
  on the rest; with ``manifest.json`` and without it (facts from the covers);
* corpus, cell checks alone: every table as if no family mapped it (the cell checks
  must find the four findings on their own);
* the re-typeset variants (``bench/render_variants.py`` output, rendered if missing): the
  same, per style;
* papers of other kinds of boards (``bench/other_boards.py`` and ``bench/other_shapes.py``):
  every wrong printed total found, each table's expected findings, nothing else an error.

An error is a *false error* unless it is one of the corpus's known findings (the 2019
cadets total, the 2023 specials total for Nov-21, the 2022 attrition period) or, on the
papers of other boards, a finding the bench expects.

Usage: ``python bench/cell_checks.py [--styles a,b] [--skip-variants]``; writes
``outputs/bench/cell_checks.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from boardpack.models import Paper, ValidationResult  # noqa: E402
from boardpack.stages import map_tables, settle_papers  # noqa: E402
from boardpack.validation.cell_checks import run_cell_checks  # noqa: E402
from boardpack.validation.cell_frame import cells_frame, unmapped_cells  # noqa: E402
from boardpack.validation.checks import run_checks  # noqa: E402
from extractors import extract_paper  # noqa: E402
from extractors.records import PaperTables  # noqa: E402
from schemas.records import MappingResult, TidyCell  # noqa: E402
from schemas.registry import default_schemas  # noqa: E402

OUT = ROOT / "outputs" / "bench"
CORPUS = ROOT / "raw_papers"
Place = tuple[str, str]


def known_finding(r: ValidationResult) -> str | None:
    """Which of the corpus's findings a failed result is, if it is one."""
    paper = r.paper_file or ""
    sums = r.check.endswith("parts_sum_to_total")
    if sums and paper.startswith("2019-12-17") and r.observed == "219":
        return "2019 cadets total 218 ≠ 219"
    if sums and paper.startswith("2023-01-23") and r.observed == "291":
        return "2023 specials Nov-21 290 ≠ 291"
    if (
        r.check.endswith("period_before_meeting")
        and paper.startswith("2022-09")
        and r.observed == "2023-07-31"
    ):
        return "2022-09 attrition period after the meeting"
    if (
        sums
        and r.severity == "warning"
        and "explained by the note" in r.message
        and r.observed == "107,729,020"
    ):
        return "2023 non-cashable total explained by the Estates note"
    return None


@dataclass
class Tally:
    """What one set of checks said on one set of papers."""

    errors: int = 0
    warnings: int = 0
    not_checked: int = 0
    found: list[str] = field(default_factory=list)
    """The known findings, one line per result."""
    false_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def tally(results: Sequence[ValidationResult]) -> Tally:
    """Count a run's failures, sort them into known findings and false errors."""
    out = Tally()
    for r in results:
        if not r.checked:
            out.not_checked += 1
            continue
        if r.success:
            continue
        out.errors += r.severity == "error"
        out.warnings += r.severity == "warning"
        known = known_finding(r)
        if known is not None:
            out.found.append(f"{r.check}: {known}")
        elif r.severity == "error" and r.check not in ("jump_between_periods",):
            out.false_errors.append(f"{r.paper_file} {r.table_id} r{r.row} c{r.col}: {r.message}")
    return out


@dataclass
class Mapped:
    """Papers with their facts, extractions and mappings."""

    papers: list[Paper]
    mapped: list[MappingResult]

    @property
    def meeting_dates(self) -> dict[str, str | None]:
        return {p.sha256: p.meeting_date for p in self.papers}

    @property
    def cells(self) -> list[TidyCell]:
        return [c for m in self.mapped for c in m.cells]

    @property
    def family_free(self) -> list[TidyCell]:
        return [c for m in self.mapped for c in unmapped_cells(m.cells, m.tables)]


def extract_all(folder: Path) -> dict[Path, PaperTables]:
    """Every PDF of a folder, extracted."""
    return {pdf: extract_paper(pdf) for pdf in sorted(folder.glob("*.pdf"))}


def map_folder(extracted: dict[Path, PaperTables], manifest: dict[str, dict[str, str]]) -> Mapped:
    """Settle each paper's facts (manifest entry by file name, else its cover) and map it."""
    papers, tables = [], []
    for pdf, ex in extracted.items():
        meta = manifest.get(pdf.name, {})
        paper = Paper(pdf.name, ex.sha256, str(pdf), board=meta.get("board"), meeting_date=meta.get("meeting_date"),
                      title=meta.get("title"), meeting_date_source="manifest" if meta else None)  # fmt: skip
        (settled,), (table,) = settle_papers([paper], [ex])
        papers.append(settled)
        tables.append(table)
    return Mapped(papers, [map_tables(p, t) for p, t in zip(papers, tables, strict=True)])


def split_run(m: Mapped) -> Tally:
    """The families' checks on their observations and the cell checks on the rest."""
    start = time.perf_counter()
    observations = [o for r in m.mapped for o in r.observations]
    family = run_checks(observations, default_schemas(), m.meeting_dates)
    cells = run_cell_checks(cells_frame(m.family_free, m.meeting_dates))
    out = tally([*family, *cells])
    out.seconds = round(time.perf_counter() - start, 3)
    return out


def cells_alone(m: Mapped) -> Tally:
    """The cell checks on every table, as if no family mapped any."""
    start = time.perf_counter()
    out = tally(run_cell_checks(cells_frame(m.cells, m.meeting_dates)))
    out.seconds = round(time.perf_counter() - start, 3)
    return out


def load_manifest(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / "manifest.json"
    if not path.exists():
        return {}
    return {p["file"]: p for p in json.loads(path.read_text(encoding="utf-8"))["papers"]}


@dataclass
class TableVerdict:
    """One table of a paper of another board: what was expected and what was said."""

    paper: str
    caption: str
    expected: dict[str, list[Place]]
    said: dict[str, list[Place]]
    not_extracted: list[Place] = field(default_factory=list)
    """Expected cells extraction did not give (left out of ``right``: not the checks' miss)."""

    @property
    def right(self) -> bool:
        """Errors and warnings exactly as expected; every expected not-checked cell reported
        (of the cells extraction gave)."""
        missing = set(self.not_extracted)
        for kind in ("error", "warning"):
            if set(self.expected.get(kind, [])) - missing != set(self.said.get(kind, [])):
                return False
        return set(self.expected.get("not_checked", [])) - missing <= set(self.said.get("not_checked", []))


def verdicts(m: Mapped, expected: dict[tuple[str, str], dict[str, set[Place]]]) -> list[TableVerdict]:
    """What the cell checks said about each table of the papers, by printed labels."""
    results = run_cell_checks(cells_frame(m.family_free, m.meeting_dates))
    by_place = {(c.paper_sha256, c.table_id, c.row, c.col): c for c in m.cells}
    captions = {(c.paper_sha256, c.table_id): c.caption or c.table_id for c in m.cells}
    files = {p.sha256: p.file for p in m.papers}
    said: dict[tuple[str, str], dict[str, set[Place]]] = {}
    for r in results:
        if r.success and r.checked:
            continue
        kind = "not_checked" if not r.checked else r.severity
        places = [(r.row, r.col)] if r.checked else [(r.row, r.col), *r.also_cells]
        for row, col in places:
            cell = by_place.get((str(r.paper_sha256), str(r.table_id), int(row or 0), int(col or 0)))
            if cell is None:
                continue
            key = (files[cell.paper_sha256], captions[(cell.paper_sha256, cell.table_id)])
            label = (
                cell.row_labels[-1] if cell.row_labels else "",
                cell.col_labels[-1] if cell.col_labels else "",
            )
            said.setdefault(key, {}).setdefault(kind, set()).add(label)
    extracted: dict[tuple[str, str], set[Place]] = {}
    for c in m.cells:
        key = (files[c.paper_sha256], captions[(c.paper_sha256, c.table_id)])
        extracted.setdefault(key, set()).add((c.row_labels[-1] if c.row_labels else "",
                                              c.col_labels[-1] if c.col_labels else ""))  # fmt: skip
    keys = sorted(set(expected) | {k for k, v in said.items() if v.get("error") or v.get("warning")})
    out = []
    for p, c in keys:
        wanted = expected.get((p, c), {})
        missing = {place for places in wanted.values() for place in places} - extracted.get((p, c), set())
        out.append(TableVerdict(p, c, {k: sorted(v) for k, v in wanted.items()},
                                {k: sorted(v) for k, v in said.get((p, c), {}).items()}, sorted(missing)))  # fmt: skip
    return out


def other_boards(folder: Path) -> list[TableVerdict]:
    """The verdicts on every table of the papers of other boards."""
    from bench import other_boards as ob
    from bench import other_shapes as shapes

    ob.build(folder)
    shapes.build(folder)
    expected = dict(shapes.EXPECTED)
    for paper in ob.PAPERS:
        for t in paper.tables:
            wrong = {t.wrong_total} if t.wrong_total else set()
            expected[(paper.file, t.caption)] = {"error": wrong} if wrong else {}
    # The NHS workforce table's total row of vacancy rates is no sum.
    expected[(ob.NHS.file, "Table 3: Workforce by division")] = {"not_checked": {("Total", "Vacancy %")}}
    return verdicts(map_folder(extract_all(folder), {}), expected)


def main(argv: list[str] | None = None) -> int:
    from bench.render_variants import OUT as VARIANTS
    from bench.render_variants import PAPERS as SHARED_PAPERS
    from bench.render_variants import render_style
    from bench.variants.styles import STYLES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--skip-variants", action="store_true")
    args = parser.parse_args(argv)
    manifest = load_manifest(CORPUS)
    report: dict[str, object] = {}
    corpus = extract_all(CORPUS)
    for name, facts in (("corpus", manifest), ("corpus, no manifest", {})):
        m = map_folder(corpus, facts)
        report[f"{name}: families + cells"] = asdict(split_run(m))
        report[f"{name}: cells alone"] = asdict(cells_alone(m))
    if not args.skip_variants:
        for style in args.styles.split(","):
            folder = VARIANTS / style
            if not folder.exists():
                render_style(style, SHARED_PAPERS, SHARED_PAPERS / "truth", VARIANTS)
            m = map_folder(extract_all(folder), manifest)
            report[f"variant {style}: families + cells"] = asdict(split_run(m))
            report[f"variant {style}: cells alone"] = asdict(cells_alone(m))
    with tempfile.TemporaryDirectory() as tmp:
        tables = other_boards(Path(tmp))
    report["other boards"] = [asdict(t) | {"right": t.right} for t in tables]
    for name, t in report.items():
        if isinstance(t, dict):
            found = Counter(f.split(": ", 1)[1] for f in t["found"])
            print(f"{name}: {t['errors']} errors, {t['warnings']} warnings, {t['not_checked']} not checked; "
                  f"false errors {len(t['false_errors'])}; found {dict(found)}")  # fmt: skip
            for line in t["false_errors"]:
                print("   FALSE:", line[:220])
    print(f"other boards: {sum(t.right for t in tables)} of {len(tables)} tables as expected; "
          f"errors {sum(len(t.said.get('error', [])) for t in tables)} "
          f"(expected {sum(len(t.expected.get('error', [])) for t in tables)})")  # fmt: skip
    for t in tables:
        if not t.right:
            print(f"   {t.paper} {t.caption!r}: expected {t.expected}, said {t.said}")
        if t.not_extracted:
            print(f"   {t.paper} {t.caption!r}: not extracted, so not checked: {t.not_extracted}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cell_checks.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
