"""Benchmark: how long the whole corpus takes to validate once GX is imported.

Extraction and mapping run first (not timed); then, timed: the GX context with every
suite and one checkpoint run over all papers' observations (the board checks run inside
it as expectations).  Data Docs building is timed separately (it renders HTML, not
validation).  ``--copies N`` validates N copies of every paper (each copy a paper of its
own: its own sha256 and file name) to see how validation grows towards a thousand papers;
every figure is then reported N times, so the agreement check does the most work it can.

Usage: ``python bench/validate_speed.py [PAPERS_DIR] [--copies N]``; prints the figures
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
    from extractors import extract_paper
    from schemas.mapping import map_paper

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("papers", nargs="?", type=Path, default=ROOT / "raw_papers")
    parser.add_argument("--copies", type=int, default=1, help="validate N copies of every paper")
    args = parser.parse_args()
    papers = pull(SourcesConfig(sources=(FolderSource("local", args.papers),)), OUT.parent / "landing").papers
    mapped = [map_paper(p, extract_paper(p.path).tables) for p in papers]
    observations = [o for m in mapped for o in m.observations]
    if args.copies > 1:
        observations = [replace(o, paper_sha256=f"{o.paper_sha256}-{i}", paper_file=f"copy{i}-{o.paper_file}")
                        for i in range(args.copies) for o in observations]  # fmt: skip

    start = time.perf_counter()
    import great_expectations  # noqa: F401

    gx_import = time.perf_counter() - start
    from boardpack.validation.gx_suites import GXValidator

    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        validator = GXValidator(Path(tmp))
        results = validator.validate("bench", observations, build_docs=False)
        validate, validate_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        validator.build_docs()
        docs = time.perf_counter() - start
    figures = {
        "papers": len(papers) * args.copies,
        "observations": len(observations),
        "results": len(results),
        "failures": sum(not r.success for r in results),
        "gx_import_s": round(gx_import, 3),
        "validate_s": round(validate, 3),
        "validate_cpu_s": round(validate_cpu, 3),
        "data_docs_s": round(docs, 3),
        "target_validate_s": 2.0,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    name = "validate.json" if args.copies == 1 else f"validate-x{args.copies}.json"
    (OUT / name).write_text(json.dumps(figures, indent=1) + "\n")
    print(f"validate {figures['observations']} observations of {figures['papers']} papers: "
          f"{figures['validate_s']:.2f} s ({figures['validate_cpu_s']:.2f} s CPU) after GX import "
          f"(target < 2 s for the corpus); GX import {figures['gx_import_s']:.2f} s; "
          f"Data Docs {figures['data_docs_s']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
