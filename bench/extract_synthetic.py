"""Hold-out check: synthetic statistical tables no one has studied, and look-alikes.

Draws ``--docs`` random documents (``bench/synthetic``: statistical tables with spanner
and wrapped column heads, indented stubs, section rows, dot leaders, units lines,
footnotes, rules from none to a full box; among prose, contents lists, bulleted lists,
code listings and two-column text that are not tables), writes them with their truth
to ``outputs/synthetic/seed-S/``, extracts them and prints tables exact, micro adjacency
P/R/F1 (``extractors.scoring``) and how many tables were reported where there are none
(also to ``outputs/bench/synthetic.json``).

Seeded: the same ``--seed`` draws the same documents.  The rules of the extractor are
not tuned to these documents; they are a check that a rule holds beyond the corpus.

Usage: ``python bench/extract_synthetic.py [--docs N] [--seed S] [--detail]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic.draw import (  # noqa: E402
    BOTTOM,
    Pen,
    bullet_list,
    code,
    contents,
    draw_table,
    new_canvas,
    prose,
    two_columns,
)
from bench.synthetic.spec import look_spec, table_spec  # noqa: E402
from extractors import extract_paper  # noqa: E402
from extractors.scoring import format_report, score  # noqa: E402

OUT = ROOT / "outputs" / "synthetic"
DECOYS = (contents, bullet_list, code, two_columns)


def draw_doc(path: Path, rng: random.Random) -> dict[str, Any]:
    """One document of 1-3 pages; returns its truth (corpus truth JSON shape)."""
    pen = Pen(new_canvas(str(path)))
    tables: list[dict[str, Any]] = []
    decoys = 0
    for part in range(rng.randint(2, 5)):
        if rng.random() < 0.5:
            prose(pen, rng)
        if rng.random() < 0.3:
            if pen.y > BOTTOM - 200:
                pen.new_page()
            rng.choice(DECOYS)(pen, rng)
            decoys += 1
            continue
        spec, look = table_spec(rng, part + 1), look_spec(rng)
        height = (len(spec.rows) + 3 * len(spec.header_rows) + len(spec.footnotes) + 4) * look.pitch + 60
        if pen.y + height > BOTTOM:
            pen.new_page()
        record = draw_table(pen, spec, look, rng)
        record["id"] = f"t{len(tables) + 1:02d}"
        record["look"] = {"rules": look.rules, "leaders": look.leaders, "size": look.size}
        tables.append(record)
    pen.canvas.showPage()
    pen.canvas.save()
    return {"paper": path.name, "tables": tables, "decoys": decoys}


def generate(n: int, seed: int, out: Path = OUT) -> Path:
    """Draw ``n`` documents into ``out`` (PDFs and ``truth/*.json``)."""
    (out / "truth").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        name = f"synthetic-{seed}-{i:03d}.pdf"
        truth = draw_doc(out / name, rng)
        (out / "truth" / f"{Path(name).stem}.json").write_text(json.dumps(truth, indent=1) + "\n")
    return out


def false_tables(predicted: dict[str, Any], truth_dir: Path) -> int:
    """Predicted data tables sharing no cell text with any truth table of their paper."""
    count = 0
    for paper in predicted["papers"]:
        truth = json.loads((truth_dir / f"{Path(paper['file']).stem}.json").read_text())
        cells = {c for t in truth["tables"] for r in t["header_rows"] + t["rows"] for c in r if c}
        for t in paper["tables"]:
            mine = {c for r in t["header_rows"] + t["rows"] for c in r if c}
            count += t["kind"] == "data" and not (mine & cells)
    return count


def main(argv: list[str] | None = None) -> int:
    """CLI entry: generate, extract, score, print."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=2013)
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args(argv)
    out = generate(args.docs, args.seed, OUT / f"seed-{args.seed}")
    pdfs = sorted(out.glob("*.pdf"))
    predicted = {
        "papers": [
            {"file": p.name, "tables": [t.to_contract() for t in extract_paper(p).tables]} for p in pdfs
        ]
    }
    predicted = json.loads(json.dumps(predicted))
    rep = score(out / "truth", predicted)
    figures = {
        "seed": args.seed,
        "docs": len(pdfs),
        "tables_exact": rep.exact,
        "tables_total": rep.total,
        "micro_precision": round(rep.precision, 4),
        "micro_recall": round(rep.recall, 4),
        "micro_f1": round(rep.f1, 4),
        "tables_where_none": false_tables(predicted, out / "truth"),
    }
    (ROOT / "outputs" / "bench").mkdir(parents=True, exist_ok=True)
    (ROOT / "outputs" / "bench" / "synthetic.json").write_text(json.dumps(figures, indent=2))
    print(
        f"synthetic (seed {args.seed}, {len(pdfs)} docs): tables exact {rep.exact}/{rep.total}; "
        f"micro P={rep.precision:.4f} R={rep.recall:.4f} F1={rep.f1:.4f}; "
        f"tables reported where there are none: {figures['tables_where_none']}"
    )
    if args.detail:
        print(format_report(rep))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
