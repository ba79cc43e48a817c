"""Build N distinct board papers from the corpus, for the scale benchmark (``bench/scale.py``).

Copy ``k`` re-typesets corpus paper ``k % 5`` (its truth tables and its own prose) in one of
the ``bench/variants`` styles, as the same report for another year and another meeting:

* every year it prints (headers, captions, row labels: ``2021``, ``Nov-21``, ``FY22/23``,
  ``19/20``, ``2022/23``) moves by the copy's offset, and so does its meeting date, so a
  copy is the report of its own year and reports its own periods;
* its figures come from one *world* shared by every copy (and every seed): a figure is
  named by its identity (the table's stub, the row's section and label, the column's
  label, with years, months and digits taken out; not the paper it came from) and its
  printed period (the dated column, row or caption after the shift, else the meeting's
  year), and is ``anchor × factor``, the anchor the median of the corpus's figures of
  that identity and the factor (0.9–1.1; for percentages, at most ±2 points) keyed on
  identity and period.  So two copies that report the same period of the same series
  print the same figure and agree, as a board's papers do, whichever paper and year each
  copied; consecutive periods step by less than the jump check's bounds (but for the
  rounding of the smallest counts).  Counts and money change so in a table of counts (a
  dash in a column of counts over periods becomes a figure: where a paper printed one
  depends on the years it spans), percentages in a time series of rates; counts with
  their share (``120 (10%)``) over periods print one count for every period, the share
  restated; any other table printing percentages keeps its figures (its counts weight
  its percentages, and its one period is the copy's own);
* a total row or column that added up in the corpus adds up again (recomputed from its
  changed parts); a total that did not (the corpus's own errors) misses its new parts
  by as much: where it prints no period of its own, at its own place; along a line of
  periods, at the periods a keyed draw picks, as often as the paper copied missed, so
  any two copies printing that period's total print the same miss;
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
import statistics
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
CORPUS_VERSION = 2
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


def keyed_unit(*key: str) -> float:
    """A number in [0, 1) fixed by ``key``."""
    digest = hashlib.sha256("\x1f".join(key).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def keyed_factor(*key: str) -> float:
    """A factor in 0.9–1.1 fixed by ``key``: the same figure and period, the same factor.
    Two periods of one figure differ by at most 22 %, under the jump check's 50 %."""
    return 0.9 + 0.2 * keyed_unit(*key)


_TOTAL = re.compile(r"\b(?:grand\s+)?totals?\b|^overall\b", re.IGNORECASE)
_PERCENT = re.compile(r"^(?P<num>\d+(?:\.(?P<dec>\d+))?)%$")
_SHARE_NOTE = re.compile(r"\((?P<num>\d+(?:\.(?P<dec>\d+))?)%\)")
_FIGURE = re.compile(r"^[-\u2212]?£?[\d,]*\.?\d+%?$")
_DASHES = frozenset({"-", "\u2013", "\u2014"})
_BLANK = frozenset({"", "n/a", *_DASHES})
_MONTH_WORD = re.compile(
    r"\b(?:" + "|".join([m.lower() for m in MONTHS] + [m[:3].lower() for m in MONTHS] + ["sept"]) + r")\b",
    re.IGNORECASE,
)

Grid = list[list[int | None]]


def parse_percent(text: str) -> tuple[float, int] | None:
    """A printed percentage and its decimal places (``13.70%`` → (13.7, 2)), else None."""
    m = _PERCENT.match(text.strip())
    return (float(m.group("num")), len(m.group("dec") or "")) if m else None


def is_label(text: str) -> bool:
    """Whether a cell is words (a label), not a figure or a blank."""
    t = text.strip()
    return t.lower() not in _BLANK and parse_count(t) is None and not _FIGURE.match(t)


def normal(text: str) -> str:
    """Text with case, spacing and dashes made uniform."""
    return re.sub(r"\s+", " ", re.sub("[\u2010-\u2014\u2212]", "-", text)).strip().lower()


def identity(text: str) -> str:
    """What a label names with its dates taken out (``1 October - 31 December 2021`` and
    ``Jan-22`` name the same thing in every year): month words and digits are wildcards."""
    return normal(re.sub(r"\d+", "#", _MONTH_WORD.sub("M", text)))


def is_dated(text: str) -> bool:
    """Whether ``text`` prints a year (``2021``, ``Nov-21``, ``19/20``, ``FY22/23``)."""
    return bool(_YEARS.search(text))


@dataclass(frozen=True)
class TableView:
    """Where each figure of a table sits: its identity (table stub, section and row label,
    column label; years taken out) and its printed period (the dated text nearest to it,
    else the meeting's year)."""

    caption: str
    header: list[list[str]]
    rows: list[list[str]]
    meeting_year: str

    @property
    def width(self) -> int:
        """Columns of the widest line."""
        return max((len(r) for r in self.header + self.rows), default=0)

    def column_cells(self, j: int) -> list[str]:
        """The header cells over column ``j``, a blank cell of an upper header row read as
        the spanning title to its left (``Ethnic Minority Group %`` over every month)."""
        out = []
        for n, r in enumerate(self.header):
            filled = list(r)
            if n < len(self.header) - 1:
                for c in range(1, len(filled)):
                    filled[c] = filled[c] if filled[c].strip() else filled[c - 1]
            out.append(filled[j] if j < len(filled) else "")
        return out

    def row_cells(self, i: int) -> list[str]:
        """The label cells of row ``i`` left of its first figure (a comment to the right,
        ``309 Officers, 120 PM Uplift…``, tells about the figure; it does not name it)."""
        r = self.rows[i]
        first = next(
            (j for j, c in enumerate(r) if not is_label(c) and c.strip().lower() not in _BLANK), len(r)
        )
        return [c for c in r[:first] if is_label(c)] or [c for c in r if is_label(c)]

    def section(self, i: int) -> str:
        """The last line above row ``i`` that prints words and no figure (``Cashable``)."""
        for r in reversed(self.rows[:i]):
            if all(is_label(c) or c.strip().lower() in _BLANK for c in r) and any(is_label(c) for c in r):
                return " ".join(c for c in r if is_label(c))
        return ""

    def key(self, i: int, j: int) -> tuple[str, str, str]:
        """The figure's identity: the same in every copy and every source paper."""
        stub = identity(" ".join(self.column_cells(0)))
        row = identity(" ".join([self.section(i), *self.row_cells(i)]))
        return stub, row, identity(" ".join(self.column_cells(j)))

    def when(self, i: int, j: int) -> tuple[str, ...]:
        """The figure's printed period: the dated text of its column (lowest header row) or
        row, else of the caption, else of the upper header rows, else the meeting year."""
        cols = self.column_cells(j)
        tiers = ([*cols[-1:], *self.row_cells(i)], [self.caption], cols[:-1])
        for texts in tiers:
            dated = tuple(normal(t) for t in texts if is_dated(t))
            if dated:
                return dated
        return (f"meeting {self.meeting_year}",)

    def period_dated(self, i: int, j: int) -> bool:
        """Whether the figure's column (lowest header row) or row prints its period."""
        return any(is_dated(t) for t in [*self.column_cells(j)[-1:], *self.row_cells(i)])

    def has_period_axis(self) -> bool:
        """Whether the columns or the rows print two or more periods (a time series)."""
        cols = {normal(c) for c in (self.header[-1] if self.header else []) if is_dated(c)}
        rows = {normal(" ".join(self.row_cells(i))) for i in range(len(self.rows))}
        return len(cols) > 1 or len({r for r in rows if is_dated(r)}) > 1


@dataclass(frozen=True)
class World:
    """The figures every copy prints: a figure (identity ``k``) at a printed period is
    ``anchor(k) × keyed_factor(k, period)``, ``anchor(k)`` the median of the corpus's
    figures of that identity (over every paper, table and period), so two copies that
    print the same figure print the same value, whichever paper and year they copy."""

    anchors: dict[tuple[str, ...], float]

    @classmethod
    def of(cls, originals: Sequence[Original]) -> World:
        """The world of the corpus papers' truth tables."""
        found: dict[tuple[str, ...], list[float]] = {}
        for original in originals:
            for table in original.truth["tables"]:
                if table.get("kind") != "data":
                    continue
                view = table_view(table, 0, original.meeting_date)
                for i, r in enumerate(view.rows):
                    for j, c in enumerate(r):
                        count, share = parse_count(c), parse_percent(c)
                        if count is not None:
                            found.setdefault(("count", *view.key(i, j)), []).append(count)
                        elif share is not None:
                            found.setdefault(("percent", *view.key(i, j)), []).append(share[0])
        return cls({k: statistics.median(v) for k, v in found.items()})

    def count(self, k: tuple[str, ...], when: tuple[str, ...]) -> int:
        """The count ``k`` prints for period ``when``."""
        anchor = self.anchors.get(("count", *k), 0.0)
        return max(0, round(anchor * keyed_factor(*k, *when)))

    def percent(self, k: tuple[str, ...], when: tuple[str, ...]) -> float:
        """The percentage ``k`` prints for ``when``: within 2 points (and 15 % of itself)
        of its anchor, so consecutive periods step by less than the jump check's 10 points."""
        anchor = self.anchors.get(("percent", *k), 0.0)
        spread = min(2.0, 0.15 * anchor)
        return min(100.0, max(0.0, anchor + (2 * keyed_unit("percent", *k, *when) - 1) * spread))


def _at(grid: Grid, i: int, j: int) -> int | None:
    return grid[i][j] if j < len(grid[i]) else None


def adds_up(parts: Sequence[int | None], total: int | None) -> bool | None:
    """Whether ``total`` is the sum of the printed ``parts`` (within £5 on sums of money
    over 10,000, which a paper rounds line by line); None when there are not two parts."""
    found = [p for p in parts if p is not None]
    if total is None or len(found) < 2:
        return None
    return abs(sum(found) - total) <= (5 if total >= 10_000 else 0)


def miss(parts: Sequence[int | None], total: int) -> int:
    """By how much a printed ``total`` misses its printed ``parts`` (0 within rounding)."""
    gap = total - sum(p for p in parts if p is not None)
    return 0 if abs(gap) <= (5 if total >= 10_000 else 0) else gap


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


Cell = tuple[int, int]
Placing = Callable[[Cell, dict[Cell, int]], int]
"""(a total's cell, the misses of its line by cell: along a total row, down a total
column) → the miss that total prints."""


def change_figures(
    header: Sequence[str],
    rows: list[list[str]],
    labels: Sequence[str],
    value: Callable[[int, int], int],
    place: Placing | None = None,
) -> list[list[str]]:
    """The body with every count replaced by ``value(row, col)`` and every total (a row
    over the rows it totals, a column over the row's other counts) recomputed from its
    new parts.  A total that missed its printed parts (an error of the paper itself)
    misses its new parts by as much, so the error stays what it was; ``place`` moves the
    misses of a line to other cells of it (by default each stays where it was)."""
    before = [[parse_count(c) for c in r] for r in rows]
    t_cols, t_rows = total_columns(before, header), total_rows(labels, before)
    width = max((len(r) for r in before), default=0)
    others = [k for k in range(width) if k not in t_cols]
    after = [[value(i, j) if v is not None else None for j, v in enumerate(r)] for i, r in enumerate(before)]

    def gaps(parts: dict[Cell, list[int | None]]) -> dict[Cell, int]:
        """The miss each total of one line prints, from its printed parts."""
        line = {c: miss(found, t) for c, found in parts.items()
                if (t := _at(before, *c)) is not None and any(p is not None for p in found)}  # fmt: skip
        return {c: place(c, line) if place else g for c, g in line.items()}

    for i, parts in sorted(t_rows.items()):
        down = gaps({(i, j): [_at(before, k, j) for k in parts] for j in range(width)})
        for (_, j), gap in down.items():
            after[i][j] = max(0, sum(_at(after, k, j) or 0 for k in parts) + gap)
    for j in t_cols:
        across = gaps({(i, j): [_at(before, i, k) for k in others] for i in range(len(before))})
        for (i, _), gap in across.items():
            after[i][j] = max(0, sum(_at(after, i, k) or 0 for k in others) + gap)
    return [
        [format_like(after[i][j] or 0, c) if before[i][j] is not None else c for j, c in enumerate(r)]
        for i, r in enumerate(rows)
    ]


def by_period(view: TableView) -> Placing:
    """Misses placed by printed period: of the totals of a line that print a period, the
    one at period ``p`` misses (by one of the line's misses) when ``p``'s keyed draw says
    so, as often as the paper copied missed; any two copies printing the total for ``p``
    print the same miss.  A total of no period of its own keeps its miss."""

    def place(cell: Cell, line: dict[Cell, int]) -> int:
        dated = [c for c in line if view.period_dated(*c)]
        if cell not in dated:
            return line[cell]
        found = [line[c] for c in dated if line[c]]
        draw = keyed_unit("miss", *view.key(*cell), *view.when(*cell)) * len(dated)
        return found[int(draw)] if draw < len(found) else 0

    return place


def fill_dashes(rows: list[list[str]]) -> list[list[str]]:
    """Rows with a dash (nothing that year) in a column of counts read as a zero count:
    where a paper prints a dash depends on which years its columns span, so a copy whose
    columns span other years would print a dash where another prints a figure."""
    width = max((len(r) for r in rows), default=0)
    counted = [
        sum(1 for r in rows if j < len(r) and parse_count(r[j]) is not None)
        > sum(1 for r in rows if j < len(r) and is_label(r[j]))
        for j in range(width)
    ]
    return [["0" if counted[j] and c.strip() in _DASHES else c for j, c in enumerate(r)] for r in rows]


def restate_shares(rows: list[list[str]], t_cols: Sequence[int]) -> list[list[str]]:
    """Each ``n (p%)`` cell's share restated as ``n`` over its row's other such counts
    (total columns left out), printed to the note's own decimals."""
    out = []
    for r in rows:
        noted = [j for j, c in enumerate(r) if j not in t_cols and _SHARE_NOTE.search(c)]
        whole = sum(parse_count(r[j]) or 0 for j in noted)
        line = list(r)
        for j in noted:
            m = _SHARE_NOTE.search(r[j])
            assert m is not None
            share = 100 * (parse_count(r[j]) or 0) / whole if whole else 0.0
            line[j] = r[j][: m.start()] + f"({share:.{len(m.group('dec') or '')}f}%)" + r[j][m.end() :]
        out.append(line)
    return out


def table_view(table: dict[str, Any], offset: int, meeting_date: str) -> TableView:
    """One truth table as copy ``offset`` prints its words: every year moved."""
    caption = shift_years(table["caption"], offset) if table.get("caption") else ""
    header = [[shift_years(str(c), offset) for c in r] for r in table.get("header_rows") or []]
    rows = [[str(c) if parse_count(str(c)) is not None else shift_years(str(c), offset) for c in r]
            for r in table.get("rows") or []]  # fmt: skip
    return TableView(caption, header, rows, meeting_date[:4])


def figures_of(view: TableView) -> str:
    """How a copy changes a data table's figures:

    * ``counts``: a table of counts (no percentage): every count is the world's figure
      for its place and printed period; totals recomputed (misses kept);
    * ``rates``: percentages over periods (a time series of rates, no count): every
      percentage is the world's, to the decimals printed;
    * ``shares``: counts with their share of the row (``120 (10%)``) over periods: the
      count does not depend on the period, so any two copies' rows (whatever years they
      span) print the same count and share for a period; shares restated to make 100;
    * ``printed``: any other table printing percentages keeps its figures: its counts
      weight its percentages, and its period (one, or the meeting's) is the copy's own.
    """
    cells = [c for r in view.rows for c in r]
    figures = [c for c in cells if not is_label(c) and c.strip().lower() not in _BLANK]
    if not any("%" in c for c in cells):
        return "counts"
    if not view.has_period_axis():
        return "printed"
    if any(_SHARE_NOTE.search(c) and parse_count(c) is not None for c in figures):
        return "shares"
    return "rates" if all(parse_percent(c) is not None for c in figures) else "printed"


def copy_table(table: dict[str, Any], world: World, offset: int, meeting_date: str) -> dict[str, Any]:
    """One truth table as copy ``offset`` prints it: years shifted, figures from ``world``
    as ``figures_of`` says."""
    view = table_view(table, offset, meeting_date)
    rows = view.rows
    kind = figures_of(view) if table.get("kind") == "data" else "printed"
    labels = [" ".join(view.row_cells(i)) for i in range(len(rows))]
    col_labels = [" ".join(view.column_cells(j)) for j in range(view.width)]
    if kind == "counts":
        over_periods = view.has_period_axis()
        rows = fill_dashes(rows) if over_periods else rows
        rows = change_figures(
            col_labels,
            rows,
            labels,
            lambda i, j: world.count(view.key(i, j), view.when(i, j)),
            by_period(view) if over_periods else None,
        )
    elif kind == "shares":
        rows = change_figures(col_labels, rows, labels, lambda i, j: world.count(view.key(i, j), ()))
        rows = restate_shares(
            rows, total_columns([[parse_count(c) for c in r] for r in view.rows], col_labels)
        )
    elif kind == "rates":
        rows = [[percent_like(world.percent(view.key(i, j), view.when(i, j)), c) if parse_percent(c) else c
                 for j, c in enumerate(r)] for i, r in enumerate(rows)]  # fmt: skip
    caption = view.caption if table.get("caption") else table.get("caption")
    return {**table, "caption": caption, "header_rows": view.header, "rows": rows}


def percent_like(value: float, printed: str) -> str:
    """``value`` printed as the percentage ``printed`` was, to its decimals."""
    found = parse_percent(printed)
    assert found is not None
    return f"{value:.{found[1]}f}%"


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


def render_copy(plan: CopyPlan, out_dir: Path, world: World) -> Path:
    """Write copy ``plan.k`` as a PDF into ``out_dir`` with figures from ``world``; return its path."""
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
        copy = copy_table(table, world, plan.offset, plan.meeting_date)
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
    world = World.of(originals)
    files = []
    for k in range(count):
        plan = plan_copy(k, originals, seed)
        render_copy(plan, out, world)
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
