"""The installed distribution: one top-level package, ``mkutano``, holding every layer's modules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["tmx", "tm", "glossaries", "api"]


def test_the_layers_are_subpackages_of_mkutano() -> None:
    import mkutano.api
    import mkutano.glossaries
    import mkutano.tm
    import mkutano.tmx

    for module in (mkutano.tmx, mkutano.tm, mkutano.glossaries, mkutano.api):
        assert Path(module.__file__ or "").resolve().parent.parent == ROOT
    assert mkutano.__version__ != "0+unknown"


def test_python_dash_m_mkutano_is_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mkutano", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage:" in out.stdout
    assert "suggest" in out.stdout


@pytest.mark.slow
def test_the_wheel_installs_only_mkutano(tmp_path: Path) -> None:
    """No ``api`` or ``tm`` in site-packages to collide with an application's own packages."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("mkutano-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "mkutano"
    }
    for layer in LAYERS:
        sources = {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / layer).rglob("*.py")
            if "__pycache__" not in p.parts
        }
        assert {f"mkutano/{s}" for s in sources} <= set(names), layer
    assert "mkutano/api/web/static/index.html" in names
    assert "mkutano/tm/data/g7-rome-lyon.tmx" in names
