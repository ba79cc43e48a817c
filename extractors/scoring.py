"""Score predicted tables against truth: exact table match and ICDAR-2013 adjacency F1.

For every truth *data* table, the best-matching predicted table of the same paper is the
one with the highest adjacency-relation F1 (ties: exact match first).  A table is exact
when its grid (header rows then body rows, text whitespace-collapsed) equals the truth
grid.  Adjacency relations follow Göbel et al. (ICDAR 2013 table competition): each
non-empty cell is paired with its nearest non-empty neighbour to the right and below;
a relation is ``(text_a, text_b, direction)``; precision/recall are over these tuples
(as multisets), micro-averaged over all truth tables.

Usage: ``python -m extractors.scoring TRUTH_DIR PRED.json``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Grid = list[list[str]]
Relation = tuple[str, str, str]

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace collapsed and trimmed: the only normalisation the scorer applies."""
    return _WS.sub(" ", text or "").strip()


def table_grid(table: dict[str, Any]) -> Grid:
    """A contract/truth table as one grid: header rows then body rows, normalised."""
    rows = list(table.get("header_rows") or []) + list(table.get("rows") or [])
    return [[norm(str(c)) for c in r] for r in rows]


def adjacency_relations(grid: Grid) -> Counter[Relation]:
    """ICDAR-2013 adjacency relations of a grid (multiset).

    For each non-empty cell: the nearest non-empty cell to its right in the same row
    (direction ``"h"``) and the nearest non-empty cell below it in the same column
    (direction ``"v"``), skipping empty cells in between.
    """
    rel: Counter[Relation] = Counter()
    nrows = len(grid)
    for i, row in enumerate(grid):
        for j, text in enumerate(row):
            if not text:
                continue
            for k in range(j + 1, len(row)):
                if row[k]:
                    rel[(text, row[k], "h")] += 1
                    break
            for k in range(i + 1, nrows):
                if j < len(grid[k]) and grid[k][j]:
                    rel[(text, grid[k][j], "v")] += 1
                    break
    return rel


@dataclass
class TableScore:
    """How one truth table was matched."""

    paper: str
    truth_id: str
    predicted_id: str | None
    exact: bool
    true_positives: int
    predicted_relations: int
    truth_relations: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_relations if self.predicted_relations else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.truth_relations if self.truth_relations else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


@dataclass
class PaperScore:
    """Scores of one paper's truth data tables."""

    paper: str
    tables: list[TableScore] = field(default_factory=list)

    @property
    def exact(self) -> int:
        return sum(t.exact for t in self.tables)


@dataclass
class ScoreReport:
    """The whole evaluation: per paper and micro-averaged summary."""

    papers: list[PaperScore]

    @property
    def tables(self) -> list[TableScore]:
        return [t for p in self.papers for t in p.tables]

    @property
    def exact(self) -> int:
        return sum(t.exact for t in self.tables)

    @property
    def total(self) -> int:
        return len(self.tables)

    @property
    def precision(self) -> float:
        pred = sum(t.predicted_relations for t in self.tables)
        return sum(t.true_positives for t in self.tables) / pred if pred else 0.0

    @property
    def recall(self) -> float:
        truth = sum(t.truth_relations for t in self.tables)
        return sum(t.true_positives for t in self.tables) / truth if truth else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary and per-table rows."""
        return {
            "exact": self.exact,
            "total": self.total,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tables": [
                {
                    "paper": t.paper,
                    "truth_id": t.truth_id,
                    "predicted_id": t.predicted_id,
                    "exact": t.exact,
                    "precision": round(t.precision, 4),
                    "recall": round(t.recall, 4),
                    "f1": round(t.f1, 4),
                }
                for t in self.tables
            ],
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_table(paper: str, truth: dict[str, Any], predicted: Sequence[dict[str, Any]]) -> TableScore:
    """Match one truth table to its best predicted table and score it."""
    tgrid = table_grid(truth)
    trel = adjacency_relations(tgrid)
    best: TableScore | None = None
    best_key: tuple[bool, float] = (False, -1.0)
    for p in predicted:
        pgrid = table_grid(p)
        prel = adjacency_relations(pgrid)
        tp = sum((trel & prel).values())
        s = TableScore(
            paper,
            str(truth.get("id")),
            str(p.get("id")),
            pgrid == tgrid,
            tp,
            sum(prel.values()),
            sum(trel.values()),
        )
        key = (s.exact, s.f1)
        if key > best_key:
            best, best_key = s, key
    if best is None:
        return TableScore(paper, str(truth.get("id")), None, False, 0, 0, sum(trel.values()))
    return best


def load_truth(truth_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Truth tables by paper file name, from ``truth_dir/*.json``."""
    out: dict[str, list[dict[str, Any]]] = {}
    for f in sorted(Path(truth_dir).glob("*.json")):
        doc = json.loads(f.read_text())
        if "tables" not in doc:
            continue
        paper = doc.get("paper") or doc.get("file") or f.stem + ".pdf"
        out[paper] = doc["tables"]
    return out


def score(truth_dir: Path, predicted: dict[str, Any]) -> ScoreReport:
    """Score ``predicted`` (``{"papers": [{"file", "tables": [...]}]}``) against the
    truth JSON files in ``truth_dir``; only truth tables of kind ``data`` are scored."""
    truth = load_truth(Path(truth_dir))
    by_file = {p["file"]: p.get("tables", []) for p in predicted.get("papers", [])}
    papers = []
    for paper, ttables in truth.items():
        ps = PaperScore(paper)
        preds = by_file.get(paper, [])
        for t in ttables:
            if t.get("kind", "data") != "data":
                continue
            ps.tables.append(score_table(paper, t, preds))
        papers.append(ps)
    return ScoreReport(papers)


def format_report(report: ScoreReport) -> str:
    """A plain-text report: one line per paper, the imperfect tables, and the summary."""
    lines = ["paper | exact | P | R | F1", "--- | --- | --- | --- | ---"]
    for p in report.papers:
        tp = sum(t.true_positives for t in p.tables)
        pr = sum(t.predicted_relations for t in p.tables)
        tr = sum(t.truth_relations for t in p.tables)
        prec = tp / pr if pr else 0.0
        rec = tp / tr if tr else 0.0
        lines.append(f"{p.paper} | {p.exact}/{len(p.tables)} | {prec:.3f} | {rec:.3f} | {_f1(prec, rec):.3f}")
    misses = [t for t in report.tables if not t.exact]
    if misses:
        lines.append("")
        lines.append("not exact:")
        for t in misses:
            lines.append(
                f"  {t.paper} {t.truth_id} -> {t.predicted_id}: P={t.precision:.3f} R={t.recall:.3f}"
            )
    lines.append("")
    lines.append(
        f"tables exact {report.exact}/{report.total}; micro P={report.precision:.4f} "
        f"R={report.recall:.4f} F1={report.f1:.4f}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python -m extractors.scoring TRUTH_DIR PRED.json``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m extractors.scoring TRUTH_DIR PRED.json", file=sys.stderr)
        return 2
    predicted = json.loads(Path(args[1]).read_text())
    print(format_report(score(Path(args[0]), predicted)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
