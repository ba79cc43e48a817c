"""A new audit site keeps the previous site's pages whose inputs are exactly as before,
and renders afresh every page whose inputs changed: never a stale page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from boardpack.report import write_audit_report
from boardpack.report.kept_html import KEYS_FILE, KeptHtml, page_key
from boardpack.report.records import Figure

GENERATED = re.compile(r"generated \d{4}-\d\d-\d\dT[\d:]+\+00:00")


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a site, relative to it."""
    return sorted(p.relative_to(site) for p in site.rglob("*.html"))


def same_file(a: Path, b: Path) -> bool:
    """``a`` and ``b`` are one file (the second site linked the first's page)."""
    return a.stat().st_ino == b.stat().st_ino


def test_a_second_site_of_the_same_store_keeps_every_paper_and_series_page(
    twice_written: tuple[Path, Path],
) -> None:
    first, second = twice_written
    pages = html_pages(first)
    assert html_pages(second) == pages
    papers = [p for p in pages if p.parent == Path(".") and p.name != "index.html"]
    series = [p for p in pages if p.parent.name == "series"]
    assert len(papers) == 5 and len(series) > 10
    for page in papers + series:
        assert same_file(first / page, second / page), page
    assert not same_file(first / "index.html", second / "index.html")  # the index is always rendered
    assert (second / KEYS_FILE).read_text() == (first / KEYS_FILE).read_text()


def change_store(path: Path) -> dict[str, str]:
    """Change three things in the store at ``path``, each of one page: a cell's text of one
    paper, a failed check's message on another paper, and one published figure's
    validation status.  Returns what was changed → the page that shows it."""
    con = duckdb.connect(str(path))
    try:
        file, sha, table_id, row, col = con.execute(
            """SELECT p.paper_file, c.paper_sha256, c.table_id, c.row, c.col FROM cells c
               JOIN papers p USING (paper_sha256) WHERE c.text <> '' AND NOT c.is_header
               ORDER BY p.paper_file, c.table_id, c.row, c.col LIMIT 1"""
        ).fetchone() or pytest.fail("no cell with text")
        con.execute(
            "UPDATE cells SET text = text || ' (amended)' WHERE paper_sha256 = ? AND table_id = ? AND row = ? AND col = ?",
            [sha, table_id, row, col],
        )
        finding_file, suite, check = con.execute(
            """SELECT paper_file, suite, "check" FROM validation_results
               WHERE NOT success AND paper_sha256 IS NOT NULL AND paper_file <> ?
               ORDER BY paper_file, suite, "check" LIMIT 1""",
            [file],
        ).fetchone() or pytest.fail("no failed check on another paper")
        con.execute(
            """UPDATE validation_results SET message = message || ' (re-checked)'
               WHERE NOT success AND paper_file = ? AND suite = ? AND "check" = ?""",
            [finding_file, suite, check],
        )
        observation, series_id = con.execute(
            """SELECT observation_id, series_id FROM dataset_observations_full
               WHERE validation_status = 'passed' ORDER BY observation_id LIMIT 1"""
        ).fetchone() or pytest.fail("no passed figure")
        con.execute(
            "UPDATE dataset_observations_full SET validation_status = 'failed' WHERE observation_id = ?",
            [observation],
        )
    finally:
        con.close()
    return {
        "cell text": Path(file).stem + ".html",
        "check message": Path(finding_file).stem + ".html",
        "figure status": f"series/{series_id}.html",
    }


def test_a_page_whose_cell_finding_or_status_changed_is_rendered_afresh(
    filled_store: Path, tmp_path: Path
) -> None:
    """The site written over the previous one after the store changed is the site written
    from scratch, page for page: the changed pages rendered again, the others kept."""
    store = tmp_path / "boardpack.duckdb"
    shutil.copy(filled_store, store)
    first, second, fresh = tmp_path / "first", tmp_path / "second", tmp_path / "fresh"
    write_audit_report(store, first)
    changed = change_store(store)
    assert len(set(changed.values())) == 3, changed
    write_audit_report(store, second, previous=first)
    write_audit_report(store, fresh)
    pages = html_pages(fresh)
    assert html_pages(second) == pages
    for page in pages:
        got, want = (second / page).read_text(), (fresh / page).read_text()
        assert GENERATED.sub("", got) == GENERATED.sub("", want), page
    for what, name in changed.items():
        assert not same_file(first / name, second / name), what
        assert (first / name).read_text() != (second / name).read_text(), what
    for page in pages:  # a page is kept exactly when it would be rendered as before
        unchanged = page.name != "index.html" and (first / page).read_text() == (fresh / page).read_text()
        assert same_file(first / page, second / page) == unchanged, page
    assert sum(same_file(first / p, second / p) for p in pages) > len(pages) // 2


def test_a_page_rendered_by_other_code_is_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key of a page holds the report code's digest: new code, or a new template,
    renders a page whose inputs are unchanged."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    first = KeptHtml(None)
    first.write(old, "a.html", page_key("paper", "a"), lambda: "old code")
    first.save(old)
    monkeypatch.setattr("boardpack.report.kept_html.code_version", lambda: "other code")
    second = KeptHtml(old)
    second.write(new, "a.html", page_key("paper", "a"), lambda: "new code")
    assert (new / "a.html").read_text() == "new code"


def site_files(site: Path) -> list[Path]:
    """Every file of a site (pages, images, keys, static files), relative to it."""
    return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())


def unplace_a_source_cell(path: Path) -> str:
    """Take away the bbox of a cell a figure is taken from (its link then lands on the
    grid, not on the page image): a change of no dataset row, only of where a series
    page's link lands.  Returns the series page that shows it."""
    con = duckdb.connect(str(path))
    try:
        sha, table_id, row, col, series_id = con.execute(
            """SELECT c.paper_sha256, c.table_id, c.row, c.col, o.series_id
               FROM dataset_sources s JOIN dataset_observations_full o USING (observation_id)
               JOIN cells c ON c.paper_sha256 = s.paper_sha256 AND c.table_id = s.table_id
                           AND c.row = s.row AND c.col = s.col
               WHERE c.x0 IS NOT NULL ORDER BY o.series_id DESC, s.observation_id LIMIT 1"""
        ).fetchone() or pytest.fail("no placed source cell")
        con.execute(
            "UPDATE cells SET x0 = NULL WHERE paper_sha256 = ? AND table_id = ? AND row = ? AND col = ?",
            [sha, table_id, row, col],
        )
    finally:
        con.close()
    return f"series/{series_id}.html"


def test_a_series_page_whose_inputs_are_unchanged_is_neither_read_nor_built(
    filled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a change, the site written over the previous one is, file for file and byte
    for byte, the site written from scratch; the figures of a series are read and its
    view built only when its page may have changed (a figure's status, a failed check on
    its cells, where a link of it lands: any paper it points into placed otherwise)."""
    from boardpack.report import site

    store = tmp_path / "boardpack.duckdb"
    shutil.copy(filled_store, store)
    first, second, fresh = tmp_path / "first", tmp_path / "second", tmp_path / "fresh"
    write_audit_report(store, first)
    changed = {*change_store(store).values(), unplace_a_source_cell(store)}
    wanted = sorted(name for name in changed if name.startswith("series/"))
    assert len(wanted) == 2, changed
    read: list[list[str]] = []
    load_figures = site.load_figures

    def spy(database: Path, series_ids: list[str]) -> list[Figure]:
        read.append(sorted(series_ids))
        return load_figures(database, series_ids)

    monkeypatch.setattr(site, "load_figures", spy)
    write_audit_report(store, second, previous=first)
    monkeypatch.undo()
    write_audit_report(store, fresh)
    files = site_files(fresh)
    assert site_files(second) == files
    for name in files:
        got, want = (second / name).read_bytes(), (fresh / name).read_bytes()
        if name == Path("index.html"):
            got, want = GENERATED.sub("", got.decode()).encode(), GENERATED.sub("", want.decode()).encode()
        assert got == want, name
    series = [p for p in html_pages(fresh) if p.parent.name == "series"]
    rebuilt = sorted(p.as_posix() for p in series if not same_file(first / p, second / p))
    assert len(read) == 1 and len(read[0]) == len(rebuilt)
    assert set(wanted) <= set(rebuilt) and len(rebuilt) < len(series), rebuilt
    for name in wanted:
        assert (first / name).read_text() != (second / name).read_text(), name
