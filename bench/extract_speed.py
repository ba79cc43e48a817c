"""Benchmark: our ``extract_paper`` vs pdfplumber ``extract_tables`` vs camelot lattice.

Each engine runs in its own subprocess (so peak RSS is its own) over the whole corpus
once; we record wall time, pages/second, peak memory (ru_maxrss of the child) and the
accuracy of its tables under ``extractors.scoring``.  Results go to
``outputs/bench/extract.json`` and a markdown table is printed.

Usage: ``python bench/extract_speed.py [PAPERS_DIR] [TRUTH_DIR]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAPERS = ROOT.parent / "shared" / "papers"  # ../shared beside the checkout: PDFs and truth/
OUT = ROOT / "outputs" / "bench" / "extract.json"

# The child program: run one engine over every PDF, dump predictions + timing as JSON.
CHILD = r"""
import json, resource, sys, time, warnings
from pathlib import Path
warnings.filterwarnings("ignore")
engine, papers_dir, out = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
pdfs = sorted(papers_dir.glob("*.pdf"))

def grid_to_table(i, grid):
    grid = [["" if c is None else " ".join(str(c).split()) for c in row] for row in grid]
    return {"id": f"t{i:02d}", "header_rows": grid[:1], "rows": grid[1:]}

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
                    tables.append(grid_to_table(len(tables) + 1, g))
                page.close()
        papers.append({"file": p.name, "tables": tables})
elif engine == "camelot":
    import camelot
    import pypdfium2 as pdfium
    for p in pdfs:
        pages += len(pdfium.PdfDocument(str(p)))
        res = camelot.read_pdf(str(p), pages="all", flavor="lattice")
        tables = [grid_to_table(i + 1, t.df.values.tolist()) for i, t in enumerate(res)]
        papers.append({"file": p.name, "tables": tables})
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
json.dump({"papers": papers, "pages": pages, "seconds": elapsed, "peak_rss_mb": rss / 1024}, open(out, "w"))
"""


def run_engine(engine: str, papers: Path) -> dict[str, Any]:
    """Run one engine in a fresh interpreter; return its predictions and timings."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.json"
        subprocess.run([sys.executable, "-c", CHILD, engine, str(papers), str(out)], check=True, cwd=ROOT)
        result: dict[str, Any] = json.loads(out.read_text())
    return result


def main() -> int:
    """Run all three engines, score them, write JSON and print a markdown table."""
    sys.path.insert(0, str(ROOT))
    from extractors.scoring import score

    papers = Path(sys.argv[1]) if len(sys.argv) > 1 else PAPERS
    truth = Path(sys.argv[2]) if len(sys.argv) > 2 else papers / "truth"
    rows = []
    for engine in ("ours", "pdfplumber", "camelot"):
        res = run_engine(engine, papers)
        rep = score(truth, {"papers": res["papers"]})
        rows.append(
            {
                "engine": engine,
                "pages": res["pages"],
                "seconds": round(res["seconds"], 3),
                "pages_per_second": round(res["pages"] / res["seconds"], 2),
                "peak_rss_mb": round(res["peak_rss_mb"], 1),
                "tables_exact": rep.exact,
                "tables_total": rep.total,
                "micro_precision": round(rep.precision, 4),
                "micro_recall": round(rep.recall, 4),
                "micro_f1": round(rep.f1, 4),
            }
        )
    ours = rows[0]
    for r in rows:
        r["speedup_of_ours"] = round(r["seconds"] / ours["seconds"], 2)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"corpus": str(papers), "results": rows}, indent=2))
    print(
        "| engine | pages | s | pages/s | peak RSS MB | exact | micro P | micro R | micro F1 | ours ×faster |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['engine']} | {r['pages']} | {r['seconds']} | {r['pages_per_second']} | {r['peak_rss_mb']} | "
            f"{r['tables_exact']}/{r['tables_total']} | {r['micro_precision']} | {r['micro_recall']} | "
            f"{r['micro_f1']} | {r['speedup_of_ours']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
