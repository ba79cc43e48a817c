"""Benchmark: our ``extract_paper`` against pdfplumber and camelot, on the corpus and on
the ICDAR 2013 EU half, in one run on one machine.

Each (engine, set) pair runs in a fresh interpreter of its own (so its peak RSS and its
imports are its own) over every PDF of the set once; we record wall time, pages per
second, peak memory (``ru_maxrss`` of the child) and the accuracy of its tables under
the judge's scorer (``../shared/benchmarks/score.py``: ICDAR 2013 adjacency-relation
micro P/R/F1 and exact tables).  Results go to ``outputs/bench/extract.json`` and a
markdown table is printed; ``ours ×faster`` is the engine's seconds over ours on the
same set.  Timings on a loaded machine are only comparable within one run.

Engines: ``ours``; ``pdfplumber`` (``page.extract_tables()``); camelot 2.0 ``lattice``,
``stream`` and ``auto`` (``hybrid`` with ``--hybrid``).

Usage: ``python bench/extract_speed.py [--sets corpus,eu] [--engines ours,...] [--hybrid]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    # name: (PDF folder, truth, truth is ICDAR XML)
    "corpus": (SHARED / "papers", SHARED / "papers" / "truth", False),
    "eu": (SHARED / "benchmarks" / "icdar2013-eu", SHARED / "benchmarks" / "icdar2013-eu", True),
}
ENGINES = ["ours", "pdfplumber", "camelot-lattice", "camelot-stream", "camelot-auto"]
OUT = ROOT / "outputs" / "bench" / "extract.json"

# The child program: run one engine over every PDF, dump predictions + timing as JSON.
CHILD = r"""
import json, resource, sys, time, warnings
from pathlib import Path
warnings.filterwarnings("ignore")
engine, pdf_dir, out = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
pdfs = sorted(pdf_dir.glob("*.pdf"))

def grid_to_table(i, grid, page):
    grid = [["" if c is None else " ".join(str(c).split()) for c in row] for row in grid]
    return {"id": f"t{i:02d}", "pages": [page], "header_rows": grid[:1], "rows": grid[1:]}

papers, pages = [], 0
t0 = time.perf_counter()
if engine == "ours":
    from extractors import extract_paper
    for p in pdfs:
        pt = extract_paper(p)
        pages += pt.pages
        papers.append({"file": p.name, "tables": [t.to_contract() for t in pt.tables]})
elif engine == "pdfplumber":
    import pdfplumber
    for p in pdfs:
        tables = []
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                pages += 1
                for g in page.extract_tables():
                    tables.append(grid_to_table(len(tables) + 1, g, page.page_number))
                page.close()
        papers.append({"file": p.name, "tables": tables})
else:
    import camelot
    import pypdfium2 as pdfium
    flavor = engine.split("-", 1)[1]
    for p in pdfs:
        pages += len(pdfium.PdfDocument(str(p)))
        try:
            res = camelot.read_pdf(str(p), pages="all", flavor=flavor, suppress_stdout=True)
        except Exception as exc:  # an engine failing on a file scores nothing for it
            print(f"{engine}: {p.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            res = []
        tables = [grid_to_table(i + 1, t.df.values.tolist(), int(t.page)) for i, t in enumerate(res)]
        papers.append({"file": p.name, "tables": tables})
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
json.dump({"papers": papers, "pages": pages, "seconds": elapsed, "peak_rss_mb": rss / 1024}, open(out, "w"))
"""


def judge() -> ModuleType:
    """The judge's scorer, ``../shared/benchmarks/score.py``, loaded as a module."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "benchmarks" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SHARED / "benchmarks" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_engine(engine: str, pdf_dir: Path) -> dict[str, Any]:
    """Run one engine over a folder of PDFs in a fresh interpreter; its predictions and timings."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.json"
        subprocess.run([sys.executable, "-c", CHILD, engine, str(pdf_dir), str(out)], check=True, cwd=ROOT)
        result: dict[str, Any] = json.loads(out.read_text())
    return result


def measure(set_name: str, engines: list[str], scorer: ModuleType) -> list[dict[str, Any]]:
    """Every engine over one set, scored; rows for the report."""
    pdf_dir, truth_dir, icdar = SETS[set_name]
    truth = scorer.load_truth(str(truth_dir), icdar)
    rows = []
    for engine in engines:
        res = run_engine(engine, pdf_dir)
        summary, _, _ = scorer.score({"papers": res["papers"]}, truth)
        rows.append(
            {
                "set": set_name,
                "engine": engine,
                "pages": res["pages"],
                "seconds": round(res["seconds"], 3),
                "pages_per_second": round(res["pages"] / res["seconds"], 2),
                "peak_rss_mb": round(res["peak_rss_mb"], 1),
                "tables_exact": summary["exact_tables"],
                "tables_total": summary["gt_tables"],
                "micro_precision": summary["micro"]["P"],
                "micro_recall": summary["micro"]["R"],
                "micro_f1": summary["micro"]["F1"],
            }
        )
    ours = next((r for r in rows if r["engine"] == "ours"), None)
    for r in rows:
        r["ours_times_faster"] = round(r["seconds"] / ours["seconds"], 2) if ours else None
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the engines over the sets, write JSON and print a markdown table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--hybrid", action="store_true", help="also camelot hybrid (slow)")
    args = ap.parse_args(argv)
    engines = args.engines.split(",") + (["camelot-hybrid"] if args.hybrid else [])
    scorer = judge()
    rows = []
    for set_name in args.sets.split(","):
        if not SETS[set_name][0].exists():
            print(f"{set_name}: {SETS[set_name][0]} not found, skipped")
            continue
        rows += measure(set_name, engines, scorer)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"results": rows}, indent=2))
    print(
        "| set | engine | pages | s | pages/s | peak RSS MB | exact | micro P | micro R | micro F1 | ours ×faster |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['set']} | {r['engine']} | {r['pages']} | {r['seconds']} | {r['pages_per_second']} | "
            f"{r['peak_rss_mb']} | {r['tables_exact']}/{r['tables_total']} | {r['micro_precision']} | "
            f"{r['micro_recall']} | {r['micro_f1']} | {r['ours_times_faster']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
