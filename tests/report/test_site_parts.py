"""The site's pure parts and its bounded drawing, on small inputs made here."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from boardpack.report.drawing import MAX_SIDE_PX, SCALE, TABLE_RGB, draw_pages, page_scale
from boardpack.report.findings import finding_rows
from boardpack.report.index_view import missing_fact_warning, search_index
from boardpack.report.links import series_names
from boardpack.report.reading import parse_cells
from boardpack.report.records import (
    CellInfo,
    Figure,
    FigureSource,
    Finding,
    PaperInfo,
    Revision,
    SeriesInfo,
    SiteData,
    TableInfo,
)
from boardpack.report.series_view import chart_data, series_views
from boardpack.report.targets import Targets
from extractors.records import PageBox


def test_page_scale_is_capped_whatever_size_the_page_claims() -> None:
    assert page_scale((595.0, 842.0)) == SCALE
    assert max(14400 * page_scale((14400.0, 200.0)), 200 * page_scale((14400.0, 200.0))) <= MAX_SIDE_PX
    assert page_scale((0.0, 0.0)) == SCALE


def test_a_page_claiming_to_be_huge_is_drawn_small_with_its_table_outlined(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "huge.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(14400, 7200))  # 5 m × 2.5 m
    c.setFont("Helvetica", 200)
    c.drawString(1000, 5000, "Total 219")
    c.save()
    table = TableInfo(
        "s", "t01", "data", (1,), None, 0, "ruled", 1.0, (PageBox(1, (900.0, 1800.0, 3000.0, 2400.0)),)
    )
    (tmp_path / "img").mkdir()
    images = draw_pages(str(pdf), "huge", [1], [table], [], {}, tmp_path)
    assert list(images) == [1]
    with Image.open(tmp_path / images[1].name) as im:
        assert max(im.size) <= MAX_SIDE_PX
        scale = images[1].scale
        assert im.getpixel((round(900 * scale) - 2, round(2100 * scale))) == TABLE_RGB


def test_a_missing_or_broken_pdf_gives_no_images_and_no_error(tmp_path: Path) -> None:
    table = TableInfo("s", "t01", "data", (1,), None, 0, "ruled", 1.0, (PageBox(1, (0, 0, 10, 10)),))
    (tmp_path / "img").mkdir()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    assert draw_pages(str(tmp_path / "missing.pdf"), "m", [1], [table], [], {}, tmp_path) == {}
    assert draw_pages(str(tmp_path / "broken.pdf"), "b", [1], [table], [], {}, tmp_path) == {}


def test_pages_drawn_by_two_processes_are_the_pages_drawn_here(tmp_path: Path, raw_papers: Path) -> None:
    from boardpack.report.drawing import PagesToDraw
    from boardpack.report.site import draw_all

    papers = sorted(raw_papers.glob("*.pdf"))[:3]
    box = (PageBox(1, (50.0, 100.0, 400.0, 300.0)), PageBox(2, (60.0, 120.0, 500.0, 400.0)))
    table = TableInfo("s", "t01", "data", (1, 2), None, 0, "ruled", 1.0, box)
    outputs = {}
    for processes in (1, 2):
        out = tmp_path / str(processes)
        (out / "img").mkdir(parents=True)
        jobs = [PagesToDraw(str(pdf), f"p{i}", [1, 2], [table], [], {}, out) for i, pdf in enumerate(papers)]
        drawn = draw_all(jobs, processes)
        assert [sorted(d) for d in drawn] == [[1, 2]] * len(papers)
        outputs[processes] = {f.name: f.read_bytes() for f in (out / "img").glob("*.png")}
    assert len(outputs[1]) == 2 * len(papers) and outputs[1] == outputs[2]


def test_series_file_names_are_safe_and_unique() -> None:
    names = series_names(["a/b", "a b", "A-B", "../x", "ok_1"])
    assert names == {"a/b": "a-b", "a b": "a-b-2", "A-B": "A-B-3", "../x": "x", "ok_1": "ok_1"}


def test_also_cells_text_is_read_as_pairs() -> None:
    assert parse_cells("1:2;3:4") == ((1, 2), (3, 4))
    assert parse_cells(None) == () and parse_cells("x:1;2") == ()


def _site() -> tuple[SiteData, Targets]:
    table = TableInfo("s", "t01", "data", (1,), "Cap", 1, "ruled", 1.0, (PageBox(1, (0, 0, 100, 100)),))
    cells = [
        CellInfo("s", "t01", 1, 1, False, "219", 1, (10, 10, 20, 20)),
        CellInfo("s", "t01", 2, 1, False, "5", 1, (10, 20, 20, 30)),
    ]
    source = FigureSource("s", "p.pdf", "2024-01-01", 1, "t01", 1, 1, "219", "failed")
    other = FigureSource("s", "p.pdf", "2024-01-01", 1, "t01", 2, 1, "5", "passed")
    figures = [
        Figure("x/total/a", "x", "total", "Total", "2023-01-01", "2023-01-31", "Jan-23", 219.0, "219", "ok", "failed", source, (source,)),
        Figure("x/total/b", "x", "total", "Total", "2024-01-01", "2024-01-31", "Jan-24", None, "-", "nil", "passed", other, (other,)),
        Figure("x/part/a", "x", "part", "Part", "2023-01-01", "2023-01-31", "Jan-23", 5.0, "5", "ok", "passed", other, (other,),
               (Revision("6", "old.pdf", "5", "p.pdf"),)),
    ]  # fmt: skip
    finding = Finding(
        "board_checks",
        "parts_sum_to_total",
        "error",
        "218 ≠ 219",
        "x",
        "s",
        "p.pdf",
        1,
        "t01",
        1,
        1,
        "218",
        "219",
        ((2, 1),),
    )
    paper = PaperInfo("s", "p.pdf", "/nowhere.pdf", None, None, None, 1, 0, 1, 3)
    series = [SeriesInfo("x", "Series X", "unit", "people", "", "2023-01-01", "2024-01-31", 3)]
    data = SiteData(None, [paper], [table], cells, [finding], [], [], series=series, figures=figures)
    return data, Targets({"s": "p"}, cells, [table], {})


def test_chart_has_a_line_per_category_a_point_per_number_and_marks() -> None:
    data, targets = _site()
    view = series_views(data, targets, {"x": "x"})[0]
    chart = chart_data(view)
    assert [line["label"] for line in chart["lines"]] == ["Total", "Part"]
    total, part = chart["lines"]
    assert [(p["y"], p["mark"]) for p in total["points"]] == [
        (219.0, "failed")
    ]  # "-" has no number: no point
    assert [(p["y"], p["mark"]) for p in part["points"]] == [(5.0, "revised")]
    assert total["points"][0]["href"] == "../p.html#t01-r1-c1-grid"  # no page image: the grid cell


def test_a_failed_check_reaches_every_value_it_covers() -> None:
    data, targets = _site()
    view = series_views(data, targets, {"x": "x"})[0]
    covered = [v for v in view.values if v.checks]
    assert [v.value_text for v in covered] == ["219", "-", "5"]  # row 1 named, row 2 in also_cells
    assert view.findings[0].link == "../p.html#t01-r1-c1-grid"
    assert finding_rows(data.findings, targets)[0].link_label == "cell"


def test_search_finds_series_by_category_and_paper() -> None:
    data, targets = _site()
    views = series_views(data, targets, {"x": "x"})
    entries = search_index([v.summary() for v in views], [])
    assert [(e["kind"], e["href"]) for e in entries] == [
        ("series", "series/x.html"),
        ("category", "series/x.html#cat-total"),
        ("category", "series/x.html#cat-part"),
    ]
    assert "p.pdf" in entries[0]["text"] and "part" in entries[0]["text"]


def test_a_paper_without_meeting_date_is_warned() -> None:
    data, _ = _site()
    assert missing_fact_warning(data.papers[0]) is not None
    dated = PaperInfo("s", "p.pdf", "/p.pdf", None, "2024-01-01", None, 1, 0, 0, 0)
    assert missing_fact_warning(dated) is None
