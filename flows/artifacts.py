"""Prefect artifacts of a board-papers run: what it read, made, rejected, and where to look.

The builders are pure functions of the run summary (tested without Prefect);
``publish_run_artifacts`` hands their output to Prefect.  Call it from the flow (or a
task) so the artifacts belong to the run; under a fixed key each run adds a version,
so the UI's Artifacts page shows the history of every one of them.

A summary without per-paper counts gets no table artifact; a link is made only for the
reports the summary names (release folder, Data Docs index, audit report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from boardpack.stages import RunSummary

SUMMARY_KEY = "boardpack-run-summary"
PAPERS_KEY = "boardpack-papers"
DOCS_KEY = "boardpack-data-docs"
AUDIT_KEY = "boardpack-audit-report"
RELEASE_KEY = "boardpack-release"

MAX_LISTED = 50  # quarantined items listed in the markdown before "and N more"


@dataclass(frozen=True)
class ReportLink:
    """One link artifact: its key, ``file://`` URL and text."""

    key: str
    url: str
    text: str


def file_url(path: Path | str) -> str:
    """``file://`` URL of a local path (made absolute); a URL with a scheme is returned as is."""
    text = str(path)
    if "://" in text:
        return text
    return Path(text).resolve().as_uri()


def _cell(value: object) -> str:
    """A value safe inside a markdown table cell (no pipes, no line breaks)."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _totals_table(summary: RunSummary) -> list[str]:
    """The markdown table of the run's totals."""
    rows = [
        ("Papers in", summary.papers),
        ("Tables", summary.tables),
        ("Observations", summary.observations),
        ("Validation errors", summary.errors),
        ("Validation warnings", summary.warnings),
        ("Quarantined items", len(summary.quarantined)),
        ("Tables left unmapped", len(summary.unmapped)),
        ("Papers without a meeting date", len(summary.undated)),
    ]
    return ["| | count |", "|---|---:|", *(f"| {name} | {n} |" for name, n in rows)]


def _listed(items: Sequence[str], none: str) -> list[str]:
    """A bulleted list of items (the first ``MAX_LISTED``), or the line ``none``."""
    if not items:
        return [none]
    lines = [f"- {_cell(item)}" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"- … and {len(items) - MAX_LISTED} more")
    return lines


def _quarantine_section(quarantined: Sequence[str]) -> list[str]:
    """A bulleted list of quarantined items (the first ``MAX_LISTED``), or a line saying none."""
    return _listed(quarantined, "Nothing was quarantined.")


def summary_markdown(summary: RunSummary) -> str:
    """Markdown of the run: release, totals, quarantined items and where the reports are."""
    state = "new release" if summary.new_release else "unchanged release (nothing new to publish)"
    lines = [
        f"# Board papers run: {state} `{summary.release_id}`",
        "",
        f"Release: `{summary.release_path}`",
        "",
        *_totals_table(summary),
        "",
        "## Quarantined",
        "",
        *_quarantine_section(summary.quarantined),
        "",
        "## Papers without a meeting date",
        "",
        *_listed(summary.undated, "Every paper has a meeting date."),
        "",
        "## Tables left unmapped (kept as tidy cells)",
        "",
        *_listed(summary.unmapped, "Every table was mapped by a family."),
        "",
        "## Reprocessed (not from cache)",
        "",
        *([f"- {_cell(f)}" for f in summary.reprocessed] or ["None: every paper came from the cache."]),
    ]
    links = report_links(summary)
    if links:
        lines += ["", "## Reports", "", *(f"- [{link.text}]({link.url})" for link in links)]
    return "\n".join(lines) + "\n"


def papers_table(summary: RunSummary) -> list[dict[str, Any]]:
    """One row per paper (file, tables, observations, errors), in the summary's order."""
    return [
        {"paper": p.file, "tables": p.tables, "observations": p.observations, "errors": p.errors}
        for p in summary.per_paper
    ]


def report_links(summary: RunSummary) -> list[ReportLink]:
    """Links to the release folder, the Data Docs index and the audit report that exist."""
    candidates: list[tuple[str, Path | None, str]] = [
        (RELEASE_KEY, summary.release_path, f"Release {summary.release_id}"),
        (DOCS_KEY, summary.docs_index, "Validation results (Great Expectations Data Docs)"),
        (AUDIT_KEY, summary.audit_report, "Audit report"),
    ]
    return [ReportLink(key, file_url(path), text) for key, path, text in candidates if path is not None]


def _created(result: object) -> UUID:
    """The id a ``create_*_artifact`` call returned (they return a coroutine in async code)."""
    if not isinstance(result, UUID):
        raise TypeError("publish_run_artifacts is synchronous: call it from a sync flow or task")
    return result


def publish_run_artifacts(summary: RunSummary) -> list[UUID]:
    """Create the run's markdown, per-paper table and link artifacts; returns their ids.

    Call it from a sync flow or task run so the artifacts are attached to that run.
    """
    from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

    ids = [
        _created(
            create_markdown_artifact(
                markdown=summary_markdown(summary),
                key=SUMMARY_KEY,
                description="What this run read, made and rejected",
            )
        )
    ]
    rows = papers_table(summary)
    if rows:
        table = create_table_artifact(
            table=rows, key=PAPERS_KEY, description="Per paper: tables, observations, errors"
        )
        ids.append(_created(table))
    for link in report_links(summary):
        ids.append(
            _created(
                create_link_artifact(link=link.url, link_text=link.text, key=link.key, description=link.text)
            )
        )
    return ids
