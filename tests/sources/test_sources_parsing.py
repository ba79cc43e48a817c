"""Index-page parsing, date finding and the small pure helpers of fetching."""

from __future__ import annotations

import random

import pytest

from boardpack.sources import FetchOptions
from boardpack.sources.dates import find_date
from boardpack.sources.fetch import backoff_delay, original_name
from boardpack.sources.index_page import IndexLink, parse_index


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Meeting of 17 December 2019", "2019-12-17"),
        ("Tuesday 1st of March, 2022 at 10am", "2022-03-01"),
        ("December 17, 2019", "2019-12-17"),
        ("17/12/2019", "2019-12-17"),  # day first, UK style
        ("2019-12-17_spcb_building.pdf", "2019-12-17"),
        ("Sept. 2022", "2022-09"),
        ("2022-09_spcb_fairness", "2022-09"),
        ("Item 3 (page 2021): May 2021; 4 June 2021", "2021-06-04"),  # a full date beats a month
        ("31 February 2020", "2020-02"),  # an impossible day still tells the month
        ("Marching orders 2020", None),
        ("Budget", None),
    ],
)
def test_find_date(text: str, iso: str | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == iso


def test_index_links_are_resolved_filtered_and_described() -> None:
    html = """<html><head><base href="/b/"></head><body>
    <h2>Meeting 3 March 2024</h2>
    <table><tr><td>17 December 2019</td><td><a href="p/a.pdf">Police Force</a> (PDF, 135 KB)</td>
           <tr><td>September 2022</td><td><a href="p/b.pdf">Download</a></td><td>Fairness</td>
    </table>
    <ul><li><a href="doc?id=3" type="application/pdf">Minutes</a>
        <li><a href="x.pdf#page=2">2025-01-28_agb.pdf</a>
        <li><a href="x.pdf">again</a>
        <li><a href="mailto:x@y">pdf</a>
        <li><a href="/about">About</a></ul>"""
    assert parse_index(html, "http://h/idx/index.html") == [
        IndexLink("http://h/b/p/a.pdf", "Police Force", "2019-12-17", "Police Force"),
        IndexLink("http://h/b/p/b.pdf", "Download", "2022-09", "Fairness"),
        IndexLink("http://h/b/doc?id=3", "Minutes", "2024-03-03", "Minutes"),
        IndexLink("http://h/b/x.pdf", "2025-01-28_agb.pdf", "2025-01-28", None),
    ]


def test_link_text_mentioning_pdf_counts_and_no_links_is_empty() -> None:
    [link] = parse_index('<p><a href="/get/77">Annual report (PDF)</a></p>', "http://h/")
    assert (link.url, link.title) == ("http://h/get/77", "Annual report")
    assert parse_index("<p>Nothing here</p>", "http://h/") == []


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    options = FetchOptions(backoff=1.0, backoff_max=5.0)
    rng = random.Random(7)
    for attempt, ceiling in [(0, 1.0), (1, 2.0), (2, 4.0), (3, 5.0), (10, 5.0)]:
        delays = [backoff_delay(attempt, options, rng) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered


@pytest.mark.parametrize(
    ("url", "disposition", "name"),
    [
        ("http://h/papers/a%20b.pdf?x=1", None, "a b.pdf"),
        ("http://h/get/77", None, "77.pdf"),
        ("http://h/get/77", 'attachment; filename="Board Report.pdf"', "Board Report.pdf"),
        ("http://h/get/77", "attachment; filename*=UTF-8''caf%C3%A9.pdf", "café.pdf"),
        ("http://h/get/77", 'attachment; filename="../../etc/passwd"', "passwd.pdf"),
        ("http://h/", None, "paper.pdf"),
    ],
)
def test_original_name(url: str, disposition: str | None, name: str) -> None:
    assert original_name(url, disposition) == name
