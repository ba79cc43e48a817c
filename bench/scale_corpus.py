"""Build N distinct board papers from the corpus, for the scale benchmark (``bench/scale.py``).

Copy ``k`` re-typesets corpus paper ``k % 5`` (its truth tables and its own prose) in one of
the ``bench/variants`` styles, as the same report for another year and another meeting:

* every year it prints (headers, captions, row labels: ``2021``, ``Nov-21``, ``FY22/23``,
  ``19/20``, ``2022/23``) moves by the copy's offset, and so does its meeting date, so a
  copy is the report of its own year and reports its own periods;
* its counts and money change by a seeded factor (0.85–1.15) keyed on the figure's place
  *after* the shift (paper, table, row and column text), so two copies that report the same
  period of the same series print the same figure and agree, as a board's papers do;
  percentages and decimals are left as printed;
* a total row or column that added up in the corpus adds up again (recomputed from its
  changed parts); a total that did not (the corpus's own errors) keeps its error;
* a cover block names the board, the meeting date (``Date of meeting: …``) and a title of
  its own, read by the paper-facts reader (no manifest);
* body prose from the corpus paper pads each copy to about the original's page count.

Deterministic: the same ``(k, seed)`` gives the same bytes.  Usage::

    python bench/scale_corpus.py --count 1001 [--out DIR] [--seed 14]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.platypus import Paragraph  # noqa: E402

from bench.render_variants import PAPERS  # noqa: E402
from bench.variants.prose import ProseSource, pdf_sentences  # noqa: E402
from bench.variants.render import Story, _pstyle, build_doc, table_story  # noqa: E402
from bench.variants.styles import STYLES  # noqa: E402

OUT = ROOT / "outputs" / "bench" / "scale" / "corpus"
SEED = 14
YEAR_OFFSETS = tuple(range(-10, 71))
"""Offsets that keep every printed year (2018–2027 in the corpus) within 2000–2099, so
two-digit years (``Nov-21``, ``FY22/23``) stay unambiguous."""
REGIONS = ("North", "South", "East", "West", "Central", "Coastal", "Valley", "City", "County", "Metro")
TITLE_LEADS = ("", "Quarterly update: ", "Annual report: ", "Progress report: ", "Performance report: ")
CORPUS_VERSION = 1
"""Bump when a change to this generator (or to ``bench/variants``) changes the papers it
writes: a corpus built under another version (or seed, or truth) is built again."""
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Original:
    """One corpus paper: its truth tables, facts and prose."""

    file: str
    board: str
    meeting_date: str
    title: str
    pages: int
    truth: dict[str, Any]
    prose: tuple[str, ...]


@dataclass(frozen=True)
class CopyPlan:
    """What copy ``k`` is: its source, style, year offset, facts and file name."""

    k: int
    original: Original
    style: str
    offset: int
    meeting_date: str
    board: str
    title: str
    file: str


def load_originals(papers: Path = PAPERS) -> list[Original]:
    """The corpus papers with truth tables, in manifest order."""
    manifest = json.loads((papers / "manifest.json").read_text())
    out = []
    for entry in manifest["papers"]:
        truth = json.loads((papers / entry["truth"]).read_text())
        out.append(
            Original(entry["file"], entry["board"], entry["meeting_date"], entry["title"], entry["pages"], truth,
                     tuple(pdf_sentences(papers / entry["file"])))
        )  # fmt: skip
    return out


# --- years -------------------------------------------------------------------------------

_YEARS = re.compile(
    r"(?P<fy4>(?<!\d)20(?P<a4>\d\d)/(?P<b4>\d\d)(?!\d))"  # 2022/23
    r"|(?P<fy2>(?<![\d,.])(?P<a2>\d\d)/(?P<b2>\d\d)(?![\d%]))"  # 19/20, FY22/23
    r"|(?P<mon>(?<=[A-Za-z]{3}-)(?P<yy>\d\d)(?!\d))"  # Nov-21
    r"|(?P<y4>(?<![\d,.£])20(?P<y>\d\d)(?![\d,]))"  # 2021
)


def shift_years(text: str, offset: int) -> str:
    """``text`` with every year it prints moved by ``offset`` years (within 2000–2099)."""

    def two(digits: str) -> str:
        return f"{(int(digits) + offset) % 100:02d}"

    def replace(m: re.Match[str]) -> str:
        if m.group("fy4"):
            return f"20{two(m.group('a4'))}/{two(m.group('b4'))}"
        if m.group("fy2"):
            a, b = int(m.group("a2")), int(m.group("b2"))
            return f"{two(m.group('a2'))}/{two(m.group('b2'))}" if b == (a + 1) % 100 else m.group(0)
        if m.group("mon"):
            return two(m.group("yy"))
        return f"20{two(m.group('y'))}"

    return _YEARS.sub(replace, text) if offset else text


# --- figures -----------------------------------------------------------------------------

_COUNT = re.compile(r"^(?P<pound>£?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<rest>(?:\s*\([^()]*\))?)$")


def parse_count(text: str) -> int | None:
    """A printed whole count or sum of money, perhaps with a note in brackets (``2,695``,
    ``£5,294,595``, ``120 (10%)``), else None."""
    m = _COUNT.match(text.strip())
    return int(m.group("digits").replace(",", "")) if m else None


def format_like(value: int, printed: str) -> str:
    """``value`` printed as ``printed`` was: pound sign, thousands commas and note kept."""
    m = _COUNT.match(printed.strip())
    assert m is not None
    digits = f"{value:,}" if "," in m.group("digits") or value >= 10_000 else str(value)
    return f"{m.group('pound')}{digits}{m.group('rest')}"


def keyed_factor(*key: str) -> float:
    """A factor in 0.85–1.15 fixed by ``key``: the same place and period, the same factor."""
    digest = hashlib.sha256("\x1f".join(key).encode()).digest()
    return 0.85 + 0.30 * int.from_bytes(digest[:8], "big") / 2**64


_TOTAL = re.compile(r"\b(?:grand\s+)?totals?\b|^overall\b", re.IGNORECASE)

Grid = list[list[int | None]]


def _at(grid: Grid, i: int, j: int) -> int | None:
    return grid[i][j] if j < len(grid[i]) else None


def adds_up(parts: Sequence[int | None], total: int | None) -> bool | None:
    """Whether ``total`` is the sum of the printed ``parts`` (within £5 on sums of money
    over 10,000, which a paper rounds line by line); None when there are not two parts."""
    found = [p for p in parts if p is not None]
    if total is None or len(found) < 2:
        return None
    return abs(sum(found) - total) <= (5 if total >= 10_000 else 0)


def total_columns(v: Grid, header: Sequence[str]) -> list[int]:
    """Columns labelled a total, or that are the sum of the row's other counts in every
    row where that can be measured."""
    width = max((len(r) for r in v), default=0)
    out = []
    for j in range(width):
        found = [adds_up([_at(v, i, k) for k in range(width) if k != j], _at(v, i, j)) for i in range(len(v))]
        measured = [f for f in found if f is not None]
        if (j < len(header) and _TOTAL.search(header[j])) or (measured and all(measured)):
            out.append(j)
    return out


def total_rows(labels: Sequence[str], v: Grid) -> dict[int, list[int]]:
    """Rows labelled a total, or that are the sum of the rows above in every column they
    print: row → the rows it totals (those since the last total, else all above)."""
    out: dict[int, list[int]] = {}
    width = max((len(r) for r in v), default=0)
    for i in range(len(v)):
        since = max(out, default=-1)
        choices = ([k for k in range(since + 1, i)], [k for k in range(i) if k not in out])
        for parts in choices:
            found = [adds_up([_at(v, k, j) for k in parts], _at(v, i, j)) for j in range(width)]
            measured = [f for f in found if f is not None]
            if measured and all(measured):
                out[i] = parts
                break
        else:
            if _TOTAL.search(labels[i]) and any(x is not None for x in v[i]):
                out[i] = choices[0]
    return out


def change_figures(
    header: Sequence[str],
    rows: list[list[str]],
    labels: Sequence[str],
    key: Callable[[int, int], tuple[str, ...]],
) -> list[list[str]]:
    """The body with every count changed by its keyed factor and every total (a row over
    the rows it totals, a column over the row's other counts) recomputed from its changed
    parts.  A table whose totals do not all add up (an error of the paper itself) keeps
    its figures as printed, so the error stays what it was."""
    before = [[parse_count(c) for c in r] for r in rows]
    t_cols, t_rows = total_columns(before, header), total_rows(labels, before)
    width = max((len(r) for r in before), default=0)
    others = [k for k in range(width) if k not in t_cols]
    down = [adds_up([_at(before, k, j) for k in parts], _at(before, i, j))
            for i, parts in t_rows.items() for j in range(width)]  # fmt: skip
    across = [adds_up([_at(before, i, k) for k in others], _at(before, i, j))
              for i in range(len(before)) for j in t_cols]  # fmt: skip
    if any(f is False for f in down + across):
        return rows
    after = [list(r) for r in before]
    for i, r in enumerate(before):
        for j, v in enumerate(r):
            if v is not None:
                after[i][j] = max(0, round(v * keyed_factor(*key(i, j))))
    for i, parts in sorted(t_rows.items()):
        for j in range(width):
            if adds_up([_at(before, k, j) for k in parts], _at(before, i, j)):
                after[i][j] = sum(_at(after, k, j) or 0 for k in parts)
    for i in range(len(before)):
        for j in t_cols:
            if adds_up([_at(before, i, k) for k in others], _at(before, i, j)):
                after[i][j] = sum(_at(after, i, k) or 0 for k in others)
    return [
        [format_like(after[i][j] or 0, c) if before[i][j] is not None else c for j, c in enumerate(r)]
        for i, r in enumerate(rows)
    ]


def copy_table(table: dict[str, Any], source: str, offset: int, meeting_date: str) -> dict[str, Any]:
    """One truth table as copy ``offset`` prints it: years shifted, figures changed."""
    caption = shift_years(table["caption"], offset) if table.get("caption") else table.get("caption")
    header = [[shift_years(str(c), offset) for c in r] for r in table.get("header_rows") or []]
    rows = [[str(c) if parse_count(str(c)) is not None else shift_years(str(c), offset) for c in r]
            for r in table.get("rows") or []]  # fmt: skip
    dated = bool(re.search(r"\d", (caption or "") + " ".join(c for r in header for c in r)))

    def key(i: int, j: int) -> tuple[str, ...]:
        row_label = " ".join(c for c in rows[i] if parse_count(c) is None)
        col_label = " ".join(r[j] for r in header if j < len(r))
        # Figures of the meeting's own period (nothing dated printed) differ per meeting.
        when = "" if dated or re.search(r"\d", row_label) else meeting_date
        return (source, str(table["id"]), caption or "", row_label, col_label, when)

    printed_shares = any("%" in c for r in rows for c in r)
    if table.get("kind") == "data" and not printed_shares:
        # A table printing shares keeps its counts: they weight its percentages.
        labels = [" ".join(c for c in r if parse_count(c) is None) for r in rows]
        col_labels = [
            " ".join(r[j] for r in header if j < len(r)) for j in range(max(map(len, header), default=0))
        ]
        rows = change_figures(col_labels, rows, labels, key)
    return {**table, "caption": caption, "header_rows": header, "rows": rows}


# --- copies ------------------------------------------------------------------------------


def shifted_date(iso: str, offset: int, rng: random.Random) -> str:
    """A meeting date ``offset`` years on; a full date moves to another day of its month."""
    parts = [int(p) for p in iso.split("-")]
    year = parts[0] + offset
    if len(parts) == 2:
        return f"{year}-{parts[1]:02d}"
    return date(year, parts[1], rng.randint(1, 28)).isoformat()


def printed_date(iso: str) -> str:
    """``2021-12-17`` as ``17 December 2021``; ``2022-09`` as ``September 2022``."""
    parts = [int(p) for p in iso.split("-")]
    month = MONTHS[parts[1] - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def slug(text: str) -> str:
    """Lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48]


def plan_copy(k: int, originals: Sequence[Original], seed: int = SEED) -> CopyPlan:
    """The plan of copy ``k``: which paper, style, year and facts."""
    rng = random.Random(f"{seed}-{k}")
    original = originals[k % len(originals)]
    styles = sorted(STYLES)
    style = styles[(k // len(originals)) % len(styles)]
    offset = YEAR_OFFSETS[(k // len(originals) * 37) % len(YEAR_OFFSETS)]
    meeting = shifted_date(original.meeting_date, offset, rng)
    board = f"{REGIONS[rng.randrange(len(REGIONS))]} {original.board}"
    title = f"{TITLE_LEADS[k % len(TITLE_LEADS)]}{shift_years(original.title, offset)} (report {k + 1})"
    abbrev = "".join(w[0] for w in board.split() if w[0].isupper()).lower()
    file = f"{meeting}_{abbrev}_{slug(original.title)}-{k + 1:04d}.pdf"
    return CopyPlan(k, original, style, offset, meeting, board, title, file)


def render_copy(plan: CopyPlan, out_dir: Path) -> Path:
    """Write copy ``plan.k`` as a PDF into ``out_dir``; return its path."""
    style = STYLES[plan.style]
    original = plan.original
    prose = ProseSource(list(original.prose))
    prose.take(plan.k % 17)  # each copy's prose starts elsewhere
    story = Story()
    head = _pstyle("board", style.body_bold, style.body_size + 4, spaceAfter=6)
    line = _pstyle("cover", style.body_font, style.body_size, spaceAfter=4)
    story.items += [
        Paragraph(escape(plan.board), head),
        Paragraph(escape(f"Date of meeting: {printed_date(plan.meeting_date)}"), line),
        Paragraph(escape(f"Title: {plan.title}"), line),
        Paragraph(escape("Report of: Director of People and Organisational Development"), line),
    ]
    para_no = [0]
    numbered = _pstyle("num", style.body_font, style.body_size, leftIndent=28, spaceAfter=8)
    for table in original.truth["tables"]:
        copy = copy_table(table, original.file, plan.offset, plan.meeting_date)
        if copy.get("kind") == "data":
            table_story(copy, style, prose, para_no, story)
        else:  # minutes, a chart's legend: prose, not a grid
            for r in copy["rows"]:
                para_no[0] += 1
                text = " ".join(c for c in r if c.strip()) or prose.take(1)
                story.items.append(Paragraph(escape(text), numbered, bulletText=f"{para_no[0]}."))
    # Board papers are mostly prose: pad to about the original's length.
    for _ in range(max(0, 3 * original.pages - 2 * len(original.truth["tables"]))):
        para_no[0] += 1
        text = shift_years(prose.take(3), plan.offset)
        story.items.append(Paragraph(escape(text), numbered, bulletText=f"{para_no[0]}."))
    path = out_dir / plan.file
    build_doc(path, plan.title, style, story)
    return path


def generator_key(seed: int) -> str:
    """A digest of the generator's version, the seed and the corpus truth: a corpus built
    with the same key is reused (its first papers, when fewer are asked for)."""
    h = hashlib.sha256(f"{CORPUS_VERSION}-{seed}".encode())
    for path in sorted(PAPERS.glob("**/*.json")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build_corpus(
    count: int, out: Path = OUT, seed: int = SEED, log: Callable[[str], None] = print
) -> list[Path]:
    """Copies 0..count-1 in ``out`` (reused when built by the same generator), by index."""
    stamp = out / "corpus.json"
    key = generator_key(seed)
    if stamp.is_file():
        built = json.loads(stamp.read_text())
        files = [out / f for f in built.get("files", [])[:count]]
        if built.get("key") == key and len(files) == count and all(f.is_file() for f in files):
            return files
    originals = load_originals()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.pdf"):
        old.unlink()
    files = []
    for k in range(count):
        plan = plan_copy(k, originals, seed)
        render_copy(plan, out)
        files.append(plan.file)
        if (k + 1) % 100 == 0:
            log(f"  built {k + 1}/{count} papers")
    stamp.write_text(json.dumps({"key": key, "count": count, "seed": seed, "files": files}, indent=1) + "\n")
    return [out / f for f in files]


def main(argv: list[str] | None = None) -> int:
    """CLI entry: build the corpus and print where it is."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1001)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    files = build_corpus(args.count, args.out, args.seed)
    print(f"{len(files)} papers in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
