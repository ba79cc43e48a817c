"""Fixtures of the audit site's tests: a real browser, and the corpus store changed in the
test to hold what the corpus lacks (a paper with no meeting date, a revision)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # browser.py (pytest runs with --import-mode=importlib)

from browser import Browser, chromium
from filled_store import fill_store


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        with chromium() as b:
            yield b
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def corpus_site(corpus_run: Any) -> Path:
    """The audit site the corpus run wrote (``boardpack run`` → ``outputs/audit``)."""
    index = corpus_run.out / "audit" / "index.html"
    assert index.is_file()
    return index


@pytest.fixture(scope="session")
def filled_store(corpus_run: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus store with an undated paper and a revision (see ``filled_store.py``)."""
    path = tmp_path_factory.mktemp("filled") / "boardpack.duckdb"
    shutil.copy(corpus_run.out / "boardpack.duckdb", path)
    fill_store(path)
    return path


@pytest.fixture(scope="session")
def filled_site(filled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of ``filled_store``; its ``index.html``."""
    from boardpack.report import write_audit_report

    return write_audit_report(filled_store, tmp_path_factory.mktemp("filled-site"))


@pytest.fixture(scope="session")
def twice_written(filled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two sites of ``filled_store``: the first from scratch, the second written with the
    first as its previous site (as each run writes over the last)."""
    from boardpack.report import write_audit_report

    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    write_audit_report(filled_store, first)
    write_audit_report(filled_store, second, previous=first)
    return first, second
