"""Imports flow one way: extractors → schemas → boardpack → flows.

Each layer owns the records it produces and may import only the layers below it; a
layer that imports one above it would make the packages depend both ways.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["extractors", "schemas", "boardpack", "flows"]
"""Lowest first: a package may import the ones before it, never the ones after."""
ENTRY_POINTS = {"boardpack/cli.py"}
"""The command line sits above every layer: it starts the flow."""


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (also inside functions)."""
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_layers_below(layer: str) -> None:
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_packages(p) & above)
        for p in (ROOT / layer).rglob("*.py")
        if imported_packages(p) & above and str(p.relative_to(ROOT)) not in ENTRY_POINTS
    }
    assert offenders == {}, f"{layer} imports a layer above it"


def test_import_scan_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from boardpack.store import connect\n")
    assert "boardpack" in imported_packages(bad)
