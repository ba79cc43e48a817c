"""Tidy cells of the corpus against the truth tables: are the numbers and their labels right?

For every data table of ``../shared/papers/truth``, every body cell that prints a figure
(``parse_value`` status ``ok`` or ``note``) is looked for among the tidy cells that
boardpack makes from its own extraction of the same paper.  A truth cell counts as right
when a tidy cell of the same table has its printed text and value, a row header path that
holds every label cell of the truth row (the text left of its first figure), and a column header
path whose innermost level is the truth's innermost header of that column.

Run: ``.venv/bin/python bench/tidy_truth.py`` (writes ``outputs/bench/tidy_truth.json``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors import extract_paper  # noqa: E402
from schemas.records import TidyCell  # noqa: E402
from schemas.tidy import tidy_table  # noqa: E402
from schemas.values import parse_value  # noqa: E402

TRUTH = ROOT.parent / "shared" / "papers" / "truth"
PAPERS = ROOT / "raw_papers"
_FIGURES = ("ok", "note")


@dataclass(frozen=True)
class Label:
    """A paper-like record for tidy_table."""

    file: str
    sha256: str
    meeting_date: str | None = None


@dataclass
class TidyScore:
    """Truth figures found with the right labels and value, and what was missed."""

    truth_cells: int = 0
    right: int = 0
    tidy_cells: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Right over truth cells (1.0 with no truth cells)."""
        return self.right / self.truth_cells if self.truth_cells else 1.0


def _leaf(header_rows: list[list[str]], col: int) -> str:
    """The innermost non-empty header of a truth column ('' when none)."""
    for row in reversed(header_rows):
        if col < len(row) and row[col].strip():
            return " ".join(row[col].split())
    return ""


def _row_labels(row: list[str]) -> list[str]:
    """The truth row's label cells: the text left of its first figure (dashes left out)."""
    out = []
    for text in row:
        t = " ".join(text.split())
        status = parse_value(t).status
        if status in _FIGURES:
            break
        if status in ("invalid", "qualified"):
            out.append(t)
    return out


def _is_right(cell: TidyCell, text: str, labels: list[str], leaf: str) -> bool:
    return (
        cell.value_text == text
        and all(label in cell.row_labels for label in labels)
        and (cell.col_labels[-1:] == (leaf,) if leaf else not cell.col_labels)
    )


def score_table(truth: dict[str, Any], cells: list[TidyCell], where: str, score: TidyScore) -> None:
    """Add one truth table's figures to ``score``."""
    score.tidy_cells += len(cells)
    for r, row in enumerate(truth["rows"]):
        labels = _row_labels(row)
        for c, raw in enumerate(row):
            text = " ".join(raw.split())
            if parse_value(text).status not in _FIGURES:
                continue
            score.truth_cells += 1
            leaf = _leaf(truth["header_rows"], c)
            if any(_is_right(cell, text, labels, leaf) for cell in cells):
                score.right += 1
            else:
                score.missed.append(f"{where} body row {r} col {c}: {text!r} ({labels} × {leaf!r})")


def score_corpus(truth_dir: Path = TRUTH, papers_dir: Path = PAPERS) -> TidyScore:
    """Extract every paper that has a truth file, tidy its tables and score them."""
    score = TidyScore()
    for path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        extracted = extract_paper(papers_dir / truth["paper"])
        by_id = {t.id: t for t in extracted.tables}
        label = Label(extracted.file, extracted.sha256)
        for t in truth["tables"]:
            if t["kind"] != "data":
                continue
            table = by_id.get(t["id"])
            cells = tidy_table(label, table) if table is not None else []
            score_table(t, cells, f"{truth['paper']} {t['id']}", score)
    return score


def main() -> int:
    score = score_corpus()
    print(
        f"tidy cells: {score.tidy_cells}; truth figures: {score.truth_cells}; right labels and value: "
        f"{score.right} ({score.share:.1%})"
    )
    for line in score.missed:
        print("  missed:", line)
    out = ROOT / "outputs" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "tidy_truth.json").write_text(json.dumps({**asdict(score), "share": score.share}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
