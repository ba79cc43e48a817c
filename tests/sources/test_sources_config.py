"""The sources file: what it accepts and how it names what it rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from boardpack.sources import (
    ConfigError,
    FetchOptions,
    FolderSource,
    HttpIndexSource,
    UrlEntry,
    UrlListSource,
    default_config,
    load_config,
)

FULL = """
options: {timeout: 10, max_bytes: 1000, retries: 0, backoff: 0.1}
sources:
  - {name: local, kind: folder, path: papers/}
  - {name: abs, kind: folder, path: /data/papers}
  - name: spcb
    kind: http_index
    url: https://example.org/board/
    board: Strategic Policing and Crime Board
    options: {retries: 5}
  - name: extra
    kind: url_list
    board: AGB
    urls:
      - https://example.org/a.pdf
      - {url: "https://example.org/b.pdf", title: B, meeting_date: 2024-01-31}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    return path


def test_full_file_gives_typed_sources(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, FULL))
    top = FetchOptions(timeout=10.0, max_bytes=1000, retries=0, backoff=0.1)
    assert config.options == top
    assert config.sources == (
        FolderSource(name="local", path=tmp_path / "papers"),  # relative to the file
        FolderSource(name="abs", path=Path("/data/papers")),
        HttpIndexSource(
            name="spcb",
            url="https://example.org/board/",
            board="Strategic Policing and Crime Board",
            options=FetchOptions(timeout=10.0, max_bytes=1000, retries=5, backoff=0.1),
        ),
        UrlListSource(
            name="extra",
            board="AGB",
            urls=(
                UrlEntry("https://example.org/a.pdf"),
                UrlEntry("https://example.org/b.pdf", title="B", meeting_date="2024-01-31"),
            ),
            options=top,
        ),
    )
    assert config.origin == str(tmp_path / "sources.yaml")


def test_no_file_means_the_raw_papers_folder() -> None:
    assert load_config(None) == default_config()
    assert default_config().sources == (FolderSource(name="local", path=Path("raw_papers")),)
    assert default_config(Path("/repo")).sources[0] == FolderSource(
        name="local", path=Path("/repo/raw_papers")
    )


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ("sources: []", "sources", "required: a non-empty list of sources"),
        ("- a\n- b", "<top level>", "expected a mapping, got list"),
        ("sources:\n  - {name: x, kind: ftp}", "sources[0].kind", "unknown kind 'ftp'"),
        ("sources:\n  - {name: x, kind: http_index}", "sources[0].url", "required: a non-empty string"),
        (
            "sources:\n  - {name: x, kind: http_index, url: 'ftp://h/x'}",
            "sources[0].url",
            "expected an http(s) URL",
        ),
        ("sources:\n  - {name: x, kind: folder, path: p, ulr: u}", "sources[0].ulr", "unknown key"),
        ("sources:\n  - {name: 'a b', kind: folder, path: p}", "sources[0].name", "use letters, digits"),
        (
            "sources:\n  - {name: x, kind: url_list, urls: []}",
            "sources[0].urls",
            "required: a non-empty list",
        ),
        (
            "sources:\n  - {name: x, kind: url_list, urls: [{url: 'nope'}]}",
            "sources[0].urls[0].url",
            "http(s)",
        ),
        (
            "sources:\n  - {name: x, kind: folder, path: p}\n  - {name: x, kind: folder, path: q}",
            "sources[1].name",
            "duplicate source name 'x'",
        ),
        ("options: {retries: yes}\nsources: [{name: x, kind: folder, path: p}]", "options.retries", "number"),
        ("options: {retries: 1.5}\nsources: [{name: x, kind: folder, path: p}]", "options.retries", "whole"),
        ("options: {timeout: 0}\nsources: [{name: x, kind: folder, path: p}]", "options.timeout", "> 0"),
        ("options: {speed: 1}\nsources: [{name: x, kind: folder, path: p}]", "options.speed", "unknown key"),
        (
            "sources: [{name: x, kind: url_list, urls: [a.pdf], options: {max_bytes: 0}}]",
            "sources[0].urls[0].url",
            "http(s)",
        ),
        (
            "sources: [{name: x, kind: url_list, urls: ['http://h/a.pdf'], options: {max_bytes: 0}}]",
            "sources[0].options.max_bytes",
            ">= 1",
        ),
    ],
)
def test_invalid_files_name_the_file_and_the_key(tmp_path: Path, text: str, where: str, reason: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.where == f"{path}: {where}"
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: {where}: ")


def test_missing_and_unparsable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read sources file"):
        load_config(tmp_path / "absent.yaml")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(_write(tmp_path, "sources: [unclosed"))
