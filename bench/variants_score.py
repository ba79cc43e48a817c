"""Score the extractor on every rendered variant style (see ``bench/render_variants.py``).

Prints one markdown row per style: tables exact x/N and micro adjacency P/R/F1, plus the
end-to-end figures of the same extraction mapped by the schema families (observations and
mapping issues, ``bench/variants_map.py``), with the corpus itself as the first row;
``--detail`` adds the per-table misses and the tables whose mapping differs from the corpus.  Renders the
variants first when ``outputs/variants/<style>`` is missing (or with ``--render``).

Usage: ``python bench/variants_score.py [--render] [--detail] [--styles a,b]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.render_variants import OUT, PAPERS, render_style  # noqa: E402
from bench.variants.styles import STYLES  # noqa: E402
from bench.variants_map import MapScore, differences, map_extracted  # noqa: E402
from extractors import extract_paper  # noqa: E402
from extractors.records import PaperTables  # noqa: E402
from extractors.scoring import ScoreReport, format_report, score  # noqa: E402


def extract_dir(pdf_dir: Path) -> dict[Path, PaperTables]:
    """The extractor's output for every PDF of a directory, by path."""
    return {p: extract_paper(p) for p in sorted(pdf_dir.glob("*.pdf"))}


def contract(extracted: dict[Path, PaperTables]) -> dict[str, Any]:
    """Extracted papers in the contract shape the scorer reads (round-tripped through JSON)."""
    papers = [{"file": p.name, "tables": [t.to_contract() for t in pt.tables]} for p, pt in extracted.items()]
    out: dict[str, Any] = json.loads(json.dumps({"papers": papers}))
    return out


def predict(pdf_dir: Path) -> dict[str, Any]:
    """The extractor's tables for every PDF of a directory, in the contract shape."""
    return contract(extract_dir(pdf_dir))


def score_dir(pdf_dir: Path, truth_dir: Path) -> ScoreReport:
    """Extract every PDF of ``pdf_dir`` and score it against ``truth_dir``."""
    return score(truth_dir, predict(pdf_dir))


def score_and_map(pdf_dir: Path, truth_dir: Path) -> tuple[ScoreReport, MapScore]:
    """Extract every PDF of ``pdf_dir`` once; score it against ``truth_dir`` and map it."""
    extracted = extract_dir(pdf_dir)
    return score(truth_dir, contract(extracted)), map_extracted(extracted)


def main(argv: list[str] | None = None) -> int:
    """CLI entry: print the per-style score table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--render", action="store_true")
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args(argv)
    results = [("corpus", *score_and_map(PAPERS, PAPERS / "truth"))]
    for s in args.styles.split(","):
        dest = OUT / s
        if args.render or not (dest / "truth").exists():
            render_style(s, PAPERS, PAPERS / "truth", OUT)
        results.append((s, *score_and_map(dest, dest / "truth")))
    print("| style | exact | micro P | micro R | micro F1 | observations | mapping issues |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, rep, m in results:
        print(
            f"| {name} | {rep.exact}/{rep.total} | {rep.precision:.4f} | {rep.recall:.4f} | {rep.f1:.4f} "
            f"| {m.observations} | {m.issues} |"
        )
    if args.detail:
        base = results[0][2]
        for name, rep, m in results:
            misses = [t for t in rep.tables if not t.exact]
            mapping = differences(base, m) + ["  issue " + t for t in m.issue_text]
            if misses or mapping:
                print(f"\n{name}:")
            if misses:
                print("\n".join(format_report(rep).splitlines()[-len(misses) - 2 : -2]))
            if mapping:
                print("\n".join(mapping))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
