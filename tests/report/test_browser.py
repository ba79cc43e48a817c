"""The audit site and Data Docs in a real browser (headless Chromium), on the corpus run.

Every page loads with no console error and no request leaving the machine; every link
and anchor exists; from the index any value is two clicks from its cell, outlined on the
page image; the site reads with scripts off; search and charts work offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from browser import Browser, assert_landed_on_outlined_cell, cell_geometry

pytestmark = pytest.mark.slow

SAMPLE_PLAIN = 2
"""Values per series sampled besides every failed, warned or revised one: the first and last."""


def _path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def _links_and_ids(page: Any) -> tuple[list[str], list[str]]:
    got = page.evaluate(
        """() => [Array.from(document.querySelectorAll('a[href]'), a => a.href),
                  Array.from(document.querySelectorAll('[id]'), e => e.id)]"""
    )
    return got[0], got[1]


def test_every_page_loads_clean_and_every_link_and_anchor_exists(browser: Browser, corpus_site: Path) -> None:
    site = corpus_site.parent
    pages = sorted(site.rglob("*.html"))
    assert len([p for p in pages if p.parent.name == "series"]) >= 40
    ids: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    with browser.open(corpus_site.as_uri()) as (page, watch):
        for path in pages:
            page.goto(path.as_uri())
            found, anchors = _links_and_ids(page)
            ids[path.resolve()] = set(anchors)
            links += [(path, link) for link in found]
        watch.assert_clean()
    checked = 0
    for source, link in links:
        assert link.startswith("file://"), (source.name, link)
        target = _path(link).resolve()
        assert target.is_file(), (source.name, link)
        fragment = unquote(urlparse(link).fragment)
        if fragment and target in ids:
            assert fragment in ids[target], (source.name, link)
            checked += 1
    assert checked > 1000


def _sample(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first value of a series, and the first value of each mark it has."""
    out = rows[:1]
    for mark in ("failed", "warning", "revised"):
        out += [r for r in rows if r["mark"] == mark and r not in out][:1]
    return out


VALUES = """() => Array.from(document.querySelectorAll('table.values tr[id]'), tr => {
  const a = tr.querySelector('a.value');
  const mark = tr.querySelector('.st-failed, .st-warning, .st-revised');
  return {row: tr.id, href: a ? a.href : null, text: a ? a.dataset.text : null,
          mark: mark ? mark.className.slice(3) : null};
}).filter(r => r.href)"""


def test_any_value_is_two_clicks_from_the_index_outlined_on_its_page(
    browser: Browser, corpus_site: Path, corpus_run: Any
) -> None:
    cells = cell_geometry(corpus_run.out / "boardpack.duckdb")
    sampled: dict[str, int] = {}
    with browser.open(corpus_site.as_uri()) as (page, watch):
        series = page.evaluate(
            "() => Array.from(document.querySelectorAll('table.series a'), a => a.getAttribute('href'))"
        )
        assert len(series) >= 40
        for link in series:
            page.click(f'table.series a[href="{link}"]')  # click 1
            page.wait_for_load_state()
            assert page.url.endswith(link)
            rows = page.evaluate(VALUES)
            assert rows, f"{link} lists no value"
            for r in _sample(rows):
                page.click(f'tr[id="{r["row"]}"] a.value')  # click 2
                page.wait_for_load_state()
                assert page.url == r["href"]
                assert_landed_on_outlined_cell(page, cells, r["text"])
                sampled[r["mark"] or "plain"] = sampled.get(r["mark"] or "plain", 0) + 1
                page.go_back()
            page.go_back()
        watch.assert_clean()
    assert (
        sum(sampled.values()) >= len(series)
        and sampled.get("failed", 0) >= 1
        and sampled.get("warning", 0) >= 1
    )


def test_site_reads_with_javascript_off(browser: Browser, corpus_site: Path, corpus_run: Any) -> None:
    cells = cell_geometry(corpus_run.out / "boardpack.duckdb")
    with browser.open(corpus_site.as_uri(), javascript=False) as (page, watch):
        assert not page.is_visible("#search-box")
        assert page.locator("table.findings tr").count() > 3
        page.click("table.series a >> nth=0")
        page.wait_for_load_state()
        assert "/series/" in page.url
        assert not page.is_visible("#chart-box")
        assert page.locator("table.values a.value").count() > 0
        page.click("table.values a.value >> nth=0")
        page.wait_for_load_state()
        assert_landed_on_outlined_cell(page, cells, None)
        watch.assert_clean()


def test_search_finds_series_categories_and_papers_offline(browser: Browser, corpus_site: Path) -> None:
    with browser.open(corpus_site.as_uri()) as (page, watch):
        assert page.is_visible("#search-box")
        page.fill("#search", "cadets unit")
        hits = page.evaluate("() => Array.from(document.querySelectorAll('#search-results a'), a => a.href)")
        assert any(h.endswith("series/cadets_by_unit.html") for h in hits), hits
        page.fill("#search", "chief officer")
        kinds = page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results .kind'), k => k.textContent)"
        )
        assert "category" in kinds
        page.fill("#search", "2022-09_spcb")
        labels = page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results li'), li => li.textContent)"
        )
        assert any("paper" in x and "2022-09_spcb_fairness-and-belonging.pdf" in x for x in labels), labels
        assert any(x.startswith("series") for x in labels)  # the series that paper feeds
        page.click("#search-results a >> nth=0")
        page.wait_for_load_state()
        assert page.url.endswith(".html")
        page.go_back()
        page.fill("#search", "no such thing anywhere")
        assert page.locator("#search-results li").count() == 0
        assert "0 matches" in page.inner_text("#search-count")
        watch.assert_clean()


CHART = """() => {
  const chart = Chart.getChart('chart');
  const ctx = chart.canvas.getContext('2d');
  const ratio = chart.currentDevicePixelRatio, r = Math.round(6 * ratio);
  const out = [];
  chart.data.datasets.forEach((d, i) => chart.getDatasetMeta(i).data.forEach((el, j) => {
    const p = d.data[j];
    const x = Math.round(el.x * ratio), y = Math.round((chart.config.type === 'bar' ? el.y + 8 : el.y) * ratio);
    const px = ctx.getImageData(x - r, y - r, 2 * r + 1, 2 * r + 1).data;
    const colours = new Set();
    for (let k = 0; k < px.length; k += 4) colours.add(px[k] + ',' + px[k + 1] + ',' + px[k + 2]);
    out.push({label: d.label, text: p.text, mark: p.mark, colours: Array.from(colours)});
  }));
  return {type: chart.config.type, lines: chart.data.datasets.length, points: out};
}"""
"""Each point with the colours drawn within 6 px of it (later points may overlap its middle)."""


@pytest.mark.parametrize(
    ("series", "kind", "mark", "rgb"),
    [
        ("cadets_by_unit", "bar", "failed", [192, 0, 0]),
        ("ethnic_minority_pct_by_grade", "line", "warning", [217, 119, 6]),
    ],
)
def test_chart_draws_a_line_per_category_and_marks_failed_values(
    browser: Browser, corpus_site: Path, series: str, kind: str, mark: str, rgb: list[int]
) -> None:
    with browser.open((corpus_site.parent / "series" / f"{series}.html").as_uri()) as (page, watch):
        assert page.is_visible("#chart-box")
        drawn = page.evaluate(CHART)
        categories = page.locator("tbody.category").count()
        assert drawn["type"] == kind
        assert drawn["lines"] == (1 if kind == "bar" else categories)
        marked = [p for p in drawn["points"] if p["mark"] == mark]
        assert marked, drawn
        for p in marked:  # the marker is drawn in its colour where the value sits
            assert ",".join(map(str, rgb)) in p["colours"], (p["label"], p["text"], p["colours"][:8])
        watch.assert_clean()


def test_data_docs_load_clean(browser: Browser, corpus_run: Any) -> None:
    index = corpus_run.first.docs_index
    assert index is not None and index.is_file()
    pages = sorted(index.parent.rglob("*.html"))
    assert len(pages) > 3
    # one tab for every page (a tab each cost more than the page): each waited for until
    # the network is idle, the watch keeping what any of them did
    with browser.open(index.as_uri()) as (page, watch):
        for path in pages:
            page.goto(path.as_uri(), wait_until="networkidle")
            assert _path(page.url) == path, page.url
        watch.assert_clean()
