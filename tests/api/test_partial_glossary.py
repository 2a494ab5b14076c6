"""One rule for a glossary file that breaks off part-way (TBX and CSV, real corpus files cut):
nothing stored and exit 2 / 422 (``glossary_rejected``) by default; with lenient mode the entries before the break are
stored, exit 3 / 200, and the report says ``"complete": false``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from mkutano.api.cli import main
from mkutano.glossaries import open_glossary_store
from mkutano.glossaries.store import import_glossary
from tests.conftest import cut_in_entry

from .conftest import bearer

TBX_KEPT = 40  # the TBX is cut inside the entry after this many
CSV_KEPT = 3  # rows of test.csv before the quoted field the cut falls in


def _tbx_cut(corpus: Path) -> tuple[bytes, int]:
    """sdl_tbx.tbx ending in the middle of its 41st entry, and the line of the cut."""
    path = corpus / "tbx/okapi-lib-terminology/sdl_tbx.tbx"
    return cut_in_entry(path, b"</termEntry>", b"<term>", TBX_KEPT)


def _csv_cut(corpus: Path) -> tuple[bytes, int]:
    """test.csv of OmegaT ending inside its quoted field ``"kde, qu``, under a language header
    (the file has none, and the upload route takes the columns' languages from it)."""
    path = corpus / "glossaries/omegat/test-data-glossaries/test.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    data = b"en,it\n" + path.read_bytes()
    at = data.index(b'"kde, qu') + 4
    return data[:at], data.count(b"\n", 0, at) + 1


@pytest.fixture(params=["tbx", "csv"])
def cut_file(request: pytest.FixtureRequest, corpus: Path, tmp_path: Path) -> tuple[Path, int, int]:
    """A real glossary file cut part-way: its path, the entries before the cut, the cut's line."""
    if request.param == "tbx":
        data, line = _tbx_cut(corpus)
        kept = TBX_KEPT
    else:
        data, line = _csv_cut(corpus)
        kept = CSV_KEPT
    path = tmp_path / f"cut.{request.param}"
    path.write_bytes(data)
    return path, kept, line


def _cli(path: Path, db: str, *extra: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        main, ["glossary", "import", str(path), "--name", "g", "--db", db, "--json", *extra]
    )
    return result.exit_code, json.loads(result.stdout)


def _stored(db: str) -> int:
    store = open_glossary_store(db)
    try:
        return sum(1 for _ in store.iter_concepts("g")) if store.list_glossaries() else 0
    finally:
        store.close()


def test_cut_file_stores_nothing_and_exits_2(
    cut_file: tuple[Path, int, int], tmp_path: Path
) -> None:
    path, _, line = cut_file
    db = str(tmp_path / "s.db")
    code, data = _cli(path, db)
    assert code == 2
    assert data["complete"] is False
    assert data["concepts"] == 0
    (diag,) = [d for d in data["diagnostics"] if "not read" in d["message"]]  # type: ignore[attr-defined]
    assert diag["line"] == line
    assert _stored(db) == 0


def test_cut_file_lenient_stores_the_entries_before_the_cut_and_exits_3(
    cut_file: tuple[Path, int, int], tmp_path: Path
) -> None:
    path, kept, _ = cut_file
    db = str(tmp_path / "s.db")
    code, data = _cli(path, db, "--lenient")
    assert code == 3
    assert data["complete"] is False
    assert data["concepts"] == kept
    assert _stored(db) == kept


def test_whole_file_is_complete(corpus: Path, tmp_path: Path) -> None:
    path = corpus / "glossaries/omegat/test-data-glossaries/test.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    store = open_glossary_store(str(tmp_path / "s.db"))
    try:
        report = import_glossary(store, path, name="g", source_lang="en", target_lang="it")
    finally:
        store.close()
    assert report.complete
    assert report.concepts > CSV_KEPT


def test_http_cut_file_is_422_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], cut_file: tuple[Path, int, int]
) -> None:
    path, _, line = cut_file
    r = client.post(
        "/v1/glossaries/g/import",
        params={"filename": path.name},
        content=path.read_bytes(),
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "glossary_rejected"
    assert f":{line}:" in r.json()["error"]["message"]
    assert r.json()["error"]["details"]["complete"] is False
    assert client.get("/v1/glossaries/g", headers=bearer(tokens["reader"])).status_code == 404


def test_http_cut_file_lenient_stores_the_entries_before_the_cut(
    client: TestClient, tokens: dict[str, str], cut_file: tuple[Path, int, int]
) -> None:
    path, kept, _ = cut_file
    r = client.post(
        "/v1/glossaries/g/import",
        params={"filename": path.name, "lenient": "true"},
        content=path.read_bytes(),
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 200
    assert r.json()["complete"] is False
    assert r.json()["concepts"] == kept
