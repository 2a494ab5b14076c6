"""``mkutano tmx stats`` and ``mkutano tmx validate``: output, JSON shape, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"
        srclang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>Organised <ph x="1">&lt;br/&gt;</ph>crime</seg></tuv>
    <tuv xml:lang="sw"><seg>Uhalifu <ph x="1">&lt;br/&gt;</ph>wa kupangwa</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Terrorism</seg></tuv><tuv xml:lang="it"><seg>Terrorismo</seg></tuv></tu>
</body>
</tmx>
"""
BROKEN = GOOD.replace('<tuv xml:lang="it">', "<tuv>")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in {"good.tmx": GOOD, "broken.tmx": BROKEN, "empty.tmx": ""}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out[name] = tmp_path / name
    out["notxml.tmx"] = tmp_path / "notxml.tmx"
    out["notxml.tmx"].write_text("hello", encoding="utf-8")
    return out


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_json_has_the_documented_shape(files: dict[str, Path]) -> None:
    code, out, _ = run("tmx", "stats", str(files["good.tmx"]), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["file"] == str(files["good.tmx"])
    assert data["version"] == "1.4"
    assert data["units"] == 2
    assert data["languages"] == {"en": 2, "it": 1, "sw": 1}
    assert data["pairs"] == {"en→it": 1, "en→sw": 1}
    assert data["tags"] == {"ph": 2}
    assert data["props"] == 0
    assert data["notes"] == 0
    assert data["diagnostics"] == []


def test_stats_text_output_is_readable(files: dict[str, Path]) -> None:
    code, out, _ = run("tmx", "stats", str(files["good.tmx"]))
    assert code == 0
    assert f"{files['good.tmx']}: TMX 1.4, 2 units" in out
    assert "languages: en 2, it 1, sw 1" in out
    assert "pairs: en→it 1, en→sw 1" in out


def test_validate_exit_codes(files: dict[str, Path]) -> None:
    assert run("tmx", "validate", str(files["good.tmx"]))[0] == 0
    code, out, _ = run("tmx", "validate", str(files["broken.tmx"]))
    assert code == 1
    assert f"{files['broken.tmx']}:8: <tuv> without xml:lang; tu skipped" in out
    for name in ("empty.tmx", "notxml.tmx"):
        code, out, err = run("tmx", "validate", str(files[name]))
        assert code == 2
        assert out == ""
        assert err.startswith(f"error: {files[name]}:1: ")
        assert err.count("\n") == 1
    code, _out, err = run("tmx", "validate", str(files["good.tmx"].with_name("missing.tmx")))
    assert code == 2
    assert "cannot open" in err


def test_validate_json(files: dict[str, Path]) -> None:
    code, out, _ = run("tmx", "validate", str(files["broken.tmx"]), "--json")
    data = json.loads(out)
    assert code == 1
    assert data["valid"] is False
    assert data["units"] == 1
    assert data["languages"] == {"en": 1, "sw": 1}
    assert data["diagnostics"][0]["line"] == 8
    assert data["diagnostics"][0]["severity"] == "error"
    code, out, _ = run("tmx", "validate", str(files["empty.tmx"]), "--json")
    assert code == 2
    assert json.loads(out)["valid"] is False


def test_validate_strict_stops_at_the_first_error(files: dict[str, Path]) -> None:
    code, out, _ = run("tmx", "validate", str(files["broken.tmx"]), "--strict", "--json")
    data = json.loads(out)
    assert code == 1
    assert len(data["diagnostics"]) == 1


@pytest.mark.parametrize("command", ["stats", "validate"])
def test_help_has_an_example(command: str) -> None:
    code, out, _ = run("tmx", command, "--help")
    assert code == 0
    assert f"mkutano tmx {command} " in out


def test_validate_as_a_real_subprocess(files: dict[str, Path]) -> None:
    exe = shutil.which("mkutano", path=os.path.dirname(sys.executable)) or shutil.which("mkutano")
    cmd = [exe] if exe else [sys.executable, "-c", "from mkutano.api.cli import main; main()"]
    ok = subprocess.run(
        [*cmd, "tmx", "validate", str(files["good.tmx"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0
    assert "valid TMX, 2 units" in ok.stdout
    bad = subprocess.run(
        [*cmd, "tmx", "validate", str(files["notxml.tmx"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("error: ")
