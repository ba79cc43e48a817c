"""Data Docs readable offline: every script and style is shipped beside the pages."""

from __future__ import annotations

import re

from boardpack.validation.offline_docs import localise_page
from tests.conftest import CorpusRun

# Scripts and stylesheets decide whether a page renders; GX's own favicon links point a
# level too shallow on run pages (a GX bug, harmless), so they are not checked here.
ASSET = re.compile(r'<(?:script\b[^>]*src|link rel="stylesheet"[^>]*href)="([^"]+)"')
REMOTE = re.compile(r'<(?:script|link|img)\b[^>]*(?:src|href)="(?:https?:)?//')


def test_data_docs_load_no_remote_asset_and_every_local_one_exists(corpus_run: CorpusRun) -> None:
    index = corpus_run.first.docs_index
    assert index is not None and index.exists()
    pages = list(index.parent.rglob("*.html"))
    assert len(pages) > 3
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not REMOTE.search(html), f"{page.name} loads a remote asset"
        for ref in ASSET.findall(html):
            checked += 1
            assert (page.parent / ref.split("?")[0]).exists(), f"{page.name}: {ref} is missing"
    assert checked >= 8 * len(pages), "every page loads jQuery, Bootstrap and friends, locally"


def test_cdn_assets_are_rewritten_and_unshipped_remote_tags_dropped() -> None:
    html = (
        '<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css">'
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
        '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>'
        '<a href="https://greatexpectations.io">GX</a>'
    )
    out = localise_page(html, "static/vendor")
    assert 'href="static/vendor/bootstrap.min.css"' in out
    assert 'src="static/vendor/jquery.min.js"' in out
    assert "vega" not in out
    assert '<a href="https://greatexpectations.io">' in out  # plain links stay


def test_localised_script_drops_integrity_so_it_loads_from_a_file_url() -> None:
    # SRI makes Chromium fetch in CORS mode, which file:// pages cannot: popper.min.js
    # failed to load in every Data Docs page (seen in tests/report/test_browser.py).
    html = (
        '<script src="https://cdn.jsdelivr.net/npm/popper.js@1.12.9/dist/umd/popper.min.js" '
        'integrity="sha384-ApNbgh9B" crossorigin="anonymous"></script>'
    )
    assert localise_page(html, "static/vendor") == '<script src="static/vendor/popper.min.js"></script>'
