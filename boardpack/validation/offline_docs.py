"""Make GX Data Docs readable offline.

GX's pages load jQuery, Bootstrap and friends from CDNs and render unstyled with no
network.  We ship those assets (from their npm packages, see docs_assets/) and rewrite
each page's CDN links to them; tags for what we do not ship (vega charts, the remote
logo, the dark theme) are dropped, so a page never waits on the network.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ASSETS = Path(__file__).with_name("docs_assets")
VENDOR = "static/vendor"

# CDN file name → our shipped file (relative to the vendor folder).
SHIPPED = {
    "jquery-3.7.1.min.js": "jquery.min.js",
    "bootstrap.min.css": "bootstrap.min.css",
    "bootstrap.min.js": "bootstrap.min.js",
    "popper.min.js": "popper.min.js",
    "bootstrap-table.min.css": "bootstrap-table.min.css",
    "bootstrap-table.min.js": "bootstrap-table.min.js",
    "bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control.min.css",
    "bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control.min.js",
    "all.min.css": "css/fontawesome.min.css",
    "bootstrap-datepicker.min.css": "bootstrap-datepicker.min.css",
    "bootstrap-datepicker.min.js": "bootstrap-datepicker.min.js",
}

_REMOTE = re.compile(r'(?P<attr>src|href)="(?P<url>https?://[^"]+)"')
_CORS_ATTRS = re.compile(r'\s(?:integrity|crossorigin)="[^"]*"')
"""Subresource-integrity attributes: they make the browser fetch in CORS mode, which a
``file://`` page cannot do, so a shipped script carrying them would not load."""
_TAG_WITH_REMOTE = re.compile(
    r'<(script|link|img)\b[^>]*(?:src|href)="https?://[^"]+"[^>]*>(?:\s*</script>)?'
)


def localise_page(html: str, vendor_rel: str) -> str:
    """``html`` with shipped CDN assets pointing at ``vendor_rel`` and other remote
    scripts, styles and images removed.  Plain hyperlinks (``<a href>``) stay."""

    def swap(match: re.Match[str]) -> str:
        tag = match.group(0)
        url = _REMOTE.search(tag)
        assert url is not None
        name = url.group("url").split("?")[0].rsplit("/", 1)[-1]
        if name in SHIPPED:
            return _CORS_ATTRS.sub("", tag.replace(url.group("url"), f"{vendor_rel}/{SHIPPED[name]}"))
        return ""

    return _TAG_WITH_REMOTE.sub(swap, html)


def localise_site(site: Path) -> int:
    """Copy the assets into ``site`` and rewrite every page; returns pages rewritten."""
    vendor = site / VENDOR
    shutil.copytree(ASSETS, vendor, dirs_exist_ok=True)
    count = 0
    for page in site.rglob("*.html"):
        rel = os.path.relpath(vendor, page.parent)
        html = page.read_text(encoding="utf-8")
        new = localise_page(html, rel)
        if new != html:
            page.write_text(new, encoding="utf-8")
            count += 1
    return count
