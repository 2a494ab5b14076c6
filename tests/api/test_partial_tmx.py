"""One rule for a TMX or XLIFF file that breaks off part-way (real corpus files cut, as in
tests/tmx/test_salvage.py): nothing stored and exit 2 / a failed job by default; with lenient
mode every unit before the break is stored, exit 3 / a job whose report says
``"complete": false``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from mkutano.api.cli import main
from mkutano.tm import open_store
from tests.conftest import cut_in_entry

from .conftest import bearer
from .test_app import _wait_job

KEPT = 40  # the file is cut inside the unit after this many


@pytest.fixture
def cut_tmx(corpus: Path, tmp_path: Path) -> Path:
    """OpenXLIFF_Java_es.tmx (519 units) ending in the text of its 41st unit."""
    path = corpus / "tmx/maxprograms/OpenXLIFF/i18n/OpenXLIFF_Java_es.tmx"
    data, _ = cut_in_entry(path, b"</tu>", b"<seg>", KEPT)
    out = tmp_path / "cut.tmx"
    out.write_bytes(data)
    return out


@pytest.fixture
def cut_xliff(corpus: Path, tmp_path: Path) -> Path:
    """An SDL XLIFF of the corpus cut in its middle."""
    path = (
        corpus / "xliff/okapi/xliffsplitter/tasks_Test_SDL_XLIFF_18961_es_ES_xliff_singleFile.xlf"
    )
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    data = path.read_bytes()
    out = tmp_path / "cut.xlf"
    out.write_bytes(data[: len(data) // 2])
    return out


def _cli(path: Path, db: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(
        main, ["import", str(path), "--memory", "m", "--db", db, "--json", *extra]
    )
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}, result.stderr


def _units(db: str) -> int:
    store = open_store(db)
    try:
        return store.count_units() if store.list_memories() else 0
    finally:
        store.close()


def test_cut_tmx_stores_nothing_and_exits_2(cut_tmx: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    code, data, _ = _cli(cut_tmx, db, "--batch-size", "10")
    assert code == 2
    assert data["complete"] is False
    assert data["added"] == 0
    assert "nothing imported" in data["error"]
    assert _units(db) == 0


def test_cut_tmx_lenient_stores_every_unit_before_the_cut_and_exits_3(
    cut_tmx: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "s.db")
    code, data, _ = _cli(cut_tmx, db, "--batch-size", "7", "--lenient")
    assert code == 3
    assert data["complete"] is False
    assert data["added"] + data["merged"] + data["alternatives"] == KEPT
    assert any("cut.tmx:" in w for w in data["warnings"])
    assert _units(db) == data["added"] + data["alternatives"]


@pytest.mark.parametrize("lenient", [False, True])
def test_cut_xliff_stores_nothing_and_exits_2(
    cut_xliff: Path, tmp_path: Path, lenient: bool
) -> None:
    db = str(tmp_path / "s.db")
    code, _, err = _cli(cut_xliff, db, *(["--lenient"] if lenient else []))
    assert code == 2
    assert "not well-formed" in err
    assert _units(db) == 0


def _http_import(client: TestClient, token: str, path: Path, **params: Any) -> dict[str, Any]:
    r = client.post(
        "/v1/memories/m/import",
        params={"filename": path.name, **params},
        content=path.read_bytes(),
        headers=bearer(token),
    )
    assert r.status_code == 202, r.text
    return _wait_job(client, token, r.json()["status_url"])


def test_http_cut_tmx_fails_the_job_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], cut_tmx: Path
) -> None:
    job = _http_import(client, tokens["admin"], cut_tmx)
    assert job["status"] == "failed"
    assert "nothing imported" in json.dumps(job)
    r = client.get("/v1/memories/m", headers=bearer(tokens["reader"]))
    assert r.status_code == 404  # not even the memory was created


def test_http_cut_tmx_lenient_stores_the_units_before_the_cut(
    client: TestClient, tokens: dict[str, str], cut_tmx: Path
) -> None:
    job = _http_import(client, tokens["admin"], cut_tmx, lenient="true")
    assert job["status"] == "succeeded", job
    result = job["result"]
    assert result["complete"] is False
    assert result["added"] + result["merged"] + result["alternatives"] == KEPT
