"""Benchmark: how long the whole corpus takes to validate once GX is imported.

Extraction and mapping run first (not timed); then, timed: the GX context with every
suite, one run per suite over all papers' observations, and the board-table checks.
Data Docs building is timed separately (it renders HTML, not validation).

Usage: ``python bench/validate_speed.py [PAPERS_DIR]``; prints the figures and writes
``outputs/bench/validate.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "outputs" / "bench" / "validate.json"


def main() -> None:
    from boardpack.sources import FolderSource, SourcesConfig, pull
    from boardpack.stages import board_checks, group_by_suite
    from extractors import extract_paper
    from schemas.mapping import map_paper

    papers_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw_papers"
    papers = pull(
        SourcesConfig(sources=(FolderSource("local", papers_dir),)), ROOT / "outputs" / "landing"
    ).papers
    mapped = [map_paper(p, extract_paper(p.path).tables) for p in papers]
    observations = [o for m in mapped for o in m.observations]

    start = time.perf_counter()
    import great_expectations  # noqa: F401

    gx_import = time.perf_counter() - start
    from boardpack.validation.gx_suites import GXValidator

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        validator = GXValidator(Path(tmp))
        results = validator.validate("bench", group_by_suite(observations), build_docs=False)
        results += board_checks(papers, mapped)
        validate = time.perf_counter() - start
        start = time.perf_counter()
        validator.build_docs()
        docs = time.perf_counter() - start
    figures = {
        "papers": len(papers),
        "observations": len(observations),
        "results": len(results),
        "failures": sum(not r.success for r in results),
        "gx_import_s": round(gx_import, 3),
        "validate_s": round(validate, 3),
        "data_docs_s": round(docs, 3),
        "target_validate_s": 2.0,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"validate {figures['observations']} observations of {figures['papers']} papers: "
          f"{figures['validate_s']:.2f} s after GX import (target < 2 s); "
          f"GX import {figures['gx_import_s']:.2f} s; Data Docs {figures['data_docs_s']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
