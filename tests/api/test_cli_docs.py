"""Every CLI command, at every level, has help text with a copy-paste example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from mkutano.api.cli import main


def _leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(cmd, click.Group):
            found.extend(_leaf_commands(cmd, path))
        else:
            found.append(path)
    return found


COMMANDS = _leaf_commands(main)


def test_the_walk_finds_the_documented_contract_commands() -> None:
    for path in [("import",), ("suggest",), ("qa",), ("tmx", "validate"), ("glossary", "import")]:
        assert path in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"mkutano {' '.join(path)} --help has no example"
    assert f"mkutano {path[0]}" in result.output
