"""README kept true: its commands exist, every store table and column is documented, and the
column tables of the records are the ones generated from them."""

from __future__ import annotations

import re

from boardpack.cli import COMMANDS
from boardpack.dataset import RESOURCE_FIELDS
from boardpack.store import OBSERVATION_STORE_COLUMNS, SCHEMA, TIDY_CELL_STORE_COLUMNS
from schemas.columns import columns_markdown
from schemas.records import TABLE_MAPPING_COLUMNS
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


def test_column_tables_are_generated_from_the_records() -> None:
    for name, columns in (
        ("observations", OBSERVATION_STORE_COLUMNS),
        ("tidy_cells", TIDY_CELL_STORE_COLUMNS),
        ("table_mappings", TABLE_MAPPING_COLUMNS),
    ):
        table = columns_markdown(columns)
        assert table in README, f"README's `{name}` columns differ from the record; paste this:\n{table}"


def test_store_and_dataset_columns_come_from_the_records() -> None:
    ddl = dict(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\);", SCHEMA, re.S))
    for table, columns in (
        ("tidy_cells", TIDY_CELL_STORE_COLUMNS),
        ("table_mappings", TABLE_MAPPING_COLUMNS),
    ):
        assert re.findall(r'"(\w+)" \w+', ddl[table]) == [c.name for c in columns]
    assert [c.name for c in RESOURCE_FIELDS["cells"]] == [c.name for c in TIDY_CELL_STORE_COLUMNS]
