"""The flow pulling a board's web index over HTTP (a real server on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.sources.conftest import PaperServer, paper_server  # noqa: F401  (the fixture)

WORKFORCE = "2025-01-28_agb_supporting-the-workforce.pdf"
FAIRNESS = "2022-09_spcb_fairness-and-belonging.pdf"


@pytest.mark.slow
def test_flow_pulls_a_web_index_and_publishes_with_its_metadata(
    prefect_harness: None,
    paper_server: PaperServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    from flows.board_papers import board_papers

    paper_server.index_html = (
        "<table>"
        f'<tr><td>28 January 2025</td><td><a href="/papers/{WORKFORCE}">Supporting the Workforce</a></td></tr>'
        f'<tr><td>September 2022</td><td><a href="/flaky/{FAIRNESS}">Fairness &amp; Belonging</a></td></tr>'
        "</table>"
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "options: {retries: 2, backoff: 0.01, backoff_max: 0.05, timeout: 10}\n"
        "sources:\n"
        f"  - {{name: board, kind: http_index, url: '{paper_server.base_url}/board/index.html', board: AGB}}\n"
    )
    out = tmp_path / "out"
    summary = board_papers(source=str(sources), out=str(out))
    assert summary.papers == 2 and summary.quarantined == []
    assert any(s.path == f"/flaky/{FAIRNESS}" and s.status == 500 for s in paper_server.log), (
        "a 500 was retried"
    )

    frame = pd.read_parquet(out / "dataset" / "observations_full.parquet")
    staff = frame[(frame.series_id == "ethnic_minority_pct_by_staff_type") & (frame.period_label == "Nov-24")]
    assert sorted(staff.value) == [14.2, 14.4, 16.3, 19.8, 30.7]
    assert set(staff.meeting_date) == {"2025-01-28"}, "the meeting date comes from the index page"
    hires = frame[frame.paper_file == FAIRNESS]
    assert len(hires) > 0 and set(hires.meeting_date) == {"2022-09"}
