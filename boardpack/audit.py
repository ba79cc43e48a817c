"""The audit report: an offline HTML view of a run, down to the cell on the page.

``write_audit_report(database, out_dir)`` reads the DuckDB store (and the papers' PDFs,
via ``papers.path``) and writes into ``out_dir``::

    index.html           release id, papers, totals, every failed check (errors first),
                         the quarantine and what was checked
    <paper-stem>.html    per paper: each page that holds a table as an image, with table
                         bboxes (blue) and failing cells (red: error, orange: warning)
                         outlined, then the extracted tables with failing cells marked
    img/<stem>-p<N>.png  the page images (pypdfium2 at ``SCALE``, outlines drawn with PIL)

Everything is self-contained: inline CSS, no scripts, no remote resources.  Only pages
that hold a table (or a failing cell) are rendered, which keeps the report fast.

Anchors in a paper page: ``t08`` (a table's extracted grid; ``t08-p18`` for its part on a
later page), ``p18`` (a page), and ``t08-r11-c2`` (a failing cell: the outline on the
page image when the page was rendered, else the cell of the extracted grid).
The builders below are pure (data in, text or outlines out); only ``load_audit_data``,
``render_page`` and ``write_audit_report`` touch files.
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
from PIL import Image, ImageDraw

from boardpack.quarantine import QuarantineItem
from extractors.records import BBox, PageBox

SCALE = 1.5
"""Pixels per PDF point of the page images."""

ERROR_RGB = (220, 0, 0)
WARNING_RGB = (255, 140, 0)
TABLE_RGB = (30, 90, 230)
CELL_PAD, CELL_WIDTH = 3, 3
"""A failing cell's outline sits ``CELL_PAD`` px outside its bbox, ``CELL_WIDTH`` px wide,
so it frames the figure without covering it."""
TABLE_PAD, TABLE_WIDTH = 2, 1

SEVERITY_ORDER = {"error": 0, "warning": 1}

# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class PaperInfo:
    """One paper of the store with its counts."""

    sha256: str
    file: str
    path: str
    board: str | None
    meeting_date: str | None
    title: str | None
    pages: int
    extraction_errors: int
    tables: int
    observations: int


@dataclass(frozen=True)
class TableInfo:
    """One extracted table; ``parts`` are its bboxes, one per page it sits on."""

    sha256: str
    table_id: str
    kind: str
    pages: tuple[int, ...]
    caption: str | None
    header_rows: int
    method: str
    confidence: float
    parts: tuple[PageBox, ...]

    @property
    def part_pages(self) -> list[int]:
        """The pages the table sits on, in order (from its bboxes, else its pages)."""
        return sorted({p.page for p in self.parts} or set(self.pages))


@dataclass(frozen=True)
class CellInfo:
    """One cell of an extracted table (full grid: header rows first)."""

    sha256: str
    table_id: str
    row: int
    col: int
    is_header: bool
    text: str
    page: int
    bbox: BBox | None


@dataclass(frozen=True)
class Finding:
    """One failed validation result, as stored."""

    suite: str
    check: str
    severity: str
    message: str
    series_id: str | None
    paper_sha256: str | None
    paper_file: str | None
    page: int | None
    table_id: str | None
    row: int | None
    col: int | None
    expected: str | None
    observed: str | None

    @property
    def cell_key(self) -> tuple[str, str, int, int] | None:
        """(paper sha, table, row, col) when the result names a cell."""
        if self.paper_sha256 and self.table_id and self.row is not None and self.col is not None:
            return (self.paper_sha256, self.table_id, self.row, self.col)
        return None


@dataclass(frozen=True)
class CheckTally:
    """How often one check of one suite ran and passed."""

    suite: str
    check: str
    total: int
    passed: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class ExtractionErrorRow:
    """A page of a paper that extraction could not parse."""

    sha256: str
    paper_file: str
    page: int | None
    message: str


@dataclass
class AuditData:
    """Everything the report shows, read once from the store."""

    release_id: str | None
    papers: list[PaperInfo]
    tables: list[TableInfo]
    cells: list[CellInfo]
    findings: list[Finding]
    quarantine: list[QuarantineItem]
    tallies: list[CheckTally]
    extraction_errors: list[ExtractionErrorRow] = field(default_factory=list)
    docs_link: str | None = None
    """A relative link to the Great Expectations Data Docs, when they were built."""


@dataclass(frozen=True)
class Outline:
    """A rectangle to draw on a page image, in pixels (x0, top, x1, bottom)."""

    box: tuple[int, int, int, int]
    colour: tuple[int, int, int]
    width: int


# ----------------------------------------------------------------------------- reading


def parse_bbox(text: str | None) -> list[PageBox]:
    """The ``tables.bbox`` text (``"page:x0,top,x1,bottom;…"``) as page boxes."""
    boxes = []
    for part in (text or "").split(";"):
        if ":" not in part:
            continue
        page, coords = part.split(":", 1)
        values = [float(v) for v in coords.split(",")]
        if len(values) == 4:
            boxes.append(PageBox(int(page), (values[0], values[1], values[2], values[3])))
    return boxes


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    row = found.fetchone()
    return bool(row and row[0])


def _bbox_or_none(values: Sequence[Any]) -> BBox | None:
    if any(v is None for v in values):
        return None
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


def load_audit_data(database: Path) -> AuditData:
    """Read everything the report needs from the store (read-only)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return _load(con, database)
    finally:
        con.close()


def _load(con: duckdb.DuckDBPyConnection, database: Path) -> AuditData:
    release = None
    if _has_table(con, "dataset_release"):
        got = con.execute("SELECT release_id FROM dataset_release").fetchone()
        release = str(got[0]) if got else None
    papers = [
        PaperInfo(*r)
        for r in _rows(
            con,
            """
            SELECT p.paper_sha256, p.paper_file, p.path, p.board, p.meeting_date, p.title,
                   coalesce(p.pages, 0), coalesce(p.extraction_errors, 0),
                   (SELECT count(*) FROM tables t WHERE t.paper_sha256 = p.paper_sha256),
                   (SELECT count(*) FROM observations o WHERE o.paper_sha256 = p.paper_sha256)
            FROM papers p ORDER BY p.meeting_date, p.paper_file""",
        )
    ]
    tables = [
        TableInfo(
            r[0],
            r[1],
            r[2] or "",
            tuple(int(p) for p in (r[3] or "").split(",") if p.strip()),
            r[4],
            int(r[5] or 0),
            r[6] or "",
            float(r[7] or 0.0),
            tuple(parse_bbox(r[8])),
        )
        for r in _rows(
            con,
            """
            SELECT paper_sha256, table_id, kind, pages, caption, header_row_count, method,
                   confidence, bbox FROM tables ORDER BY paper_sha256, table_id""",
        )
    ]
    cells = [
        CellInfo(r[0], r[1], int(r[2]), int(r[3]), bool(r[4]), r[5] or "", int(r[6]), _bbox_or_none(r[7:11]))
        for r in _rows(
            con,
            """
            SELECT paper_sha256, table_id, row, col, is_header, text, page, x0, top, x1, bottom
            FROM cells ORDER BY paper_sha256, table_id, row, col""",
        )
    ]
    findings = [
        Finding(*r)
        for r in _rows(
            con,
            """
            SELECT suite, "check", severity, message, series_id, paper_sha256, paper_file, page,
                   table_id, row, col, expected, observed
            FROM validation_results WHERE NOT success""",
        )
    ]
    quarantine = [
        QuarantineItem(*r)
        for r in _rows(con, 'SELECT stage, file, page, table_id, "row", col, reason FROM quarantine')
    ]
    tallies = [
        CheckTally(*r)
        for r in _rows(
            con,
            """
            SELECT suite, "check", count(*), count(*) FILTER (WHERE success),
                   count(*) FILTER (WHERE NOT success AND severity = 'error'),
                   count(*) FILTER (WHERE NOT success AND severity = 'warning')
            FROM validation_results GROUP BY suite, "check" ORDER BY suite, "check" """,
        )
    ]
    errors = [
        ExtractionErrorRow(*r)
        for r in _rows(con, "SELECT paper_sha256, paper_file, page, message FROM extraction_errors")
    ]
    return AuditData(
        release, papers, tables, cells, sort_findings(findings), quarantine, tallies, errors, None
    )


def find_data_docs(database: Path, out_dir: Path) -> str | None:
    """A link from ``out_dir`` to the run's Great Expectations Data Docs, if built."""
    gx = database.parent / "gx"
    if not gx.is_dir():
        return None
    for index in sorted(gx.glob("**/data_docs/local_site/index.html")):
        return Path(os.path.relpath(index, out_dir)).as_posix()
    return None


# ----------------------------------------------------------------------------- pure helpers


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings; within each by paper, page, table, row, col."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER.get(f.severity, 2),
            f.paper_file or "",
            f.page or 0,
            f.table_id or "",
            f.row if f.row is not None else -1,
            f.col if f.col is not None else -1,
            f.check,
        ),
    )


def page_names(papers: Sequence[PaperInfo]) -> dict[str, str]:
    """Each paper's page stem (sha → stem): the file's stem, made unique and never
    ``index``."""
    names: dict[str, str] = {}
    taken = {"index"}
    for p in papers:
        stem = Path(p.file).stem or "paper"
        name = stem if stem not in taken else f"{stem}-{p.sha256[:8]}"
        taken.add(name)
        names[p.sha256] = name
    return names


def cell_anchor(table_id: str, row: int, col: int) -> str:
    """The anchor of a failing cell in its paper page: ``t08-r11-c2``."""
    return f"{table_id}-r{row}-c{col}"


def table_anchor(table_id: str, page: int | None = None) -> str:
    """The anchor of a table's grid (``t08``) or of its part on a later page (``t08-p18``)."""
    return table_id if page is None else f"{table_id}-p{page}"


def worst(findings: Iterable[Finding]) -> str:
    """``error`` if any finding is an error, else ``warning``."""
    return "error" if any(f.severity == "error" for f in findings) else "warning"


def findings_by_cell(findings: Iterable[Finding]) -> dict[tuple[str, str, int, int], list[Finding]]:
    """Failed results grouped by the cell they name; results naming no cell are left out."""
    out: dict[tuple[str, str, int, int], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.cell_key is not None:
            out[f.cell_key].append(f)
    return dict(out)


def pixel_box(bbox: BBox, scale: float = SCALE, pad: int = 0) -> tuple[int, int, int, int]:
    """A bbox in PDF points (top-left origin) as pixels of a page image at ``scale``,
    grown by ``pad`` pixels on every side."""
    x0, top, x1, bottom = bbox
    return (
        round(x0 * scale) - pad,
        round(top * scale) - pad,
        round(x1 * scale) + pad,
        round(bottom * scale) + pad,
    )


def page_outlines(
    page: int,
    tables: Iterable[TableInfo],
    cells: Iterable[CellInfo],
    flagged: Mapping[tuple[str, str, int, int], list[Finding]],
    scale: float = SCALE,
) -> list[Outline]:
    """What to draw on one page: table bboxes (thin blue) first, then failing cells,
    warnings (orange) before errors (red) so errors stay on top."""
    out = [
        Outline(pixel_box(b.bbox, scale, TABLE_PAD), TABLE_RGB, TABLE_WIDTH)
        for t in tables
        for b in t.parts
        if b.page == page
    ]
    hits = []
    for c in cells:
        found = flagged.get((c.sha256, c.table_id, c.row, c.col))
        if found and c.page == page and c.bbox is not None:
            hits.append((worst(found), c.bbox))
    for severity, bbox in sorted(hits, key=lambda h: -SEVERITY_ORDER.get(h[0], 2)):
        colour = ERROR_RGB if severity == "error" else WARNING_RGB
        out.append(Outline(pixel_box(bbox, scale, CELL_PAD), colour, CELL_WIDTH))
    return out


def draw_outlines(image: Image.Image, outlines: Iterable[Outline]) -> Image.Image:
    """Draw the outlines on ``image`` (in place) and return it."""
    draw = ImageDraw.Draw(image)
    for o in outlines:
        draw.rectangle(o.box, outline=o.colour, width=o.width)
    return image


def pages_to_render(
    sha: str,
    tables: Iterable[TableInfo],
    cells: Iterable[CellInfo],
    flagged: Mapping[tuple[str, str, int, int], list[Finding]],
) -> list[int]:
    """The pages of one paper that hold a table part or a failing cell."""
    pages = {p for t in tables if t.sha256 == sha for p in t.part_pages}
    pages |= {c.page for c in cells if c.sha256 == sha and (c.sha256, c.table_id, c.row, c.col) in flagged}
    return sorted(pages)


def cell_keys(cells: Iterable[CellInfo]) -> set[tuple[str, str, int, int]]:
    """The (paper sha, table, row, col) keys of these cells."""
    return {(c.sha256, c.table_id, c.row, c.col) for c in cells}


def image_name(stem: str, page: int) -> str:
    """The page image's path relative to the report: ``img/<stem>-p<N>.png``."""
    return f"img/{stem}-p{page}.png"


# ----------------------------------------------------------------------------- HTML

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
 max-width:1200px;padding:1rem 1.5rem;color:#1b1f24}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem}
th,td{border:1px solid #ccd;padding:.2rem .45rem;vertical-align:top;text-align:left}
thead th{background:#eef1f6}
.grid th{background:#eef1f6;font-weight:600}
.grid th.repeat{color:#667}
td.num,th.num{text-align:right}
.err{background:#fde2e2}.warn{background:#ffedd5}
.grid td.err{outline:3px solid rgb(220,0,0);outline-offset:-3px}
.grid td.warn{outline:3px solid rgb(255,140,0);outline-offset:-3px}
.sev-error{color:#b00000;font-weight:600}.sev-warning{color:#b35c00;font-weight:600}
.meta{color:#556;margin:.1rem 0 .5rem}.msg{max-width:38rem}
.page{position:relative;display:inline-block;max-width:100%;border:1px solid #99a}
.page img{display:block;max-width:100%;height:auto}
.page a{position:absolute;display:block}
.page a.tbl{z-index:1}.page a.hit{z-index:2}
.page a:target,.grid :target{box-shadow:0 0 0 4px #ffd400}
.note{color:#556;font-style:italic}
nav a{margin-right:1rem}
"""


def esc(value: object) -> str:
    """``value`` as HTML text (``None`` as empty), quotes escaped for attributes too."""
    return "" if value is None else html.escape(str(value), quote=True)


def href(stem: str, anchor: str | None = None) -> str:
    """A relative link to a paper page (and an anchor in it), URL-quoted."""
    target = quote(f"{stem}.html")
    return target + (f"#{quote(anchor)}" if anchor else "")


def document(title: str, body: str) -> str:
    """A whole self-contained HTML page: inline CSS, no scripts, no remote resources."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def html_table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """An HTML table; ``headers`` are escaped here, row cells must be HTML already."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _opt(value: object) -> str:
    return "" if value is None else esc(value)


def paper_summary_rows(data: AuditData, names: Mapping[str, str]) -> list[list[str]]:
    """One row per paper (linked to its page), then a totals row."""
    errors: dict[str | None, int] = defaultdict(int)
    warnings: dict[str | None, int] = defaultdict(int)
    for f in data.findings:
        (errors if f.severity == "error" else warnings)[f.paper_sha256] += 1
    rows = [
        [
            f'<a href="{esc(href(names[p.sha256]))}">{esc(p.file)}</a>',
            _opt(p.meeting_date),
            str(p.pages),
            str(p.tables),
            str(p.observations),
            str(p.extraction_errors),
            str(errors[p.sha256]),
            str(warnings[p.sha256]),
        ]
        for p in data.papers
    ]
    rows.append(
        [
            f"<strong>Total ({len(data.papers)} papers)</strong>",
            "",
            str(sum(p.pages for p in data.papers)),
            str(sum(p.tables for p in data.papers)),
            str(sum(p.observations for p in data.papers)),
            str(sum(p.extraction_errors for p in data.papers)),
            str(sum(errors.values())),
            str(sum(warnings.values())),
        ]
    )
    return rows


def finding_location_link(
    f: Finding, names: Mapping[str, str], anchored: set[tuple[str, str, int, int]]
) -> str:
    """A link to the failing cell on its page; to the table or paper when the cell has no
    anchor; empty when the result names no paper of the store."""
    stem = names.get(f.paper_sha256 or "")
    if stem is None:
        return ""
    key = f.cell_key
    if key is not None and key in anchored:
        return f'<a href="{esc(href(stem, cell_anchor(*key[1:])))}">cell</a>'
    if f.table_id:
        return f'<a href="{esc(href(stem, table_anchor(f.table_id)))}">table</a>'
    return f'<a href="{esc(href(stem))}">paper</a>'


def findings_rows(
    findings: Iterable[Finding], names: Mapping[str, str], anchored: set[tuple[str, str, int, int]]
) -> list[list[str]]:
    """One row per failed result: severity, check, where, expected, observed, message, link."""
    return [
        [
            f'<span class="sev-{esc(f.severity)}">{esc(f.severity)}</span>',
            f"{esc(f.suite)}<br>{esc(f.check)}",
            esc(f.paper_file or ""),
            _opt(f.page),
            esc(f.table_id or ""),
            _opt(f.row),
            _opt(f.col),
            esc(f.expected or ""),
            esc(f.observed or ""),
            f'<div class="msg">{esc(f.message)}</div>',
            finding_location_link(f, names, anchored),
        ]
        for f in findings
    ]


FINDING_HEADERS = [
    "severity",
    "suite / check",
    "paper",
    "page",
    "table",
    "row",
    "col",
    "expected",
    "observed",
    "message (the arithmetic)",
    "where",
]


def quarantine_rows(items: Iterable[QuarantineItem], by_file: Mapping[str, str]) -> list[list[str]]:
    """One row per quarantined item, the file linked to its paper page when it has one."""
    rows = []
    for q in items:
        stem = by_file.get(q.file)
        anchor = table_anchor(q.table_id) if q.table_id else None
        where = f'<a href="{esc(href(stem, anchor))}">{esc(q.file)}</a>' if stem else esc(q.file)
        rows.append(
            [
                esc(q.stage),
                where,
                _opt(q.page),
                esc(q.table_id or ""),
                _opt(q.row),
                _opt(q.col),
                esc(q.reason),
            ]
        )
    return rows


def checks_rows(tallies: Iterable[CheckTally]) -> list[list[str]]:
    """One row per (suite, check): how many results, passed, errors, warnings."""
    return [
        [esc(t.suite), esc(t.check), str(t.total), str(t.passed), str(t.errors), str(t.warnings)]
        for t in tallies
    ]


def index_html(
    data: AuditData,
    names: Mapping[str, str],
    anchored: set[tuple[str, str, int, int]],
    generated: str,
) -> str:
    """The index page: release, papers and totals, failures (errors first), quarantine,
    and what was checked.  ``anchored`` are the cells that have an anchor to link to."""
    errors = [f for f in data.findings if f.severity == "error"]
    warnings = [f for f in data.findings if f.severity != "error"]
    by_file = {p.file: names[p.sha256] for p in data.papers}
    parts = [
        "<h1>boardpack audit report</h1>",
        f'<p class="meta">Release <strong id="release">{esc(data.release_id or "(not published)")}</strong>'
        f" · generated {esc(generated)} · {len(errors)} errors, {len(warnings)} warnings, "
        f"{len(data.quarantine)} quarantined</p>",
        '<nav><a href="#papers">Papers</a><a href="#failures">Failed checks</a>'
        '<a href="#quarantine">Quarantine</a><a href="#checked">What was checked</a></nav>',
        '<h2 id="papers">Papers</h2>',
        html_table(
            [
                "paper",
                "meeting date",
                "pages",
                "tables",
                "observations",
                "extraction errors",
                "validation errors",
                "warnings",
            ],
            paper_summary_rows(data, names),
        ),
        f'<h2 id="failures">Failed checks ({len(data.findings)})</h2>',
    ]
    if data.findings:
        parts.append(
            '<p class="meta">Errors first, then warnings. “cell” opens the paper page at the '
            "cell, outlined on the page image.</p>"
        )
        parts.append(
            html_table(FINDING_HEADERS, findings_rows([*errors, *warnings], names, anchored), "findings")
        )
    else:
        parts.append('<p class="note">Every check passed.</p>')
    parts.append(f'<h2 id="quarantine">Quarantine ({len(data.quarantine)})</h2>')
    if data.quarantine:
        parts.append(
            html_table(
                ["stage", "file", "page", "table", "row", "col", "reason"],
                quarantine_rows(data.quarantine, by_file),
            )
        )
    else:
        parts.append('<p class="note">Nothing was quarantined.</p>')
    parts.append('<h2 id="checked">What was checked</h2>')
    parts.append(
        html_table(["suite", "check", "results", "passed", "errors", "warnings"], checks_rows(data.tallies))
    )
    parts.append(
        '<p class="note">Counts are of the results kept in the store (<code>validation_results</code>); '
        "a check runs once per place it applies to.</p>"
    )
    if data.docs_link:
        parts.append(
            f'<p>Expectation suites in detail: <a href="{esc(data.docs_link)}">Great Expectations Data Docs</a> (local).</p>'
        )
    return document(f"Audit – release {data.release_id or '-'}", "\n".join(parts))


def _is_number(text: str) -> bool:
    stripped = text.replace(",", "").replace("%", "").replace("£", "").strip()
    try:
        float(stripped)
    except ValueError:
        return False
    return True


def row_pages(table: TableInfo, cells: Sequence[CellInfo]) -> dict[int, int]:
    """The page each body row sits on (that of its first cell with text), forced onto one
    of the table's pages."""
    pages = table.part_pages
    out: dict[int, int] = {}
    by_row: dict[int, list[CellInfo]] = defaultdict(list)
    for c in cells:
        by_row[c.row].append(c)
    for row, row_cells in by_row.items():
        texted = [c for c in sorted(row_cells, key=lambda c: c.col) if c.text] or row_cells
        page = texted[0].page
        out[row] = page if page in pages else (pages[0] if pages else page)
    return out


def _cell_html(
    cell: CellInfo | None,
    header: bool,
    flagged: Mapping[tuple[str, str, int, int], list[Finding]],
    home: bool,
    on_image: set[tuple[str, str, int, int]],
    repeat: bool,
) -> str:
    tag = "th" if header else "td"
    if cell is None:
        return f"<{tag}></{tag}>"
    key = (cell.sha256, cell.table_id, cell.row, cell.col)
    classes = ["num"] if _is_number(cell.text) else []
    if repeat:
        classes.append("repeat")
    attrs = ""
    text = esc(cell.text)
    found = flagged.get(key)
    if found:
        anchor = cell_anchor(cell.table_id, cell.row, cell.col)
        classes.append("err" if worst(found) == "error" else "warn")
        tip = "\n".join(f"{f.severity}: {f.check}: {f.message}" for f in found)
        attrs += f' title="{esc(tip)}"'
        if home:
            attrs += f' id="{esc(anchor if key not in on_image else anchor + "-grid")}"'
        if key in on_image:
            text = f'<a href="#{esc(anchor)}">{text}</a>'
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{cls}{attrs}>{text}</{tag}>"


def table_part_html(
    table: TableInfo,
    cells: Sequence[CellInfo],
    page: int,
    flagged: Mapping[tuple[str, str, int, int], list[Finding]],
    on_image: set[tuple[str, str, int, int]],
) -> str:
    """The part of one table's extracted grid that sits on ``page``: its header rows
    (marked as headers; repeated on later pages) and the body rows of that page, failing
    cells highlighted with the messages as their title."""
    first = page == table.part_pages[0] if table.part_pages else True
    homes = row_pages(table, cells)
    grid = {(c.row, c.col): c for c in cells}
    ncols = max((c.col for c in cells), default=-1) + 1
    nrows = max((c.row for c in cells), default=-1) + 1
    lines = []
    for r in range(nrows):
        header = r < table.header_rows
        if not header and homes.get(r, page) != page:
            continue
        home = first if header else True
        row_html = "".join(
            _cell_html(grid.get((r, c)), header, flagged, home, on_image, header and not first)
            for c in range(ncols)
        )
        lines.append(f'<tr data-row="{r}">{row_html}</tr>')
    anchor = table_anchor(table.table_id, None if first else page)
    title = esc(table.table_id) + " – " + (esc(table.caption) if table.caption else "<i>(no caption)</i>")
    if not first:
        title += f" (continued from page {table.part_pages[0]})"
    meta = (
        f"method {esc(table.method)} · confidence {table.confidence:.2f} · {esc(table.kind)} · "
        f"pages {esc(', '.join(map(str, table.part_pages)))} · {table.header_rows} header row(s), "
        f"{max(nrows - table.header_rows, 0)} body rows × {ncols} cols"
    )
    return (
        f'<h3 id="{esc(anchor)}">{title}</h3><p class="meta">{meta}</p>'
        f'<table class="grid">\n' + "\n".join(lines) + "\n</table>"
    )


def _pct(value: float, whole: float) -> str:
    return f"{100.0 * value / whole:.3f}%"


def overlay_link(
    bbox: BBox, size: tuple[float, float], target: str, title: str, cls: str, anchor_id: str | None
) -> str:
    """A transparent link over a region of the page image, positioned in percent of the
    page so it stays on its region however the image is scaled."""
    x0, top, x1, bottom = bbox
    width, height = size
    style = (
        f"left:{_pct(x0, width)};top:{_pct(top, height)};"
        f"width:{_pct(x1 - x0, width)};height:{_pct(bottom - top, height)}"
    )
    ident = f' id="{esc(anchor_id)}"' if anchor_id else ""
    return f'<a class="{cls}"{ident} href="#{esc(target)}" title="{esc(title)}" style="{style}"></a>'


def page_section_html(
    stem: str,
    page: int,
    size: tuple[float, float] | None,
    tables: Sequence[TableInfo],
    cells_by_table: Mapping[str, Sequence[CellInfo]],
    flagged: Mapping[tuple[str, str, int, int], list[Finding]],
    on_image: set[tuple[str, str, int, int]],
) -> str:
    """One page of a paper: the image with links over its tables and failing cells (when
    rendered, ``size`` in points), then the extracted tables that sit on it."""
    here = [t for t in tables if page in t.part_pages]
    parts = [f'<h2 id="p{page}">Page {page}</h2>']
    if size is not None:
        links = [
            overlay_link(
                b.bbox,
                size,
                table_anchor(t.table_id, None if page == t.part_pages[0] else page),
                f"{t.table_id}: {t.caption or ''}",
                "tbl",
                None,
            )
            for t in here
            for b in t.parts
            if b.page == page
        ]
        for t in tables:
            for c in cells_by_table.get(t.table_id, []):
                key = (c.sha256, c.table_id, c.row, c.col)
                if key in on_image and c.page == page and c.bbox is not None:
                    anchor = cell_anchor(c.table_id, c.row, c.col)
                    tip = "\n".join(f"{f.severity}: {f.message}" for f in flagged[key])
                    sev = "err" if worst(flagged[key]) == "error" else "warn"
                    links.append(overlay_link(c.bbox, size, anchor + "-grid", tip, f"hit {sev}", anchor))
        alt = f"page {page} with tables outlined"
        parts.append(
            f'<div class="page"><img src="{esc(quote(image_name(stem, page)))}" alt="{esc(alt)}" '
            f'width="{round(size[0] * SCALE)}" height="{round(size[1] * SCALE)}">' + "".join(links) + "</div>"
        )
    else:
        parts.append('<p class="note">The page image could not be rendered.</p>')
    for t in here:
        parts.append(table_part_html(t, cells_by_table.get(t.table_id, []), page, flagged, on_image))
    return "\n".join(parts)


def paper_html(
    data: AuditData,
    paper: PaperInfo,
    stem: str,
    sizes: Mapping[int, tuple[float, float]],
    on_image: set[tuple[str, str, int, int]],
) -> str:
    """One paper's page: its metadata, its failed checks (linked to the cells), then each
    page that holds a table, as in ``page_section_html``.  ``sizes`` gives the size in
    points of each rendered page; ``on_image`` the failing cells anchored on an image."""
    tables = [t for t in data.tables if t.sha256 == paper.sha256]
    cells = [c for c in data.cells if c.sha256 == paper.sha256]
    cells_by_table: dict[str, list[CellInfo]] = defaultdict(list)
    for c in cells:
        cells_by_table[c.table_id].append(c)
    mine = [f for f in data.findings if f.paper_sha256 == paper.sha256]
    flagged = findings_by_cell(mine)
    names = {paper.sha256: stem}
    anchored = set(flagged) & cell_keys(cells)
    parts = [
        '<nav><a href="index.html">← audit index</a></nav>',
        f"<h1>{esc(paper.title or paper.file)}</h1>",
        f'<p class="meta">{esc(paper.file)} · {esc(paper.board or "")} · meeting {esc(paper.meeting_date or "?")}'
        f" · {paper.pages} pages · {len(tables)} tables · {paper.observations} observations · "
        f"sha256 <code>{esc(paper.sha256[:16])}…</code></p>",
        f"<h2>Failed checks ({len(mine)})</h2>",
    ]
    if mine:
        parts.append(html_table(FINDING_HEADERS, findings_rows(mine, names, anchored), "findings"))
    else:
        parts.append('<p class="note">No check failed on this paper.</p>')
    mine_errors = [e for e in data.extraction_errors if e.sha256 == paper.sha256]
    if mine_errors:
        parts.append("<h2>Extraction errors</h2>")
        parts.append(html_table(["page", "message"], [[_opt(e.page), esc(e.message)] for e in mine_errors]))
    pages = pages_to_render(paper.sha256, tables, cells, flagged)
    if not pages:
        parts.append('<p class="note">No table was found in this paper.</p>')
    else:
        toc = " ".join(f'<a href="#p{p}">p{p}</a>' for p in pages)
        tocs = " ".join(f'<a href="#{esc(t.table_id)}">{esc(t.table_id)}</a>' for t in tables)
        parts.append(f"<nav>Pages: {toc}<br>Tables: {tocs}</nav>")
    for page in pages:
        parts.append(
            page_section_html(stem, page, sizes.get(page), tables, cells_by_table, flagged, on_image)
        )
    return document(f"Audit – {paper.file}", "\n".join(parts))


# ----------------------------------------------------------------------------- writing


def render_page(pdf: Any, page: int, scale: float = SCALE) -> tuple[Image.Image, tuple[float, float]]:
    """Page ``page`` (from 1) of an open ``pypdfium2.PdfDocument`` as an RGB image at
    ``scale``, with the page size in points."""
    pdf_page = pdf[page - 1]
    try:
        size = pdf_page.get_size()
        image = pdf_page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf_page.close()
    return image, (float(size[0]), float(size[1]))


def write_paper_images(
    data: AuditData, paper: PaperInfo, stem: str, out_dir: Path
) -> dict[int, tuple[float, float]]:
    """Render the paper's pages that hold tables, outline tables and failing cells, and
    write them as ``img/<stem>-p<N>.png``; returns the size in points of each page
    written (none when the PDF cannot be opened)."""
    import pypdfium2 as pdfium

    tables = [t for t in data.tables if t.sha256 == paper.sha256]
    cells = [c for c in data.cells if c.sha256 == paper.sha256]
    flagged = findings_by_cell(f for f in data.findings if f.paper_sha256 == paper.sha256)
    pages = pages_to_render(paper.sha256, tables, cells, flagged)
    if not pages:
        return {}
    from extractors.pdfium_io import PDFIUM_LOCK

    sizes: dict[int, tuple[float, float]] = {}
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(paper.path)
        except (OSError, pdfium.PdfiumError):
            return {}
        try:
            for page in pages:
                if not 1 <= page <= len(pdf):
                    continue
                image, size = render_page(pdf, page)
                draw_outlines(image, page_outlines(page, tables, cells, flagged))
                image.save(out_dir / image_name(stem, page), compress_level=1)
                sizes[page] = size
        finally:
            pdf.close()
    return sizes


def cells_on_images(
    data: AuditData, rendered: Mapping[str, Mapping[int, tuple[float, float]]]
) -> set[tuple[str, str, int, int]]:
    """The failing cells whose page was rendered and that have a bbox: their anchor is
    the outline on the page image."""
    flagged = findings_by_cell(data.findings)
    return {
        (c.sha256, c.table_id, c.row, c.col)
        for c in data.cells
        if (c.sha256, c.table_id, c.row, c.col) in flagged
        and c.bbox is not None
        and c.page in rendered.get(c.sha256, {})
    }


def _clear(out_dir: Path) -> None:
    """Remove the pages and images an earlier report left in ``out_dir``."""
    for old in [*out_dir.glob("*.html"), *(out_dir / "img").glob("*.png")]:
        old.unlink()


def write_audit_report(database: Path, out_dir: Path) -> Path:
    """Write the audit report of the store ``database`` into ``out_dir`` (created;
    earlier pages and images there are replaced) and return its ``index.html``."""
    data = load_audit_data(database)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear(out_dir)
    (out_dir / "img").mkdir(exist_ok=True)
    data.docs_link = find_data_docs(database, out_dir)
    names = page_names(data.papers)
    rendered = {p.sha256: write_paper_images(data, p, names[p.sha256], out_dir) for p in data.papers}
    on_image = cells_on_images(data, rendered)
    anchored = set(findings_by_cell(data.findings)) & cell_keys(data.cells)
    for p in data.papers:
        page = paper_html(data, p, names[p.sha256], rendered[p.sha256], on_image)
        (out_dir / f"{names[p.sha256]}.html").write_text(page, encoding="utf-8")
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    index = out_dir / "index.html"
    index.write_text(index_html(data, names, anchored, generated), encoding="utf-8")
    return index
