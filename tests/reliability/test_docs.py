"""The quarantine kinds and exit codes are defined once in code; README and --help say them."""

from __future__ import annotations

import pytest

from boardpack import exit_codes
from boardpack.cli import main
from boardpack.problems import KIND_MEANINGS, Kind
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_kind_has_a_meaning_and_is_in_readme() -> None:
    assert set(KIND_MEANINGS) == set(Kind)
    for kind, meaning in KIND_MEANINGS.items():
        assert f"| `{kind}` | {meaning} |" in README


def test_every_exit_code_is_in_readme() -> None:
    for code in exit_codes.MEANINGS:
        assert f"| {code} |" in README


@pytest.mark.parametrize("command", ["run", "extract"])
def test_help_lists_the_exit_codes(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for code, meaning in exit_codes.MEANINGS.items():
        assert f"{code} {meaning}" in out
