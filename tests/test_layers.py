"""The layers ``tmx → tm → glossaries → api``: each package imports only from packages to its left."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["tmx", "tm", "glossaries", "api"]


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_layer(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "mkutano":  # from mkutano import tm
                found.update(_layer("mkutano." + alias.name) for alias in node.names)
            else:
                found.add(_layer(node.module))
    return found & (set(LAYERS) | {BARE})


BARE = "a bare top-level import (write mkutano.<package>)"


def _layer(module: str) -> str:
    """The layer a module belongs to: ``mkutano.tm.x`` is ``tm``; a bare ``tm.x`` is an error, since
    only the ``mkutano`` package is installed."""
    parts = module.split(".")
    if parts[0] == "mkutano":
        return parts[1] if len(parts) > 1 else "mkutano"
    return BARE if parts[0] in LAYERS else parts[0]


@pytest.mark.parametrize("package", LAYERS)
def test_package_imports_only_from_its_left(package: str) -> None:
    allowed = set(LAYERS[: LAYERS.index(package) + 1])
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = _imported_packages(path) - allowed
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, "layer violation:\n" + "\n".join(offenders)


def test_layer_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text(
        "import mkutano.api.cli\nfrom mkutano.glossaries import model\nfrom mkutano import tm\n",
        encoding="utf-8",
    )
    assert _imported_packages(bad) == {"api", "glossaries", "tm"}
    bare = tmp_path / "y.py"
    bare.write_text("from tm import open_store\n", encoding="utf-8")
    assert _imported_packages(bare) == {BARE}


@pytest.mark.parametrize("folder", ["tests", "benchmarks", "scripts"])
def test_nothing_imports_a_bare_top_level_package(folder: str) -> None:
    """Only ``mkutano`` is installed; from a checkout a bare ``import tm`` would still work and load a
    second copy of the package, with its own exception classes."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / folder).rglob("*.py"))
        if BARE in _imported_packages(path)
    ]
    assert not offenders, "bare imports:\n" + "\n".join(offenders)
