"""The site renders what the store holds, including the tables other tracks add
(``table_mappings``, ``tidy_cells``, paper-fact sources) when present, and revisions;
and a store without them (an older run) still renders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from browser import Browser, assert_landed_on_outlined_cell, cell_geometry
from filled_store import REVISED, UNDATED
from markupsafe import escape

from boardpack.report.reading import load_site_data

pytestmark = pytest.mark.slow


def test_reading_gives_mappings_tidy_counts_fact_sources_and_revisions(filled_store: Path) -> None:
    data = load_site_data(filled_store)
    con = duckdb.connect(str(filled_store), read_only=True)
    try:
        unmapped = con.execute("SELECT count(*) FROM table_mappings WHERE status = 'unmapped'").fetchone()
        tidy = dict(
            ((sha, t), n)
            for sha, t, n in con.execute(
                "SELECT paper_sha256, table_id, count(*) FROM tidy_cells GROUP BY ALL"
            ).fetchall()
        )
    finally:
        con.close()
    assert data.mappings is not None and unmapped is not None
    assert sum(m.status == "unmapped" for m in data.mappings) == unmapped[0] > 0
    for m in data.mappings:
        assert m.tidy_cells == tidy.get((m.sha256, m.table_id), 0)
    undated = next(p for p in data.papers if p.file == UNDATED)
    assert undated.meeting_date is None and undated.meeting_date_source is None
    assert {p.title_source for p in data.papers} == {"manifest"}
    revised = next(f for f in data.figures if f.observation_id == REVISED)
    assert [r.earlier_text for r in revised.revisions] == ["13.9%"]
    assert len({s.paper_sha256 for s in revised.sources}) == 2


def test_index_lists_unmapped_tables_with_reason_and_link(filled_store: Path, filled_site: Path) -> None:
    data = load_site_data(filled_store)
    assert data.mappings is not None
    text = filled_site.read_text(encoding="utf-8")
    unmapped = [m for m in data.mappings if m.status == "unmapped"]
    assert f"Unmapped tables ({len(unmapped)})" in text
    for m in unmapped:
        assert f">{m.table_id}</a></td><td>" in text
        assert str(escape(m.reason or "")) in text
    paper = next(p for p in data.papers if p.sha256 == unmapped[0].sha256)
    page = (filled_site.parent / f"{Path(paper.file).stem}.html").read_text(encoding="utf-8")
    assert f'id="{unmapped[0].table_id}"' in page and "not mapped: " in page and "kept as tidy data" in page


def test_paper_without_meeting_date_is_warned(filled_site: Path) -> None:
    text = filled_site.read_text(encoding="utf-8")
    row = text[text.index(f">{UNDATED}</a>") :].split("</tr>", 1)[0]
    assert "warning" in row and "no meeting date" in row
    page = (filled_site.parent / f"{Path(UNDATED).stem}.html").read_text(encoding="utf-8")
    assert "this paper has no meeting date" in page
    assert "Where the facts came from: board: manifest · title: manifest" in page


def test_store_without_the_new_tables_still_renders(
    filled_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from boardpack.report import write_audit_report

    older = tmp_path_factory.mktemp("older") / "boardpack.duckdb"
    older.write_bytes(filled_store.read_bytes())
    con = duckdb.connect(str(older))
    con.execute("DROP TABLE table_mappings")
    con.execute("DROP TABLE tidy_cells")
    con.close()
    text = write_audit_report(older, tmp_path_factory.mktemp("older-site")).read_text(encoding="utf-8")
    assert "The store does not record how each table was mapped" in text


def test_revised_value_links_to_both_papers_cells(
    browser: Browser, filled_site: Path, filled_store: Path
) -> None:
    cells = cell_geometry(filled_store)
    url = (filled_site.parent / "series" / "ethnic_minority_pct_by_staff_type.html").as_uri()
    with browser.open(url) as (page, watch):
        row = "tr#v-pcso-2019-01-01-2019-01-31"
        assert "revised" in page.inner_text(row) and "13.9% (" in page.inner_text(row)
        sources: list[Any] = page.evaluate(
            f"() => Array.from(document.querySelectorAll('{row} ul.sources a'), a => [a.getAttribute('href'), a.href])"
        )
        assert len(sources) == 2 and len({url.split("#")[0] for _, url in sources}) == 2
        for href, url in sources:
            page.click(f'{row} ul.sources a[href="{href}"]')
            page.wait_for_load_state()
            assert page.url == url
            assert_landed_on_outlined_cell(page, cells, None)
            page.go_back()
        marks = page.evaluate(
            "() => Chart.getChart('chart').data.datasets.flatMap(d => d.data.filter(p => p.mark === 'revised').map(p => p.period))"
        )
        assert marks == ["Jan-19"]
        watch.assert_clean()
