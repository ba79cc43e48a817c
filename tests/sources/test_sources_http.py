"""HTTP sources against a real local server (see conftest.py): real bytes, real faults."""

from __future__ import annotations

import json
import time
from pathlib import Path

from boardpack.sources import (
    FetchOptions,
    HttpIndexSource,
    PullResult,
    UrlEntry,
    UrlListSource,
    load_config,
    pull,
)
from boardpack.sources.http import pull_http_index, pull_url_list
from boardpack.sources.state import STATE_NAME
from tests.sources.conftest import BIG, RAW, PaperServer

# Tiny backoff so retry tests take milliseconds; timeout well under slow.pdf's delay.
FAST = FetchOptions(
    timeout=0.5, total_timeout=5, max_bytes=10_000_000, retries=2, backoff=0.01, backoff_max=0.02
)
MANIFEST = {p["file"]: p for p in json.loads((RAW / "manifest.json").read_text())["papers"]}
FILES = sorted(MANIFEST)

INDEX = """<!DOCTYPE html>
<html><head><title>Board meetings</title></head><body>
<h1>Strategic Policing and Crime Board</h1>
<table>
  <tr><th>Meeting</th><th>Paper</th></tr>
  <tr><td>17 December 2019</td>
      <td><a href="../papers/2019-12-17_spcb_building-a-modern-police-force.pdf">Building a Modern
          Police Force</a> (PDF, 135 KB)</td></tr>
  <tr><td>September 2022</td>
      <td><a href="/papers/2022-09_spcb_fairness-and-belonging.pdf">Fairness &amp; Belonging</a></td></tr>
  <tr><td>23/01/2023</td>
      <td><a href="{base}/papers/2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"
           >Download</a></td>
      <td>Supporting the Workforce: Organisational Change</td></tr>
</table>
<h2>Accountability and Governance Board, 28 January 2025</h2>
<ul>
  <li><a href="/papers/2025-01-28_agb_minutes.pdf">Notes of the Last Meeting</a>
  <li><a href="/papers/2025-01-28_agb_supporting-the-workforce.pdf#page=2">Supporting the Workforce</a>
  <li><a href="/about.html">About the board</a>
  <li><a href="mailto:board@example.org">Contact (PDF requests)</a>
</ul>
</body></html>
"""

EXPECTED = {
    "2019-12-17_spcb_building-a-modern-police-force.pdf": ("2019-12-17", "Building a Modern Police Force"),
    "2022-09_spcb_fairness-and-belonging.pdf": ("2022-09", "Fairness & Belonging"),
    "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf": (
        "2023-01-23",
        "Supporting the Workforce: Organisational Change",
    ),
    "2025-01-28_agb_minutes.pdf": ("2025-01-28", "Notes of the Last Meeting"),
    "2025-01-28_agb_supporting-the-workforce.pdf": ("2025-01-28", "Supporting the Workforce"),
}


def _index_source(server: PaperServer, options: FetchOptions = FAST) -> HttpIndexSource:
    server.index_html = server.index_html or INDEX.format(base=server.base_url)
    return HttpIndexSource(name="spcb", url=server.url("/board/index.html"), board="SPCB", options=options)


def _urls(server: PaperServer, *paths: str, options: FetchOptions = FAST) -> UrlListSource:
    return UrlListSource(name="list", urls=tuple(UrlEntry(server.url(p)) for p in paths), options=options)


def _leftovers(landing: Path) -> list[str]:
    """Files in the landing dir other than landed papers and the state file."""
    return sorted(
        p.name
        for p in landing.iterdir()
        if p.name != STATE_NAME and not (len(p.stem) == 64 and p.suffix == ".pdf")
    )


def _reasons(result: PullResult) -> dict[str, str]:
    return {f.url_or_path.rsplit("/", 1)[-1]: f.reason for f in result.failures}


# --- the happy path ------------------------------------------------------------------


def test_index_pull_lands_every_paper_with_true_hash_and_index_metadata(
    paper_server: PaperServer, tmp_path: Path
) -> None:
    result = pull_http_index(_index_source(paper_server), tmp_path)

    assert result.failures == []
    assert [p.file for p in result.papers] == FILES  # page order, which is file order here
    for paper in result.papers:
        assert paper.sha256 == MANIFEST[paper.file]["sha256"]
        assert (paper.meeting_date, paper.title) == EXPECTED[paper.file]
        assert paper.board == "SPCB" and paper.source == "spcb"
        landed = Path(paper.path)
        assert landed == tmp_path / f"{paper.sha256}.pdf"
        assert landed.read_bytes() == (RAW / paper.file).read_bytes()
    assert _leftovers(tmp_path) == []
    assert not any(s.path == "/about.html" for s in paper_server.log)  # not a paper link


def test_manifest_beside_the_index_wins_for_metadata(paper_server: PaperServer, tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/papers/{f}">Download</a></li>' for f in FILES)
    paper_server.index_html = f"<ul>{links}</ul>"
    paper_server.manifest = (RAW / "manifest.json").read_bytes()

    result = pull_http_index(_index_source(paper_server), tmp_path)

    assert result.failures == []
    for paper in result.papers:
        entry = MANIFEST[paper.file]
        assert paper.sha256 == entry["sha256"]
        assert (paper.board, paper.meeting_date, paper.title) == (
            entry["board"],
            entry["meeting_date"],
            entry["title"],
        )


def test_broken_manifest_is_one_failure_and_papers_still_come(
    paper_server: PaperServer, tmp_path: Path
) -> None:
    paper_server.manifest = b"<html>oops</html>"
    result = pull_http_index(_index_source(paper_server), tmp_path)
    assert len(result.papers) == len(FILES)
    assert [f.url_or_path for f in result.failures] == [paper_server.url("/board/manifest.json")]
    assert "not valid JSON" in result.failures[0].reason


def test_unreachable_index_is_one_failure(paper_server: PaperServer, tmp_path: Path) -> None:
    paper_server.index_html = None
    source = HttpIndexSource(name="x", url=paper_server.url("/board/index.html"), options=FAST)
    result = pull_http_index(source, tmp_path)
    assert result.papers == []
    assert result.failures[0].url_or_path == source.url
    assert result.failures[0].reason == "HTTP 404 Not Found"


# --- conditional GET -------------------------------------------------------------------


def test_second_pull_asks_with_etag_and_reuses_on_304(paper_server: PaperServer, tmp_path: Path) -> None:
    source = _index_source(paper_server)
    first = pull_http_index(source, tmp_path)
    mtimes = {p.path: Path(p.path).stat().st_mtime_ns for p in first.papers}

    second = pull_http_index(source, tmp_path)

    assert second.failures == [] and second.papers == first.papers
    for file in FILES:
        requests = [s for s in paper_server.log if s.path == f"/papers/{file}"]
        assert [r.status for r in requests] == [200, 304]
        assert requests[0].if_none_match is None
        assert requests[1].if_none_match is not None and requests[1].if_modified_since is not None
    assert {p.path: Path(p.path).stat().st_mtime_ns for p in second.papers} == mtimes  # not rewritten
    assert _leftovers(tmp_path) == []


def test_last_modified_alone_gives_a_304_too(paper_server: PaperServer, tmp_path: Path) -> None:
    source = _urls(paper_server, f"/papers-lm/{FILES[0]}")
    first = pull_url_list(source, tmp_path)
    second = pull_url_list(source, tmp_path)
    seen = paper_server.seen(f"/papers-lm/{FILES[0]}")
    assert [s.status for s in seen] == [200, 304]
    assert seen[1].if_none_match is None and seen[1].if_modified_since is not None
    assert second.papers == first.papers and second.papers[0].sha256 == MANIFEST[FILES[0]]["sha256"]


def test_landed_file_gone_means_a_plain_refetch(paper_server: PaperServer, tmp_path: Path) -> None:
    source = _urls(paper_server, f"/papers/{FILES[0]}")
    first = pull_url_list(source, tmp_path)
    Path(first.papers[0].path).unlink()

    second = pull_url_list(source, tmp_path)

    assert [s.if_none_match for s in paper_server.seen(f"/papers/{FILES[0]}")] == [None, None]
    assert Path(second.papers[0].path).read_bytes() == (RAW / FILES[0]).read_bytes()


def test_partials_left_by_a_killed_pull_are_swept(paper_server: PaperServer, tmp_path: Path) -> None:
    (tmp_path / ".part-abc123.pdf").write_bytes(b"%PDF-1.7 half")
    result = pull_url_list(_urls(paper_server, f"/papers/{FILES[0]}"), tmp_path)
    assert len(result.papers) == 1
    assert _leftovers(tmp_path) == []


def test_corrupt_state_file_is_ignored(paper_server: PaperServer, tmp_path: Path) -> None:
    (tmp_path / STATE_NAME).write_text("{half a json")
    result = pull_url_list(_urls(paper_server, f"/papers/{FILES[0]}"), tmp_path)
    assert result.failures == [] and len(result.papers) == 1
    assert json.loads((tmp_path / STATE_NAME).read_text())["urls"]  # rewritten whole


# --- faults --------------------------------------------------------------------------------


def test_a_500_then_success_is_retried(paper_server: PaperServer, tmp_path: Path) -> None:
    result = pull_url_list(_urls(paper_server, f"/flaky/{FILES[1]}"), tmp_path)
    assert result.failures == []
    assert result.papers[0].sha256 == MANIFEST[FILES[1]]["sha256"]
    assert [s.status for s in paper_server.seen(f"/flaky/{FILES[1]}")] == [500, 200]


def test_always_500_fails_clearly_after_the_allowed_attempts(
    paper_server: PaperServer, tmp_path: Path
) -> None:
    result = pull_url_list(_urls(paper_server, "/faults/always500.pdf"), tmp_path)
    assert result.papers == []
    [failure] = result.failures
    assert failure.url_or_path == paper_server.url("/faults/always500.pdf")
    assert failure.reason == "gave up after 3 attempts: HTTP 500 Internal Server Error"
    assert len(paper_server.seen("/faults/always500.pdf")) == 3  # retries=2 → 3 tries


def test_slow_response_times_out(paper_server: PaperServer, tmp_path: Path) -> None:
    paper_server.slow_seconds = 1.5
    options = FetchOptions(timeout=0.2, retries=1, backoff=0.01, backoff_max=0.02)
    started = time.monotonic()
    result = pull_url_list(_urls(paper_server, "/faults/slow.pdf", options=options), tmp_path)
    assert time.monotonic() - started < 1.2  # gave up on the timeout, did not wait it out
    assert result.papers == []
    assert "gave up after 2 attempts: timed out" in result.failures[0].reason
    assert _leftovers(tmp_path) == []


def test_a_trickling_download_is_stopped_by_total_timeout(paper_server: PaperServer, tmp_path: Path) -> None:
    options = FetchOptions(timeout=1, total_timeout=0.3, retries=0)
    started = time.monotonic()
    result = pull_url_list(_urls(paper_server, "/faults/trickle.pdf", options=options), tmp_path)
    assert time.monotonic() - started < 1.0
    assert (
        result.failures[0].reason == "gave up after 1 attempt: download took longer than total_timeout 0.3s"
    )
    assert [p.name for p in tmp_path.iterdir()] == [STATE_NAME]


def test_truncated_body_is_an_error_and_nothing_is_kept(paper_server: PaperServer, tmp_path: Path) -> None:
    result = pull_url_list(_urls(paper_server, "/faults/truncated.pdf"), tmp_path)
    assert result.papers == []
    assert result.failures[0].url_or_path.endswith("/faults/truncated.pdf")
    assert "gave up after 3 attempts" in result.failures[0].reason
    assert [p.name for p in tmp_path.iterdir()] == [STATE_NAME]  # no partial, no landed file


def test_html_error_page_served_as_pdf_is_rejected(paper_server: PaperServer, tmp_path: Path) -> None:
    result = pull_url_list(_urls(paper_server, "/faults/html-as-pdf.pdf", "/faults/html.pdf"), tmp_path)
    assert result.papers == []
    reasons = _reasons(result)
    assert reasons["html-as-pdf.pdf"].startswith(
        "body is not a PDF (no %PDF- header; starts '<!DOCTYPE html>"
    )
    assert reasons["html.pdf"] == "server sent Content-Type text/html, not a PDF"
    # Not retried: the server answered, the answer is just wrong.
    assert len(paper_server.seen("/faults/html-as-pdf.pdf")) == 1
    assert [p.name for p in tmp_path.iterdir()] == [STATE_NAME]


def test_over_the_size_limit_is_aborted_with_or_without_content_length(
    paper_server: PaperServer, tmp_path: Path
) -> None:
    size = (RAW / BIG).stat().st_size
    options = FetchOptions(max_bytes=size // 2, retries=2, backoff=0.01)
    result = pull_url_list(
        _urls(paper_server, "/faults/big.pdf", "/faults/big-unsized.pdf", options=options), tmp_path
    )
    assert result.papers == []
    reasons = _reasons(result)
    assert reasons["big.pdf"] == f"Content-Length {size} is over max_bytes {size // 2}"
    assert reasons["big-unsized.pdf"] == f"more than max_bytes {size // 2} bytes; download aborted"
    assert len(paper_server.seen("/faults/big-unsized.pdf")) == 1  # not retried
    assert [p.name for p in tmp_path.iterdir()] == [STATE_NAME]


def test_failures_do_not_stop_the_batch(paper_server: PaperServer, tmp_path: Path) -> None:
    faults = ["always500.pdf", "truncated.pdf", "html-as-pdf.pdf", "big-unsized.pdf", "missing.pdf"]
    links = [f'<li><a href="/faults/{f}">{f}</a></li>' for f in faults]
    links += [f'<li><a href="/papers/{f}">{f}</a></li>' for f in FILES]
    paper_server.index_html = "<ul>" + "".join(links) + "</ul>"
    options = FetchOptions(max_bytes=200_000, retries=1, backoff=0.01)

    result = pull_http_index(_index_source(paper_server, options), tmp_path)

    assert sorted(_reasons(result)) == sorted([*faults, BIG])  # BIG is over 200 kB
    assert _reasons(result)["missing.pdf"] == "HTTP 404 Not Found"
    assert {p.file for p in result.papers} == set(FILES) - {BIG}
    assert all(p.sha256 == MANIFEST[p.file]["sha256"] for p in result.papers)
    assert _leftovers(tmp_path) == []


# --- through pull() and a sources file --------------------------------------------------------


def test_pull_from_a_sources_file_with_every_kind(paper_server: PaperServer, tmp_path: Path) -> None:
    paper_server.index_html = f'<ul><li>12 March 2024: <a href="/papers/{FILES[0]}">Budget</a></li></ul>'
    config_file = tmp_path / "sources.yaml"
    config_file.write_text(
        f"""
options: {{timeout: 2, retries: 1, backoff: 0.01}}
sources:
  - {{name: local, kind: folder, path: {RAW}}}
  - {{name: board, kind: http_index, url: "{paper_server.url("/board/index.html")}", board: SPCB}}
  - name: extra
    kind: url_list
    board: AGB
    urls:
      - {paper_server.url("/faults/always500.pdf")}
      - {{url: "{paper_server.url(f"/papers/{FILES[1]}")}", title: Given title, meeting_date: 2022-09-01}}
"""
    )
    landing = tmp_path / "landing"

    result = pull(load_config(config_file), landing)

    # Both HTTP papers are byte-identical to folder ones, so pull() keeps the folder's.
    assert [p.source for p in result.papers] == ["local"] * len(FILES)
    assert [f.url_or_path for f in result.failures] == [paper_server.url("/faults/always500.pdf")]
    assert result.failures[0].reason.startswith("gave up after 2 attempts")
    assert len(list(landing.glob("*.pdf"))) == 2  # they were still landed and remembered


def test_url_list_metadata_comes_from_the_sources_file(paper_server: PaperServer, tmp_path: Path) -> None:
    source = UrlListSource(
        name="extra",
        board="AGB",
        urls=(
            UrlEntry(paper_server.url(f"/papers/{FILES[1]}"), title="Given title", meeting_date="2022-09-01"),
        ),
        options=FAST,
    )
    [paper] = pull_url_list(source, tmp_path).papers
    assert (paper.file, paper.board, paper.title, paper.meeting_date) == (
        FILES[1],
        "AGB",
        "Given title",
        "2022-09-01",
    )
