"""Benchmark: how long the whole corpus takes to validate once GX is imported.

Extraction and mapping run first (not timed); then, timed: the GX context with every
suite and one checkpoint run over all papers' observations (the board checks run inside
it as expectations).  Data Docs building is timed separately (it renders HTML, not
validation).  ``--copies N`` validates N copies of every paper (each copy a paper of its
own: its own sha256 and file name) to see how validation grows towards a thousand papers;
every figure is then reported N times, so the agreement check does the most work it can.
The checks that need no family run in the same call, on their own batch: the tidy cells of
the tables no family maps, or with ``--all-cells`` every tidy cell (papers of boards no
family knows: the most work the cell checks can have); they are also timed alone, without
GX (``cell_checks_s``).

Usage: ``python bench/validate_speed.py [PAPERS_DIR] [--copies N] [--all-cells]``; prints the figures
and writes ``outputs/bench/validate.json`` (``validate-xN.json`` with copies).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "outputs" / "bench"


def main() -> None:
    from boardpack.sources import FolderSource, SourcesConfig, pull
    from boardpack.validation.cell_frame import unmapped_cells
    from extractors import extract_paper
    from schemas.mapping import map_paper

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("papers", nargs="?", type=Path, default=ROOT / "raw_papers")
    parser.add_argument("--copies", type=int, default=1, help="validate N copies of every paper")
    parser.add_argument(
        "--all-cells", action="store_true", help="cell checks on every table, as if no family"
    )
    args = parser.parse_args()
    papers = pull(SourcesConfig(sources=(FolderSource("local", args.papers),)), OUT.parent / "landing").papers
    mapped = [map_paper(p, extract_paper(p.path).tables) for p in papers]
    observations = [o for m in mapped for o in m.observations]
    cells = [c for m in mapped for c in (m.cells if args.all_cells else unmapped_cells(m.cells, m.tables))]
    dates = {p.sha256: p.meeting_date for p in papers}
    if args.copies > 1:
        observations = [replace(o, paper_sha256=f"{o.paper_sha256}-{i}", paper_file=f"copy{i}-{o.paper_file}")
                        for i in range(args.copies) for o in observations]  # fmt: skip
        cells = [replace(c, paper_sha256=f"{c.paper_sha256}-{i}", paper_file=f"copy{i}-{c.paper_file}")
                 for i in range(args.copies) for c in cells]  # fmt: skip
        dates = {f"{sha}-{i}": d for i in range(args.copies) for sha, d in dates.items()}

    start = time.perf_counter()
    import great_expectations  # noqa: F401

    gx_import = time.perf_counter() - start
    from boardpack.validation.cell_checks import run_cell_checks
    from boardpack.validation.cell_frame import cells_frame
    from boardpack.validation.gx_suites import GXValidator

    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        validator = GXValidator(Path(tmp))
        results = validator.validate(
            "bench", observations, build_docs=False, cells=cells, meeting_dates=dates
        )
        validate, validate_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        run_cell_checks(cells_frame(cells, dates))
        cell_checks = time.perf_counter() - start
        start = time.perf_counter()
        validator.build_docs()
        docs = time.perf_counter() - start
    figures = {
        "papers": len(papers) * args.copies,
        "observations": len(observations),
        "cells": len(cells),
        "all_cells": args.all_cells,
        "results": len(results),
        "failures": sum(not r.success for r in results),
        "gx_import_s": round(gx_import, 3),
        "validate_s": round(validate, 3),
        "validate_cpu_s": round(validate_cpu, 3),
        "data_docs_s": round(docs, 3),
        "cell_checks_s": round(cell_checks, 3),
        "target_validate_s": 2.0,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    name = ("validate" + (f"-x{args.copies}" if args.copies > 1 else "") + ("-all-cells" if args.all_cells else "")
            + ".json")  # fmt: skip
    (OUT / name).write_text(json.dumps(figures, indent=1) + "\n")
    print(f"validate {figures['observations']} observations and {figures['cells']} tidy cells of "
          f"{figures['papers']} papers: "
          f"{figures['validate_s']:.2f} s ({figures['validate_cpu_s']:.2f} s CPU) after GX import "
          f"(target < 2 s for the corpus); GX import {figures['gx_import_s']:.2f} s; "
          f"Data Docs {figures['data_docs_s']:.2f} s; the cell checks alone, without GX, "
          f"{figures['cell_checks_s']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
