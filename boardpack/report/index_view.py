"""The index page (pure): release and totals, failed checks (errors first), every series,
papers, tables left unmapped, quarantine, what was checked, and the search index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from boardpack.report.findings import FindingRow, finding_rows
from boardpack.report.links import href, paper_page, table_anchor
from boardpack.report.records import CheckTally, PaperInfo, SiteData
from boardpack.report.series_view import SeriesSummary
from boardpack.report.targets import Targets


@dataclass(frozen=True)
class PaperRow:
    """One paper's line in the index; ``warning`` when a fact the run needs is missing."""

    file: str
    link: str
    meeting_date: str | None
    pages: int
    tables: int
    observations: int
    extraction_errors: int
    errors: int
    warnings: int
    warning: str | None


@dataclass(frozen=True)
class UnmappedRow:
    """A table that no family mapped, with the reason and a link to it."""

    paper_file: str
    table_id: str
    caption: str | None
    reason: str
    tidy_cells: int | None
    link: str | None


@dataclass(frozen=True)
class QuarantineRow:
    """One quarantined item; ``link`` to its paper (and table) when the site has it."""

    stage: str
    file: str
    link: str | None
    page: int | None
    table_id: str
    row: int | None
    col: int | None
    reason: str


@dataclass
class IndexView:
    """Everything the index shows."""

    release_id: str | None
    generated: str
    errors: list[FindingRow]
    warnings: list[FindingRow]
    series: list[SeriesSummary]
    papers: list[PaperRow]
    totals: PaperRow
    unmapped: list[UnmappedRow] | None
    quarantine: list[QuarantineRow]
    tallies: list[CheckTally]
    docs_link: str | None
    search: list[dict[str, Any]]


def missing_fact_warning(paper: PaperInfo) -> str | None:
    """Why a paper's figures may be misplaced in time: it has no meeting date."""
    if paper.meeting_date:
        return None
    return "no meeting date: periods printed without a year and checks against the meeting cannot be placed"


def paper_rows(data: SiteData, names: Mapping[str, str]) -> tuple[list[PaperRow], PaperRow]:
    """One row per paper (linked to its page), and the totals row."""
    errors = Counter(f.paper_sha256 for f in data.findings if f.severity == "error")
    warnings = Counter(f.paper_sha256 for f in data.findings if f.severity != "error")
    rows = [
        PaperRow(
            p.file,
            href(paper_page(names[p.sha256])),
            p.meeting_date,
            p.pages,
            p.tables,
            p.observations,
            p.extraction_errors,
            errors[p.sha256],
            warnings[p.sha256],
            missing_fact_warning(p),
        )
        for p in data.papers
    ]
    totals = PaperRow(
        f"Total ({len(rows)} papers)",
        "",
        None,
        sum(r.pages for r in rows),
        sum(r.tables for r in rows),
        sum(r.observations for r in rows),
        sum(r.extraction_errors for r in rows),
        sum(errors.values()),
        sum(warnings.values()),
        None,
    )
    return rows, totals


def unmapped_rows(data: SiteData, names: Mapping[str, str]) -> list[UnmappedRow] | None:
    """The tables mapping left unmapped, with reasons; None when the store does not say."""
    if data.mappings is None:
        return None
    files = {p.sha256: p.file for p in data.papers}
    captions = {(t.sha256, t.table_id): t.caption for t in data.tables}
    rows = []
    for m in data.mappings:
        if m.status == "mapped":
            continue
        stem = names.get(m.sha256)
        rows.append(
            UnmappedRow(
                files.get(m.sha256, m.sha256[:12]),
                m.table_id,
                captions.get((m.sha256, m.table_id)),
                m.reason or "no reason given",
                m.tidy_cells,
                href(paper_page(stem), table_anchor(m.table_id)) if stem else None,
            )
        )
    return rows


def quarantine_rows(data: SiteData, names: Mapping[str, str]) -> list[QuarantineRow]:
    """One row per quarantined item, linked to its paper's page (and table) when the site
    has that paper."""
    by_file = {p.file: names[p.sha256] for p in data.papers}
    rows = []
    for q in data.quarantine:
        stem = by_file.get(q.file)
        link = href(paper_page(stem), table_anchor(q.table_id) if q.table_id else None) if stem else None
        rows.append(QuarantineRow(q.stage, q.file, link, q.page, q.table_id or "", q.row, q.col, q.reason))
    return rows


def search_index(series: Sequence[SeriesSummary], papers: Sequence[PaperRow]) -> list[dict[str, Any]]:
    """Entries for the client-side search: each series (found by its id, title, categories
    and papers), each category of each series, and each paper."""
    out: list[dict[str, Any]] = []
    for s in series:
        labels = [g.label for g in s.groups]
        out.append(
            {
                "kind": "series",
                "label": s.info.title,
                "detail": f"{s.info.series_id} · {s.values} values",
                "href": s.link,
                "text": " ".join([s.info.series_id, s.info.title, *labels, *s.papers]).lower(),
            }
        )
        for g in s.groups:
            out.append(
                {
                    "kind": "category",
                    "label": f"{g.label} — {s.info.title}",
                    "detail": f"{g.values} values",
                    "href": f"{s.link}#{g.anchor}",
                    "text": " ".join([g.label, g.category_id, s.info.series_id]).lower(),
                }
            )
    for p in papers:
        out.append(
            {
                "kind": "paper",
                "label": p.file,
                "detail": f"meeting {p.meeting_date or '?'} · {p.observations} observations",
                "href": p.link,
                "text": p.file.lower(),
            }
        )
    return out


def index_view(
    data: SiteData,
    names: Mapping[str, str],
    targets: Targets,
    series: list[SeriesSummary],
    generated: str,
    docs_link: str | None,
) -> IndexView:
    """The index page of the site."""
    papers, totals = paper_rows(data, names)
    rows = finding_rows(data.findings, targets)
    return IndexView(
        release_id=data.release_id,
        generated=generated,
        errors=[r for r in rows if r.severity == "error"],
        warnings=[r for r in rows if r.severity != "error"],
        series=series,
        papers=papers,
        totals=totals,
        unmapped=unmapped_rows(data, names),
        quarantine=quarantine_rows(data, names),
        tallies=data.tallies,
        docs_link=docs_link,
        search=search_index(series, papers),
    )
