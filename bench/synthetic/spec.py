"""Random statistical tables as plain records: what a synthetic page will show.

A ``TableSpec`` is what a statistical office prints: a stub column of row labels (some
indented, some section rows without figures), value columns of right-aligned figures,
one to three header levels (spanner heads over groups of columns, column heads that wrap),
a title above and footnotes below.  ``LookSpec`` is how it is set: font, sizes, rules,
leaders, spacing.  Everything comes from one ``random.Random`` so a seed gives the same
page again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

_WORDS_TEXT = (
    "total employed persons households income median annual rate change population area region "
    "urban rural male female age under over years births deaths workers hours earnings weekly "
    "owner renter vacant units sales receipts payroll establishments firms exports imports value "
    "tons acres farms yield harvested planted cattle hogs wheat corn federal state local county "
    "revenue expenditure debt tax education health hospitals schools enrollment teachers students"
)
_STATES_TEXT = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii "
    "Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan "
    "Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Texas Utah Vermont"
)
WORDS = tuple(_WORDS_TEXT.split())
STATES = tuple(_STATES_TEXT.split())
NIL = ("-", "(NA)", "(X)", "(D)", "(Z)", "...")


@dataclass
class TableSpec:
    """The content of one table (header rows and body rows as the truth grid)."""

    title: str
    header_rows: list[list[str]]
    spans: list[list[int]]  # per header row: columns each cell spans (0: covered)
    rows: list[list[str]]
    indents: list[int]  # per body row: stub indent level
    sections: list[bool]  # per body row: a section label without figures
    units: str | None = None
    footnotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LookSpec:
    """How a table is set."""

    font: str
    bold: str
    size: float
    pitch: float  # baseline to baseline of body rows
    rules: str  # none | booktabs | box | spanners
    leaders: str  # '' none, 'spaced' (. . .), 'solid' (.....) or 'attached' (Total.....)
    group_space: int  # an extra half line every n rows (0: never)
    header_bold: bool
    col_gap: float


def phrase(rng: random.Random, lo: int, hi: int) -> str:
    """A capitalised phrase of ``lo``..``hi`` words."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def figure(rng: random.Random, kind: str) -> str:
    """A figure of a column's kind: count, money, decimal or percent."""
    if rng.random() < 0.05:
        return rng.choice(NIL)
    if kind == "count":
        return f"{rng.randint(0, 2_000_000 if rng.random() < 0.5 else 9_999):,}"
    if kind == "decimal":
        return f"{rng.uniform(-20, 120):.1f}"
    if kind == "percent":
        return f"{rng.uniform(0, 100):.1f}"
    return f"{rng.uniform(0, 99999):,.0f}"


def header_levels(rng: random.Random, nvals: int) -> tuple[list[list[str]], list[list[int]]]:
    """Header rows over a stub and ``nvals`` value columns: an optional spanner row over
    groups of columns, then one column head per column (some long enough to wrap)."""
    rows: list[list[str]] = []
    spans: list[list[int]] = []
    if nvals >= 4 and rng.random() < 0.5:
        group = rng.choice([k for k in (2, 3) if nvals % k == 0] or [nvals])
        row, span = [""], [1]
        for _ in range(nvals // group):
            row += [rng.choice([str(rng.randint(1990, 2020)), phrase(rng, 1, 3)])] + [""] * (group - 1)
            span += [group] + [0] * (group - 1)
        rows.append(row)
        spans.append(span)
    heads = [rng.choice(["Characteristic", "Item", "State", "Industry", "Area", ""])]
    heads += [phrase(rng, 1, 5) for _ in range(nvals)]
    rows.append(heads)
    spans.append([1] * (nvals + 1))
    return rows, spans


def table_spec(rng: random.Random, number: int) -> TableSpec:
    """A random statistical table."""
    nvals = rng.randint(2, 7)
    kinds = [rng.choice(["count", "money", "decimal", "percent"]) for _ in range(nvals)]
    header, spans = header_levels(rng, nvals)
    rows, indents, sections = [], [], []
    labels = list(STATES) if rng.random() < 0.4 else None
    for i in range(rng.randint(4, 22)):
        if i > 0 and rng.random() < 0.12:
            rows.append([phrase(rng, 1, 3)] + [""] * nvals)
            indents.append(0)
            sections.append(True)
            continue
        label = labels.pop(rng.randrange(len(labels))) if labels else phrase(rng, 1, 4)
        rows.append([label] + [figure(rng, k) for k in kinds])
        indents.append(rng.choice([0, 0, 1]) if any(sections) else 0)
        sections.append(False)
    notes = [f"{k + 1} {phrase(rng, 4, 12)}." for k in range(rng.randint(0, 2))]
    if rng.random() < 0.6:
        notes.append(f"Source: {phrase(rng, 3, 8)}.")
    return TableSpec(
        title=f"Table {number}. {phrase(rng, 3, 9)}",
        header_rows=header,
        spans=spans,
        rows=rows,
        indents=indents,
        sections=sections,
        units=rng.choice([None, None, "(In thousands)", "(Percent)", "[In millions of dollars]"]),
        footnotes=notes,
    )


def look_spec(rng: random.Random) -> LookSpec:
    """A random way to set a table."""
    serif = rng.random() < 0.5
    size = rng.choice([7.0, 8.0, 9.0, 10.0])
    rules = rng.choice(["none", "booktabs", "booktabs", "box", "spanners"])
    leading = rng.choice([1.6, 1.8]) if rules == "box" else rng.choice([1.15, 1.2, 1.3, 1.6])
    return LookSpec(
        font="Times-Roman" if serif else "Helvetica",
        bold="Times-Bold" if serif else "Helvetica-Bold",
        size=size,
        pitch=round(size * leading, 2),
        rules=rules,
        leaders=rng.choice(["", "", "", "", "spaced", "solid", "attached"]),
        group_space=rng.choice([0, 0, 5]),
        header_bold=rng.random() < 0.5,
        col_gap=round(size * rng.uniform(1.0, 2.5), 1),
    )
