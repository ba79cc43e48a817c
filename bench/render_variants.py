"""Re-render every corpus paper's tables from truth JSON in other typesetting styles.

Writes ``outputs/variants/<style>/<paper>.pdf`` and ``outputs/variants/<style>/truth/<paper>.json``
(same file names and JSON shape as the corpus truth).  Deterministic: same inputs, same bytes.

Usage: ``python bench/render_variants.py [--styles a,b] [--papers DIR] [--truth DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.variants.prose import ProseSource, pdf_sentences  # noqa: E402
from bench.variants.render import render_paper  # noqa: E402
from bench.variants.styles import STYLES  # noqa: E402

PAPERS = ROOT.parent / "shared" / "papers"  # ../shared beside the checkout: PDFs and truth/
OUT = ROOT / "outputs" / "variants"


def render_style(
    style_name: str, papers: Path, truth_dir: Path, out_dir: Path, only: set[str] | None = None
) -> Path:
    """Render all papers (or those whose file name is in ``only``) in one style; return its dir."""
    style = STYLES[style_name]
    dest = out_dir / style_name
    (dest / "truth").mkdir(parents=True, exist_ok=True)
    for tf in sorted(truth_dir.glob("*.json")):
        truth = json.loads(tf.read_text())
        name = str(truth.get("paper") or tf.stem + ".pdf")
        if only is not None and name not in only:
            continue
        src = papers / name
        prose = ProseSource(pdf_sentences(src) if src.exists() else [])
        doc = render_paper(truth, style, prose, dest / name)
        (dest / "truth" / tf.name).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return dest


def main(argv: list[str] | None = None) -> int:
    """CLI entry: render the chosen styles."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--papers", type=Path, default=PAPERS)
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    truth = args.truth or args.papers / "truth"
    for s in args.styles.split(","):
        dest = render_style(s, args.papers, truth, args.out)
        print(f"{s}: {STYLES[s].note} -> {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
