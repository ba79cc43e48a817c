"""The sources file: which sources to pull and how patiently to fetch them.

A YAML file (``sources.yaml``)::

    options:            # optional; these are the defaults
      timeout: 30       # seconds per connect / read
      total_timeout: 300  # seconds for one whole download attempt
      max_bytes: 104857600
      retries: 3        # extra attempts after the first, on 5xx/429/timeouts/connection errors
      backoff: 0.5      # first retry delay in seconds; doubles each time, with jitter
      backoff_max: 30
    sources:
      - {name: local, kind: folder, path: raw_papers/}
      - {name: spcb, kind: http_index, url: "https://example.org/board/", board: "..."}
      - name: extra
        kind: url_list
        urls: ["https://example.org/a.pdf", {url: "https://example.org/b.pdf", title: "..."}]

A source may carry its own ``options:`` which override the file-wide ones.  Relative
folder paths are resolved against the directory of the sources file.  Everything is
validated on load; a ``ConfigError`` names the file and the key at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from boardpack.sources.errors import ConfigError

DEFAULT_FOLDER = "raw_papers"
DEFAULT_SOURCE_NAME = "local"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class FetchOptions:
    """How HTTP sources fetch: timeouts, size limit and retry policy."""

    timeout: float = 30.0
    total_timeout: float = 300.0
    max_bytes: int = 100 * 1024 * 1024
    retries: int = 3
    backoff: float = 0.5
    backoff_max: float = 30.0


@dataclass(frozen=True)
class FolderSource:
    """PDFs already on disk in ``path`` (with an optional manifest.json beside them)."""

    name: str
    path: Path
    kind: Literal["folder"] = "folder"


@dataclass(frozen=True)
class HttpIndexSource:
    """A board's HTML index page linking to its papers; ``board`` names the board."""

    name: str
    url: str
    board: str | None = None
    options: FetchOptions = field(default_factory=FetchOptions)
    kind: Literal["http_index"] = "http_index"


@dataclass(frozen=True)
class UrlEntry:
    """One URL of a ``url_list`` source, with whatever metadata the file gave for it."""

    url: str
    board: str | None = None
    meeting_date: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class UrlListSource:
    """An explicit list of PDF URLs."""

    name: str
    urls: tuple[UrlEntry, ...]
    board: str | None = None
    options: FetchOptions = field(default_factory=FetchOptions)
    kind: Literal["url_list"] = "url_list"


Source = FolderSource | HttpIndexSource | UrlListSource


@dataclass(frozen=True)
class SourcesConfig:
    """All sources to pull, in order; ``origin`` is the file they came from."""

    sources: tuple[Source, ...]
    options: FetchOptions = field(default_factory=FetchOptions)
    origin: str = "<default>"


def default_config(base: Path | None = None) -> SourcesConfig:
    """The config used when there is no sources file: the folder ``raw_papers/``."""
    folder = (base or Path()) / DEFAULT_FOLDER
    return SourcesConfig(sources=(FolderSource(name=DEFAULT_SOURCE_NAME, path=folder),))


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in one line: what and where (``line L, column C``)."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(exc).split())


def load_config(path: Path | str | None = None) -> SourcesConfig:
    """Load and validate a sources file; ``None`` gives ``default_config()``.

    Raises ``ConfigError`` (naming the file and key) when the file is missing,
    is not YAML, or declares something invalid.
    """
    if path is None:
        return default_config()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read sources file ({exc.strerror or exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), f"not valid YAML ({yaml_problem(exc)})") from exc
    return parse_config(data, origin=str(path), base=path.parent)


def parse_config(data: Any, origin: str, base: Path) -> SourcesConfig:
    """Validate already-parsed YAML data; relative folder paths resolve against ``base``."""
    top = _Keys(origin, "")
    top.mapping(data, allowed={"options", "sources"})
    options = _options(data.get("options"), top.at("options"), FetchOptions())
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise top.error("sources", "required: a non-empty list of sources")
    sources = tuple(
        _source(item, top.at(f"sources[{i}]"), base, options) for i, item in enumerate(raw_sources)
    )
    _check_unique_names(sources, top)
    return SourcesConfig(sources=sources, options=options, origin=origin)


class _Keys:
    """Where we are in the file (``sources[1].url``), to name it in errors."""

    def __init__(self, origin: str, prefix: str) -> None:
        self.origin = origin
        self.prefix = prefix

    def at(self, key: str) -> _Keys:
        return _Keys(self.origin, f"{self.prefix}.{key}" if self.prefix else key)

    def error(self, key: str | None, reason: str) -> ConfigError:
        where = self.at(key).prefix if key else self.prefix or "<top level>"
        return ConfigError(f"{self.origin}: {where}", reason)

    def mapping(self, value: Any, allowed: set[str]) -> None:
        """Fail unless ``value`` is a mapping whose keys are all in ``allowed``."""
        if not isinstance(value, dict):
            raise self.error(None, f"expected a mapping, got {type(value).__name__}")
        # Unknown keys are almost always typos ("ulr:"); silently ignoring them hides bugs.
        for key in value:
            if key not in allowed:
                raise self.error(str(key), f"unknown key (expected one of {', '.join(sorted(allowed))})")

    def string(self, m: dict[str, Any], key: str, required: bool = True) -> str | None:
        value = m.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "required: a non-empty string" if required else "expected a string")
        return value.strip()

    def url(self, m: dict[str, Any], key: str) -> str:
        value = self.string(m, key)
        assert value is not None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.error(key, f"expected an http(s) URL, got {value!r}")
        return value


def _source(item: Any, keys: _Keys, base: Path, options: FetchOptions) -> Source:
    if not isinstance(item, dict):
        raise keys.error(None, f"expected a mapping, got {type(item).__name__}")
    kind = item.get("kind")
    if kind == "folder":
        return _folder(item, keys, base)
    if kind == "http_index":
        keys.mapping(item, allowed={"name", "kind", "url", "board", "options"})
        return HttpIndexSource(
            name=_name(item, keys),
            url=keys.url(item, "url"),
            board=keys.string(item, "board", required=False),
            options=_options(item.get("options"), keys.at("options"), options),
        )
    if kind == "url_list":
        return _url_list(item, keys, options)
    raise keys.error("kind", f"unknown kind {kind!r} (expected one of folder, http_index, url_list)")


def _folder(item: dict[str, Any], keys: _Keys, base: Path) -> FolderSource:
    keys.mapping(item, allowed={"name", "kind", "path"})
    raw = keys.string(item, "path")
    assert raw is not None
    path = Path(raw).expanduser()
    return FolderSource(name=_name(item, keys), path=path if path.is_absolute() else base / path)


def _url_list(item: dict[str, Any], keys: _Keys, options: FetchOptions) -> UrlListSource:
    keys.mapping(item, allowed={"name", "kind", "urls", "board", "options"})
    raw_urls = item.get("urls")
    if not isinstance(raw_urls, list) or not raw_urls:
        raise keys.error("urls", "required: a non-empty list of URLs")
    return UrlListSource(
        name=_name(item, keys),
        urls=tuple(_url_entry(u, keys.at(f"urls[{i}]")) for i, u in enumerate(raw_urls)),
        board=keys.string(item, "board", required=False),
        options=_options(item.get("options"), keys.at("options"), options),
    )


def _url_entry(value: Any, keys: _Keys) -> UrlEntry:
    # A bare string is the common case; a mapping lets a list carry metadata.
    if isinstance(value, str):
        value = {"url": value}
    keys.mapping(value, allowed={"url", "board", "meeting_date", "title"})
    return UrlEntry(
        url=keys.url(value, "url"),
        board=keys.string(value, "board", required=False),
        meeting_date=_date_text(value, keys),
        title=keys.string(value, "title", required=False),
    )


def _date_text(m: dict[str, Any], keys: _Keys) -> str | None:
    # YAML turns an unquoted 2024-01-31 into a date object; we keep the ISO text.
    value = m.get("meeting_date")
    if value is not None and hasattr(value, "isoformat"):
        return str(value.isoformat())
    return keys.string(m, "meeting_date", required=False)


def _name(item: dict[str, Any], keys: _Keys) -> str:
    name = keys.string(item, "name")
    assert name is not None
    if not _NAME_RE.match(name):
        raise keys.error("name", f"{name!r}: use letters, digits, '.', '_' or '-'")
    return name


_POSITIVE_FLOATS = {"timeout", "total_timeout", "backoff_max"}


def _options(value: Any, keys: _Keys, inherited: FetchOptions) -> FetchOptions:
    """``inherited`` with the keys given in ``value`` replaced (after validation)."""
    if value is None:
        return inherited
    keys.mapping(value, allowed={f.name for f in fields(FetchOptions)})
    changes: dict[str, Any] = {}
    for key, raw in value.items():
        # bool is an int in Python; "retries: yes" is a mistake, not 1.
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise keys.error(key, f"expected a number, got {raw!r}")
        if key in ("max_bytes", "retries"):
            if not isinstance(raw, int) or raw < (1 if key == "max_bytes" else 0):
                raise keys.error(key, f"expected a whole number >= {1 if key == 'max_bytes' else 0}")
        elif raw < 0 or (key in _POSITIVE_FLOATS and raw == 0):
            raise keys.error(key, f"expected a number > 0, got {raw!r}")
        changes[key] = float(raw) if key not in ("max_bytes", "retries") else raw
    return replace(inherited, **changes)


def _check_unique_names(sources: tuple[Source, ...], keys: _Keys) -> None:
    seen: set[str] = set()
    for i, source in enumerate(sources):
        if source.name in seen:
            raise keys.error(f"sources[{i}].name", f"duplicate source name {source.name!r}")
        seen.add(source.name)
