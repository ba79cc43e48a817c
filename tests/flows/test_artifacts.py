"""flows.artifacts: what a run shows in the Prefect UI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from boardpack.stages import PaperCounts, RunSummary
from flows.artifacts import (
    AUDIT_KEY,
    DOCS_KEY,
    MAX_LISTED,
    PAPERS_KEY,
    RELEASE_KEY,
    SUMMARY_KEY,
    file_url,
    papers_table,
    publish_run_artifacts,
    report_links,
    summary_markdown,
)

KEY = re.compile(r"^[a-z0-9-]+$")


def _summary(tmp_path: Path, **extra: Any) -> RunSummary:
    return RunSummary(
        release_id="594097ac04fa",
        release_path=tmp_path / "releases" / "594097ac04fa",
        new_release=True,
        papers=2,
        tables=10,
        observations=134,
        errors=3,
        warnings=1,
        quarantined=["a.pdf t02: header | not recognised", "b.pdf page 7: unreadable"],
        **extra,
    )


def test_keys_are_lowercase_dash() -> None:
    for key in (SUMMARY_KEY, PAPERS_KEY, DOCS_KEY, AUDIT_KEY, RELEASE_KEY):
        assert KEY.match(key), key


def test_markdown_has_every_total_and_each_quarantined_item(tmp_path: Path) -> None:
    text = summary_markdown(_summary(tmp_path))
    assert "new release `594097ac04fa`" in text
    for row in (
        "| Papers in | 2 |",
        "| Tables | 10 |",
        "| Observations | 134 |",
        "| Validation errors | 3 |",
        "| Validation warnings | 1 |",
        "| Quarantined items | 2 |",
    ):
        assert row in text
    assert "- a.pdf t02: header \\| not recognised" in text  # a pipe cannot break the markdown
    assert "- b.pdf page 7: unreadable" in text
    assert "every paper came from the cache" in text


def test_markdown_lists_the_reprocessed_papers(tmp_path: Path) -> None:
    assert "- a.pdf\n" in summary_markdown(_summary(tmp_path, reprocessed=["a.pdf"]))


def test_markdown_lists_undated_papers_and_unmapped_tables(tmp_path: Path) -> None:
    summary = _summary(
        tmp_path,
        undated=["report.pdf: no meeting date found (manifest, cover, metadata, file name); ..."],
        unmapped=["ipr.pdf t01 (12 tidy cells): no table family matches its caption and header"],
    )
    text = summary_markdown(summary)
    assert "| Papers without a meeting date | 1 |" in text and "| Tables left unmapped | 1 |" in text
    assert "- report.pdf: no meeting date found" in text
    assert "- ipr.pdf t01 (12 tidy cells): no table family matches its caption and header" in text
    quiet = summary_markdown(_summary(tmp_path))
    assert "Every paper has a meeting date." in quiet and "Every table was mapped by a family." in quiet


def test_markdown_says_when_nothing_changed_or_was_quarantined(tmp_path: Path) -> None:
    summary = _summary(tmp_path)
    summary.new_release, summary.quarantined = False, []
    text = summary_markdown(summary)
    assert "unchanged release" in text and "Nothing was quarantined." in text


def test_a_long_quarantine_is_cut_short(tmp_path: Path) -> None:
    summary = _summary(tmp_path)
    summary.quarantined = [f"item {i}" for i in range(MAX_LISTED + 7)]
    text = summary_markdown(summary)
    assert f"- item {MAX_LISTED - 1}" in text and f"- item {MAX_LISTED}\n" not in text
    assert "and 7 more" in text


def test_per_paper_table_and_report_links_when_the_summary_has_them(tmp_path: Path) -> None:
    docs = tmp_path / "gx" / "data_docs" / "index.html"
    summary = _summary(
        tmp_path,
        per_paper=[PaperCounts("a.pdf", 9, 99, 2), PaperCounts("b.pdf", 1, 35, 1)],
        docs_index=docs,
    )
    assert papers_table(summary) == [
        {"paper": "a.pdf", "tables": 9, "observations": 99, "errors": 2},
        {"paper": "b.pdf", "tables": 1, "observations": 35, "errors": 1},
    ]
    links = {link.key: link.url for link in report_links(summary)}
    assert links == {RELEASE_KEY: summary.release_path.as_uri(), DOCS_KEY: docs.as_uri()}
    summary.audit_report = tmp_path / "audit.html"
    assert report_links(summary)[-1].key == AUDIT_KEY
    assert f"]({docs.as_uri()})" in summary_markdown(summary)


def test_without_per_paper_counts_or_reports_only_the_release_is_linked(tmp_path: Path) -> None:
    summary = _summary(tmp_path)
    assert papers_table(summary) == []
    assert [link.key for link in report_links(summary)] == [RELEASE_KEY]


def test_file_url_is_absolute_and_leaves_urls_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert file_url("outputs/gx/index.html") == (tmp_path / "outputs/gx/index.html").as_uri()
    assert file_url("s3://bucket/report.html") == "s3://bucket/report.html"


@pytest.mark.slow
def test_publish_attaches_the_artifacts_to_the_flow_run(prefect_harness: None, tmp_path: Path) -> None:
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.context import get_run_context

    summary = _summary(
        tmp_path, per_paper=[PaperCounts("a.pdf", 9, 99, 2)], docs_index=tmp_path / "gx" / "index.html"
    )

    @flow
    def publishes() -> tuple[UUID, list[UUID]]:
        flow_run = get_run_context().flow_run  # type: ignore[union-attr]
        assert flow_run is not None
        return flow_run.id, publish_run_artifacts(summary)

    run_id, ids = publishes()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    by_key = {a.key: a for a in artifacts}
    assert {a.id for a in artifacts} == set(ids)
    assert set(by_key) == {SUMMARY_KEY, PAPERS_KEY, RELEASE_KEY, DOCS_KEY}
    assert (by_key[SUMMARY_KEY].type, by_key[PAPERS_KEY].type) == ("markdown", "table")
    assert "| Observations | 134 |" in str(by_key[SUMMARY_KEY].data)
    # Prefect stores a link artifact as markdown: [text](url)
    assert (tmp_path / "gx" / "index.html").as_uri() in str(by_key[DOCS_KEY].data)
