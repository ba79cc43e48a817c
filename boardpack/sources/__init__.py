"""Stage 1, pull: fetch board papers from the configured sources.

``pull(config, landing_dir)`` runs every source in order and returns one ``PullResult``
(papers keyed by sha256, plus failures).  A failing file, URL or source never stops
the others.  See README.md in this folder for the sources file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from boardpack.sources.config import (
    FetchOptions,
    FolderSource,
    HttpIndexSource,
    Source,
    SourcesConfig,
    UrlEntry,
    UrlListSource,
    default_config,
    load_config,
)
from boardpack.sources.duplicates import one_per_content
from boardpack.sources.errors import (
    ConfigError,
    FetchError,
    ManifestError,
    NotAPdfError,
    SourceError,
    TooLargeError,
)
from boardpack.sources.folder import pull_folder
from boardpack.sources.result import PaperName, PullFailure, PullResult

__all__ = [
    "ConfigError",
    "FetchError",
    "FetchOptions",
    "FolderSource",
    "HttpIndexSource",
    "ManifestError",
    "NotAPdfError",
    "PaperName",
    "PullFailure",
    "PullResult",
    "Source",
    "SourceError",
    "SourcesConfig",
    "TooLargeError",
    "UrlEntry",
    "UrlListSource",
    "default_config",
    "load_config",
    "pull",
    "pull_source",
]

log = logging.getLogger(__name__)


def pull(config: SourcesConfig, landing_dir: Path | str) -> PullResult:
    """Pull every source in ``config``; HTTP downloads land in ``landing_dir``.

    Papers come out source by source, in each source's order; the same bytes from
    several places are one paper, labelled as ``boardpack.sources.duplicates`` says,
    with every name kept in ``names``.
    """
    landing = Path(landing_dir)
    result = PullResult()
    for source in config.sources:
        result.extend(pull_source(source, landing))
    result.papers, result.names = one_per_content(result.papers)
    for name in result.names:
        if not name.is_label:
            log.info("%s: same bytes as another paper (%s), kept as one of its names", name.path, name.sha256)
    return result


def pull_source(source: Source, landing_dir: Path) -> PullResult:
    """Pull one source, dispatching on its kind."""
    if isinstance(source, FolderSource):
        return pull_folder(source)
    # Imported here so a folder-only pull never needs httpx.
    from boardpack.sources.http import pull_http_index, pull_url_list

    if isinstance(source, HttpIndexSource):
        return pull_http_index(source, landing_dir)
    return pull_url_list(source, landing_dir)
