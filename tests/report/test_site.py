"""boardpack.report: the audit site, checked on a real run of the corpus (moved from
tests/boardpack/test_audit.py with every assertion it made; links now also come from the
series pages, and the site ships its own scripts, all local)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pypdfium2 as pdfium
import pytest
from markupsafe import escape
from PIL import Image

from boardpack.report import write_audit_report
from boardpack.report.drawing import ERROR_RGB, TABLE_RGB, WARNING_RGB, page_scale
from boardpack.report.links import page_names
from boardpack.report.paper_view import paper_view
from boardpack.report.reading import parse_bbox
from boardpack.report.records import CellInfo, Finding, PaperInfo, SiteData, TableInfo
from boardpack.report.rendering import render
from boardpack.report.targets import Targets
from extractors.records import PageBox

CADETS_PAPER = "2019-12-17_spcb_building-a-modern-police-force.pdf"


class _Collector(HTMLParser):
    """Ids, links, resource references and text of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: set[str] = set()
        self.titles: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
            if "title" in a:
                self.titles[a["id"]] = a["title"]
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        for key in ("src", "href"):
            if tag != "a" and key in a:
                self.srcs.append(a[key])


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


@dataclass
class Report:
    out: Path
    index: Path
    database: Path


@pytest.fixture(scope="module")
def report(corpus_run, tmp_path_factory: pytest.TempPathFactory) -> Report:  # type: ignore[no-untyped-def]
    database = corpus_run.out / "boardpack.duckdb"
    out = tmp_path_factory.mktemp("audit")
    return Report(out, write_audit_report(database, out), database)


def _failures(database: Path) -> list[dict[str, object]]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        frame = con.execute(
            """SELECT v.*, p.paper_file AS file, p.path AS pdf, c.page AS cell_page, c.x0, c.top, c.x1, c.bottom
               FROM validation_results v
               JOIN papers p USING (paper_sha256)
               LEFT JOIN cells c ON c.paper_sha256 = v.paper_sha256 AND c.table_id = v.table_id
                    AND c.row = v.row AND c.col = v.col
               WHERE NOT v.success"""
        ).df()
    finally:
        con.close()
    return frame.to_dict("records")  # type: ignore[return-value]


def _scale(pdf: str, page: int) -> float:
    """Pixels per point the site draws this page at, from the page's size in the PDF."""
    doc = pdfium.PdfDocument(pdf)
    try:
        p = doc[page - 1]
        return page_scale((p.get_width(), p.get_height()))
    finally:
        doc.close()


def _html_pages(out: Path) -> dict[str, Path]:
    return {p.relative_to(out).as_posix(): p for p in out.rglob("*.html")}


@pytest.mark.slow
def test_index_lists_the_real_failures_errors_first(report: Report) -> None:
    failures = _failures(report.database)
    cadets = [f for f in failures if f["file"] == CADETS_PAPER and f["table_id"] == "t08"]
    assert [(f["severity"], f["page"], f["row"], f["col"], f["expected"], f["observed"]) for f in cadets] == [
        ("error", 18, 11, 2, "218", "219")
    ]
    text = report.index.read_text(encoding="utf-8")
    row = re.search(r"<tr><td><span class=\"sev-error\">error</span>.*?t08.*?</tr>", text)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(0))
    assert cells[2:9] == [CADETS_PAPER, "18", "t08", "11", "2", "218", "219"]
    assert "218 ≠ 219" in row.group(0)
    assert "building-a-modern-police-force.html#t08-r11-c2" in row.group(0)
    findings = re.findall(r'<span class="sev-(error|warning)">', text)
    assert len(findings) == len(failures)
    assert findings == sorted(findings)  # "error" < "warning": every error before any warning
    for f in failures:
        assert str(escape(str(f["message"]))) in text


@pytest.mark.slow
def test_index_shows_papers_totals_checks_and_release(report: Report) -> None:
    con = duckdb.connect(str(report.database), read_only=True)
    try:
        files = [r[0] for r in con.execute("SELECT paper_file FROM papers").fetchall()]
        release = con.execute("SELECT release_id FROM dataset_release").fetchone()
        checks = con.execute('SELECT DISTINCT "check" FROM validation_results').fetchall()
        observations = con.execute("SELECT count(*) FROM observations").fetchone()
    finally:
        con.close()
    text = report.index.read_text(encoding="utf-8")
    assert release is not None and f'id="release">{release[0]}<' in text
    for file in files:
        assert f">{file}</a>" in text
        assert (report.out / f"{Path(file).stem}.html").is_file()
    assert observations is not None and f"<td>{observations[0]}</td>" in text
    for (check,) in checks:
        assert f"<td>{check}</td>" in text
    assert "Quarantine" in text


@pytest.mark.slow
def test_every_link_reaches_an_existing_anchor(report: Report) -> None:
    pages = _html_pages(report.out)
    parsed = {name: _parse(path) for name, path in pages.items()}
    index = parsed["index.html"]
    cell_links = [h for h in index.hrefs if re.search(r"#t\d+-r\d+-c\d+$", h)]
    assert len(cell_links) == len(_failures(report.database))
    checked = 0
    for name, page in parsed.items():
        here = pages[name].parent
        for link in page.hrefs:
            target, _, anchor = unquote(link).partition("#")
            path = (here / target).resolve() if target else pages[name]
            assert path.is_file(), (name, link)
            key = (
                path.relative_to(report.out.resolve()).as_posix()
                if path.is_relative_to(report.out.resolve())
                else None
            )
            if key not in parsed:  # a local file beside the report (Data Docs)
                continue
            if anchor:
                assert anchor in parsed[key].ids, (name, link)
                checked += 1
    assert checked > 1000  # every value of every series links to its cell


@pytest.mark.slow
def test_failing_cells_are_outlined_on_their_page_images(report: Report) -> None:
    for f in _failures(report.database):
        stem = Path(str(f["file"])).stem
        image = report.out / "img" / f"{stem}-p{f['cell_page']}.png"
        assert image.is_file(), image
        colour = ERROR_RGB if f["severity"] == "error" else WARNING_RGB
        if f["severity"] == "warning" and _has_error_at(f, report.database):
            colour = ERROR_RGB
        scale = _scale(str(f["pdf"]), int(f["cell_page"]))  # type: ignore[call-overload]
        x0, top, x1, bottom = (float(f[k]) * scale for k in ("x0", "top", "x1", "bottom"))  # type: ignore[arg-type]
        with Image.open(image) as im:
            rgb = im.convert("RGB")
            mid_y, mid_x = round((top + bottom) / 2), round((x0 + x1) / 2)
            left = {rgb.getpixel((x, mid_y)) for x in range(round(x0) - 6, round(x0) + 1)}
            right = {rgb.getpixel((x, mid_y)) for x in range(round(x1), round(x1) + 7)}
            above = {rgb.getpixel((mid_x, y)) for y in range(round(top) - 6, round(top) + 1)}
            below = {rgb.getpixel((mid_x, y)) for y in range(round(bottom), round(bottom) + 7)}
        for side in (left, right, above, below):
            assert colour in side, (f["table_id"], f["row"], f["col"], side)
        # the figure itself is not painted over (neighbouring outlines may reach 3 px in)
        assert colour not in {rgb.getpixel((x, mid_y)) for x in range(round(x0) + 4, round(x1) - 4)}


def _has_error_at(f: dict[str, object], database: Path) -> bool:
    con = duckdb.connect(str(database), read_only=True)
    try:
        got = con.execute(
            """SELECT count(*) FROM validation_results WHERE NOT success AND severity = 'error'
               AND paper_sha256 = ? AND table_id = ? AND row = ? AND col = ?""",
            [f["paper_sha256"], f["table_id"], f["row"], f["col"]],
        ).fetchone()
    finally:
        con.close()
    return bool(got and got[0])


@pytest.mark.slow
def test_tables_are_outlined_and_only_their_pages_rendered(report: Report) -> None:
    con = duckdb.connect(str(report.database), read_only=True)
    try:
        rows = con.execute(
            "SELECT p.paper_file, p.path, t.bbox FROM tables t JOIN papers p USING (paper_sha256)"
        ).fetchall()
    finally:
        con.close()
    expected = set()
    for file, pdf, bbox in rows:
        for box in parse_bbox(bbox):
            image = report.out / "img" / f"{Path(file).stem}-p{box.page}.png"
            expected.add(image.name)
            scale = _scale(pdf, box.page)
            x0, top, _, bottom = (v * scale for v in box.bbox)
            with Image.open(image) as im:
                rgb = im.convert("RGB")
                column = {
                    rgb.getpixel((x, round((top + bottom) / 2))) for x in range(round(x0) - 4, round(x0) + 1)
                }
            assert TABLE_RGB in column, (file, box)
    assert {p.name for p in (report.out / "img").glob("*.png")} == expected


@pytest.mark.slow
def test_paper_page_shows_tables_with_headers_and_flagged_cells(report: Report) -> None:
    page = report.out / "2019-12-17_spcb_building-a-modern-police-force.html"
    parsed = _parse(page)
    text = page.read_text(encoding="utf-8")
    assert {"t01", "t08", "t08-p18", "p17", "p18", "t08-r11-c2", "t08-r11-c2-grid"} <= parsed.ids
    assert "218 ≠ 219" in parsed.titles["t08-r11-c2-grid"]
    assert "218 ≠ 219" in parsed.titles["t08-r11-c2"]
    assert 'src="img/2019-12-17_spcb_building-a-modern-police-force-p18.png"' in text
    assert "method aligned · confidence 0.87" in text
    assert "<th" in text and 'class="num err"' in text


@pytest.mark.slow
def test_report_is_self_contained(report: Report) -> None:
    for name, page in _html_pages(report.out).items():
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
        parsed = _parse(page)
        for src in parsed.srcs:  # images, the stylesheet and scripts: all shipped in the site
            assert (page.parent / unquote(src)).resolve().is_file(), (name, src)
    assert (report.out / "static" / "vendor" / "chart.js" / "LICENSE.md").is_file()


def test_page_names_are_unique_and_never_index() -> None:
    def paper(file: str, sha: str) -> PaperInfo:
        return PaperInfo(sha, file, f"/x/{file}", None, None, None, 1, 0, 0, 0)

    names = page_names([paper("a.pdf", "1" * 64), paper("a.pdf", "2" * 64), paper("index.pdf", "3" * 64)])
    assert names == {"1" * 64: "a", "2" * 64: "a-22222222", "3" * 64: "index-33333333"}


def test_parse_bbox_reads_every_page_part() -> None:
    assert parse_bbox("17:65.3,291.5,481.2,446.0;18:65.5,72.4,385.2,95.9") == [
        PageBox(17, (65.3, 291.5, 481.2, 446.0)),
        PageBox(18, (65.5, 72.4, 385.2, 95.9)),
    ]
    assert parse_bbox(None) == []


def test_cell_text_and_messages_are_escaped() -> None:
    table = TableInfo(
        "s", "t01", "data", (1,), 'A <b>"caption"</b>', 1, "ruled", 0.9, (PageBox(1, (0, 0, 10, 10)),)
    )
    cells = [
        CellInfo("s", "t01", 0, 0, True, "<script>x</script>", 1, (0, 0, 5, 5)),
        CellInfo("s", "t01", 1, 0, False, "1 & 2", 1, (0, 5, 5, 10)),
    ]
    finding = Finding(
        "board_checks", "parts_sum_to_total", "error", 'a "quoted" <b>message</b>', None, "s",
        "p.pdf", 1, "t01", 1, 0, "1", "2",
    )  # fmt: skip
    paper = PaperInfo("s", "p.pdf", "/nowhere/p.pdf", None, "2024-01-01", "<i>title</i>", 1, 0, 1, 0)
    data = SiteData(None, [paper], [table], cells, [finding], [], [])
    targets = Targets({"s": "p"}, cells, [table], {})
    out = render("paper.html.j2", title="t", root="", v=paper_view(data, paper, {}, targets))
    grid = out[out.index('<table class="grid">') :]
    grid = grid[: grid.index("</table>")]
    assert "<script>" not in out and "&lt;script&gt;" in grid
    assert "<b>" not in out and "<i>title" not in out and "1 &amp; 2" in grid
    title = escape('error: parts_sum_to_total: a "quoted" <b>message</b>')
    assert f'title="{title}"' in grid
    assert 'id="t01-r1-c0-grid"' in grid and grid.count("<th") == 1
