"""End-to-end score of a rendered style: extract every PDF, map it, count what comes out.

Extraction exactness (``bench/variants_score.py``) says whether the grids came back; this
says whether the *whole* path held: how many observations the families mapped and how
many mapping issues they raised, with each paper's meeting date from the corpus manifest
(the variants are the same papers re-typeset, under the same file names).

Usage: ``python bench/variants_map.py [--styles a,b] [--detail]`` (the corpus first).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from boardpack.models import Paper  # noqa: E402
from extractors import extract_paper  # noqa: E402
from extractors.records import PaperTables  # noqa: E402
from schemas.mapping import map_paper  # noqa: E402
from schemas.records import MappingResult  # noqa: E402

MANIFEST = ROOT / "raw_papers" / "manifest.json"


@dataclass
class MapScore:
    """What mapping made of one style's papers."""

    observations: int = 0
    issues: int = 0
    tables: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    """(paper, table id) -> (family, observations) of every mapped table."""
    unmapped: list[tuple[str, str, str]] = field(default_factory=list)
    """(paper, table id, reason) of every data table left out."""
    issue_text: list[str] = field(default_factory=list)


def load_manifest(path: Path = MANIFEST) -> dict[str, dict[str, Any]]:
    """Manifest entries by paper file name ({} when the manifest is missing)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {p["file"]: p for p in data.get("papers", [])}


def paper_record(pdf: Path, meta: dict[str, Any] | None) -> Paper:
    """The ``Paper`` of a PDF, with board/meeting date/title from its manifest entry."""
    m = meta or {}
    return Paper(
        file=pdf.name,
        sha256=hashlib.sha256(pdf.read_bytes()).hexdigest(),
        path=str(pdf),
        board=m.get("board"),
        meeting_date=m.get("meeting_date"),
        title=m.get("title"),
    )


def add_paper(acc: MapScore, file: str, extracted: PaperTables, result: MappingResult) -> None:
    """Fold one paper's mapping into ``acc`` (layout tables are not counted as unmapped)."""
    acc.observations += len(result.observations)
    acc.issues += len(result.issues)
    for m in result.mapped:
        acc.tables[(file, m.table_id)] = (m.family, m.observations)
    kinds = {t.id: t.kind for t in extracted.tables}
    acc.unmapped += [(file, u.table_id, u.reason) for u in result.unmapped if kinds.get(u.table_id) == "data"]
    acc.issue_text += [f"{file} {i.table_id} r{i.row} c{i.col}: {i.message}" for i in result.issues]


def map_extracted(
    extracted: dict[Path, PaperTables], manifest: dict[str, dict[str, Any]] | None = None
) -> MapScore:
    """Map already extracted papers (by PDF path); meeting dates from ``manifest`` (default:
    the corpus manifest, matched by file name)."""
    meta = load_manifest() if manifest is None else manifest
    acc = MapScore()
    for pdf, pt in sorted(extracted.items()):
        add_paper(acc, pdf.name, pt, map_paper(paper_record(pdf, meta.get(pdf.name)), pt.tables))
    return acc


def map_pdfs(pdfs: Iterable[Path], manifest: dict[str, dict[str, Any]] | None = None) -> MapScore:
    """Extract and map every PDF (see ``map_extracted``)."""
    return map_extracted({p: extract_paper(p) for p in pdfs}, manifest)


def map_dir(pdf_dir: Path, manifest: dict[str, dict[str, Any]] | None = None) -> MapScore:
    """``map_pdfs`` over every ``*.pdf`` of a directory."""
    return map_pdfs(pdf_dir.glob("*.pdf"), manifest)


def differences(base: MapScore, other: MapScore) -> list[str]:
    """Tables whose family or observation count differs from ``base`` (the corpus), one line each."""
    out = []
    for key in sorted(set(base.tables) | set(other.tables)):
        a, b = base.tables.get(key), other.tables.get(key)
        if a != b:
            out.append(f"  {key[0]} {key[1]}: {a} -> {b}")
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI entry: observations and issues per style, the corpus first."""
    from bench.render_variants import OUT, PAPERS, render_style
    from bench.variants.styles import STYLES

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args(argv)
    base = map_dir(PAPERS)
    results = [("corpus", base)]
    for s in args.styles.split(","):
        if not (OUT / s / "truth").exists():
            render_style(s, PAPERS, PAPERS / "truth", OUT)
        results.append((s, map_dir(OUT / s)))
    print("| style | observations | issues |")
    print("| --- | --- | --- |")
    for name, r in results:
        print(f"| {name} | {r.observations} | {r.issues} |")
    if args.detail:
        for name, r in results[1:]:
            lines = differences(base, r) + ["  issue " + t for t in r.issue_text]
            if lines:
                print(f"\n{name}:")
                print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
