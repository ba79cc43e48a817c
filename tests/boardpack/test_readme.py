"""README kept true: its commands exist, and every store table and column is documented."""

from __future__ import annotations

import re

from boardpack.cli import COMMANDS
from boardpack.store import SCHEMA
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_quick_start_has_exactly_the_two_make_targets_and_they_exist() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make (\w+)", quick, re.M) == ["run", "test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_documented() -> None:
    for name in COMMANDS:
        assert f"boardpack {name}" in README


def test_every_store_table_and_column_is_documented() -> None:
    for table, columns in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\);", SCHEMA, re.S):
        assert f"`{table}`" in README, f"table {table} is not in README"
        for column in re.findall(r'"?(\w+)"? (?:VARCHAR|INTEGER|DOUBLE|BOOLEAN|DATE)', columns):
            if column == "paper_sha256":
                continue  # documented once for every table
            assert f"`{column}`" in README, f"{table}.{column} is not in README"
