"""The README's examples run as they are, from a clone, and print what the README shows.

Every ``sh`` block of the README runs, in order, in one shell in an empty folder that has only the
repository's ``tm/`` and ``glossaries/`` (the sample data a clone has) and a fresh store; each
command must exit 0 (``qa`` and ``align`` may exit 1: findings). A ``text`` block shows output of
the ``sh`` block before it: its lines (``...`` stands for lines left out) must appear in that
output, in order. The block holding the test command itself is not run (it is this test).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest

from mkutano.api.cli import main

from .conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_FINDINGS_OK = re.compile(r"^mkutano (qa|align)\b")  # exit 1 means "findings" for these


def _blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(README.read_text(encoding="utf-8"))]


def _commands(block: str) -> list[str]:
    """The block's commands: continuation lines joined, comments and blank lines dropped."""
    out: list[str] = []
    pending = ""
    for line in block.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        out.append(pending + line)
        pending = ""
    return out


def _script(blocks: list[tuple[str, str]], port: int) -> tuple[str, list[list[str]]]:
    lines: list[str] = []
    commands: list[list[str]] = []
    for i, (lang, body) in enumerate(blocks):
        cmds = [] if lang != "sh" or "scripts/check" in body else _commands(body)
        commands.append(cmds)
        lines.append(f"printf '\\n@@BLOCK {i}@@\\n'")
        for cmd in cmds:
            cmd = cmd.replace("pip install . && ", "").replace("8765", str(port))
            lines += [cmd, "printf '\\n@@RC %s@@\\n' $?"]
    return "\n".join(lines) + "\n", commands


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[list[str], list[int]]]:
    """Run every example; per block: its output lines and its commands' exit codes."""
    if shutil.which("curl") is None:
        pytest.skip("the README's HTTP examples need curl (.ci/run installs it)")
    work = tmp_path_factory.mktemp("readme")
    for folder in ("tm", "glossaries"):
        (work / folder).symlink_to(ROOT / folder, target_is_directory=True)
    blocks = _blocks()
    script, commands = _script(blocks, free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.Popen(
        ["bash", "-c", script],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=600)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    result: dict[int, tuple[list[str], list[int]]] = {}
    current = -1
    for line in out.splitlines():
        if m := re.fullmatch(r"@@BLOCK (\d+)@@", line):
            current = int(m.group(1))
            result[current] = ([], [])
        elif m := re.fullmatch(r"@@RC (\d+)@@", line):
            result[current][1].append(int(m.group(1)))
        elif current >= 0:
            result[current][0].append(line.rstrip())
    for i, cmds in enumerate(commands):
        assert len(result.get(i, ([], []))[1]) == len(cmds), f"block {i} did not finish:\n{err}"
    return result


def test_every_readme_example_exits_as_documented(
    run: dict[int, tuple[list[str], list[int]]],
) -> None:
    blocks = _blocks()
    ran = 0
    for i, (lang, body) in enumerate(blocks):
        if lang != "sh" or "scripts/check" in body:
            continue
        for cmd, code in zip(_commands(body), run[i][1], strict=True):
            allowed = {0, 1} if _FINDINGS_OK.match(cmd) else {0}
            assert code in allowed, f"README example exited {code}: {cmd}"
            ran += 1
    assert ran >= 25  # the README's examples, all of them


def test_every_output_the_readme_shows_is_printed(
    run: dict[int, tuple[list[str], list[int]]],
) -> None:
    blocks = _blocks()
    shown = 0
    for i, (lang, body) in enumerate(blocks):
        if lang != "text":
            continue
        source = max(
            j for j in range(i) if blocks[j][0] == "sh" and "scripts/check" not in blocks[j][1]
        )
        printed = [line.strip() for line in run[source][0]]
        pos = 0
        for want in (w.strip() for w in body.splitlines()):
            if not want or want == "...":
                continue
            assert want in printed[pos:], f"README shows a line that is not printed: {want!r}"
            pos = printed.index(want, pos) + 1
            shown += 1
    assert shown >= 10


def test_no_example_reads_outside_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    for _lang, body in _blocks():
        assert "../" not in body, body
    assert "../shared" not in text


def _commands_of(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            found += _commands_of(cmd, (*path, name))
        else:
            found.append((" ".join((*path, name)), cmd))
    return found


def test_the_readme_says_exactly_which_commands_take_json() -> None:
    without = sorted(
        name for name, cmd in _commands_of(main) if not any("--json" in p.opts for p in cmd.params)
    )
    assert without == ["serve"]
    assert "Every command\nexcept `serve` takes `--json`" in README.read_text(encoding="utf-8")
