"""The audit site of a run: read the store, draw the pages, render every page.

``write_audit_report(database, out_dir)`` writes into ``out_dir``: ``index.html``, a page
per paper, a page per series (``series/``), page images (``img/``) and the static files
(``static/``); see ``links.py`` for the layout and anchors.  Nothing in the site loads
from outside its folder (and the run's Data Docs, linked when they were built).

It is written in two halves: ``write_paper_side`` (the papers' images and pages) needs
no release, so a run writes it while the release is being published;
``write_release_side`` (the series pages and the index) follows the release.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from boardpack.report.drawing import PageImage, PagesToDraw, kept_pages, record_drawn
from boardpack.report.findings import findings_by_cell
from boardpack.report.index_view import index_view
from boardpack.report.kept_html import KeptHtml, page_key
from boardpack.report.kept_images import KeptImages
from boardpack.report.links import SERIES_DIR, page_names, paper_page, series_names, series_page
from boardpack.report.paper_view import paper_view
from boardpack.report.reading import load_figures, read_paper_side, read_release_side
from boardpack.report.records import SeriesInfo, SiteData
from boardpack.report.rendering import copy_static, render, write_page
from boardpack.report.series_keys import (
    SeriesInputs,
    link_digest,
    read_series_digests,
    series_key,
    series_with_figures,
)
from boardpack.report.series_view import (
    ROOT,
    SeriesSummary,
    SeriesView,
    chart_data,
    series_catalogue,
    series_views,
)
from boardpack.report.targets import Targets
from boardpack.worker.spawned import spawned_pool


def find_data_docs(database: Path, out_dir: Path) -> str | None:
    """A link from ``out_dir`` to the run's Great Expectations Data Docs, if built: the
    published whole copy (``data_docs/``) when there is one, else GX's working copy."""
    published = database.parent / "data_docs" / "index.html"
    gx = database.parent / "gx"
    found = [published] if published.is_file() else sorted(gx.glob("**/data_docs/local_site/index.html"))
    return Path(os.path.relpath(found[0], out_dir)).as_posix() if found else None


def clear(out_dir: Path) -> None:
    """Remove the pages, images and static files an earlier site left in ``out_dir``
    (only those: the folder may hold other things)."""
    old = [*out_dir.glob("*.html"), *(out_dir / "img").glob("*.png"), *(out_dir / SERIES_DIR).glob("*.html")]
    for path in old:
        path.unlink()


PER_PAPER_ROWS = (
    ("tables", "sha256"), ("cells", "sha256"), ("findings", "paper_sha256"),
    ("extraction_errors", "sha256"), ("mappings", "sha256"),
)  # fmt: skip
"""The ``SiteData`` lists cut per paper, with the field naming each row's paper."""


def per_paper(data: SiteData) -> dict[str, SiteData]:
    """``data`` cut into one slice per paper (the paper, its tables, cells, findings,
    mappings and extraction errors; nothing of other papers or of the release), in one
    pass: a paper's page then reads its own few rows, not every paper's,
    the site grows with the papers, not their square, and the slice is all a paper page
    is rendered from (``write_paper_page``)."""
    slices = {
        p.sha256: SiteData(None, [p], [], [], [], [], [], [], None if data.mappings is None else [])
        for p in data.papers
    }
    for name, key in PER_PAPER_ROWS:
        for row in getattr(data, name) or []:
            rows = getattr(slices.get(getattr(row, key)), name, None)
            if rows is not None:  # None: a paper not in the site, or no mappings stored
                rows.append(row)
    return slices


DRAWING_PROCESSES = 2
"""Processes drawing page images when there are many to draw (pdfium draws one page at
a time per process)."""
PAGES_PER_PROCESS = 40
"""Fewer pages to draw than this per process are drawn here: starting a process costs
more than it saves."""


def draw_images(
    data: SiteData,
    slices: dict[str, SiteData],
    names: dict[str, str],
    out_dir: Path,
    kept: KeptImages | None = None,
) -> dict[str, dict[int, PageImage]]:
    """Every paper's page images (sha → page → image), each drawn from its slice
    (``per_paper``); with ``kept``, those of the previous site that are still right are
    kept rather than drawn.  Many pages are drawn by several processes at once."""
    images: dict[str, dict[int, PageImage]] = {}
    jobs: dict[str, PagesToDraw] = {}
    for p in data.papers:
        mine = slices[p.sha256]
        flagged = findings_by_cell(mine.findings)
        stem = names[p.sha256]
        images[p.sha256], pages = kept_pages(stem, mine.tables, mine.cells, flagged, out_dir, p.sha256, kept)
        if pages:
            jobs[p.sha256] = PagesToDraw(p.path, stem, pages, mine.tables, mine.cells, flagged, out_dir)
    processes = min(
        DRAWING_PROCESSES, os.cpu_count() or 1, sum(len(j.pages) for j in jobs.values()) // PAGES_PER_PROCESS
    )
    for (sha, job), drawn in zip(jobs.items(), draw_all(list(jobs.values()), processes), strict=True):
        record_drawn(drawn, sha, job.tables, job.cells, job.flagged, kept)
        images[sha].update(drawn)
    return images


def _draw(job: PagesToDraw) -> dict[int, PageImage]:
    return job.draw()


def draw_all(jobs: list[PagesToDraw], processes: int) -> list[dict[int, PageImage]]:
    """Each job's images, in order: drawn here, or by ``processes`` processes when two
    or more."""
    if processes < 2:
        return [job.draw() for job in jobs]
    with spawned_pool(processes) as pool:
        return list(pool.map(_draw, jobs))


def write_paper_page(
    out_dir: Path, stem: str, mine: SiteData, images: Mapping[int, PageImage], pages: KeptHtml
) -> Path:
    """The page of the one paper of ``mine`` (its slice, ``per_paper``), rendered from
    that slice, its file ``stem`` and its page ``images`` alone, and keyed on exactly
    these: kept from the previous site when they are as they were."""
    paper = mine.papers[0]
    drawn = sorted(images.items())

    def render_paper() -> str:
        # links from a paper page land on its own cells and tables only
        targets = Targets({paper.sha256: stem}, mine.cells, mine.tables, {paper.sha256: images})
        view = paper_view(mine, paper, images, targets)
        return render("paper.html.j2", title=f"Audit – {paper.file}", root="", v=view)

    return pages.write(out_dir, paper_page(stem), page_key("paper", stem, mine, drawn), render_paper)


def write_series_page(out_dir: Path, name: str, view: SeriesView, key: str, pages: KeptHtml) -> SeriesSummary:
    """A series page rendered from its view and chart under ``key`` (``series_key``: a
    digest of everything it is made from); its summary is kept beside its key."""
    context = {"title": f"{view.info.title} – audit", "root": ROOT, "v": view, "chart": chart_data(view)}
    summary = view.summary()
    pages.write(
        out_dir, name, key, lambda: render("series.html.j2", **context), {"summary": summary.as_json()}
    )
    return summary


def write_series_pages(
    database: Path,
    data: SiteData,
    catalogue: Sequence[SeriesInfo],
    inputs: Mapping[str, SeriesInputs],
    links: Mapping[str, str],
    targets: Targets,
    out_dir: Path,
    pages: KeptHtml,
) -> list[SeriesSummary]:
    """Every series page of ``catalogue``, each keyed (``series_key``) on the store's side
    of it (``inputs``) and the link digests of the papers it points into (``links``): kept
    from the previous site (with its summary) when its key is as before; else its figures
    read from the store, its view built and rendered.  Their summaries, in catalogue
    order."""
    stems = series_names(s.series_id for s in catalogue)
    keys = {
        s.series_id: series_key(series_page(stems[s.series_id]), inputs.get(s.series_id), links)
        for s in catalogue
    }
    summaries: dict[str, SeriesSummary] = {}
    for info in catalogue:
        name = series_page(stems[info.series_id])
        kept = pages.keep(out_dir, name, keys[info.series_id], "summary")
        if kept is not None:
            summaries[info.series_id] = SeriesSummary.from_json(info, kept)
    todo = [info for info in catalogue if info.series_id not in summaries]
    if todo:
        figures = load_figures(database, [info.series_id for info in todo])
        for view in series_views(replace(data, figures=figures), targets, stems, todo):
            name = series_page(stems[view.info.series_id])
            summaries[view.info.series_id] = write_series_page(
                out_dir, name, view, keys[view.info.series_id], pages
            )
    return [summaries[info.series_id] for info in catalogue]


@dataclass
class PaperSide:
    """A site written up to the release (``write_paper_side``): what it read of the
    store and what it wrote, for ``write_release_side`` to finish from."""

    data: SiteData
    """The store's paper side (``read_paper_side``): the release's fields empty."""
    names: dict[str, str]
    """Each paper's page stem, by sha256."""
    images: dict[str, dict[int, PageImage]]
    """Each paper's page images, by sha256 and page."""
    links: dict[str, str]
    """Each paper's link digest (``link_digest``), by sha256."""
    pages: KeptHtml
    """The pages kept or written so far."""


def write_paper_side(database: Path, out_dir: Path, previous: Path | None = None) -> PaperSide:
    """Make ``out_dir`` ready for the site (created; an earlier site there cleared; the
    static files copied) and write all of it that needs no release: every paper's page
    images and page, kept from ``previous`` where still right (``kept_images``,
    ``kept_html``).  Reads only the store's paper side, and holds the store open only
    while it reads, so it can run while the release is being published."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        data = read_paper_side(con)
    finally:
        con.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    clear(out_dir)
    (out_dir / "img").mkdir(exist_ok=True)
    (out_dir / SERIES_DIR).mkdir(exist_ok=True)
    copy_static(out_dir)
    names = page_names(data.papers)
    kept = KeptImages(previous)
    slices = per_paper(data)
    images = draw_images(data, slices, names, out_dir, kept)
    kept.save(out_dir)
    pages = KeptHtml(previous)
    links = {p.sha256: link_digest(names[p.sha256], slices[p.sha256], images[p.sha256]) for p in data.papers}
    for p in data.papers:
        write_paper_page(out_dir, names[p.sha256], slices[p.sha256], images[p.sha256], pages)
    return PaperSide(data, names, images, links, pages)


def write_release_side(database: Path, out_dir: Path, side: PaperSide) -> Path:
    """Finish the site ``write_paper_side`` began in ``out_dir`` once the release is
    published: the release's side read from the store, a page per series (a series page
    whose inputs are unchanged has its figures neither read nor drawn into a view), the
    index.  Returns the ``index.html``."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        data = read_release_side(con, side.data, figures_of=())
        inputs = read_series_digests(con)
        catalogue = series_catalogue(data.series, series_with_figures(con))
    finally:
        con.close()
    targets = Targets(side.names, data.cells, data.tables, side.images)
    series = write_series_pages(database, data, catalogue, inputs, side.links, targets, out_dir, side.pages)
    side.pages.save(out_dir)
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    index = index_view(data, side.names, targets, series, generated, find_data_docs(database, out_dir))
    title = f"Audit – release {data.release_id or '-'}"
    return write_page(out_dir / "index.html", "index.html.j2", title=title, root="", v=index)


def write_audit_report(database: Path, out_dir: Path, previous: Path | None = None) -> Path:
    """Write the audit site of the store ``database`` into ``out_dir`` (created; an
    earlier site there is replaced) and return its ``index.html``.  ``previous`` is the
    last site (another folder), whose page images and pages are kept where still right:
    ``write_paper_side``, then ``write_release_side``."""
    return write_release_side(database, out_dir, write_paper_side(database, out_dir, previous))
