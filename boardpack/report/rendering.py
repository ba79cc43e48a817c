"""Rendering pages through Jinja2 templates (``templates/``, autoescape on) and shipping
the site's static files (``static/``: stylesheet, scripts, the vendored chart library)."""

from __future__ import annotations

import shutil
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

STATIC_DIR = "static"


def blank(value: object) -> object:
    """``None`` as an empty cell, anything else unchanged."""
    return "" if value is None else value


@cache
def environment() -> Environment:
    """The template environment: every value escaped unless marked safe, and an unknown
    name an error rather than an empty string."""
    env = Environment(
        loader=PackageLoader("boardpack.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["blank"] = blank
    env.filters["urlquote"] = quote
    return env


def render(template: str, **context: Any) -> str:
    """The page ``template`` rendered with ``context``."""
    return environment().get_template(template).render(**context)


def write_page(path: Path, template: str, **context: Any) -> Path:
    """Render ``template`` into ``path`` (UTF-8) and return the path."""
    path.write_text(render(template, **context), encoding="utf-8")
    return path


def copy_static(out_dir: Path) -> Path:
    """Copy the site's static files into ``out_dir/static`` (replacing what is there)."""
    target = out_dir / STATIC_DIR
    if target.exists():
        shutil.rmtree(target)
    with as_file(files("boardpack.report") / STATIC_DIR) as source:
        shutil.copytree(source, target)
    return target
