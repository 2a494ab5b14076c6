"""Every answer to an upload names the file as the client sent it, never the server's temporary
path: glossary imports (TBX, CSV) and memory imports (TMX, XLIFF), accepted or refused."""

from __future__ import annotations

import json
import tempfile
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer

BROKEN_TBX = (
    b"<?xml version='1.0'?><tbx><text><body><termEntry id='a'>"
    b"<langSet xml:lang='it'><tig><term>x</term></tig></langSet>"
)
CSV_WITH_WARNING = b"it,sw\nmafia,mafia\nugaidi,\n"
BROKEN_TMX = b"<tmx version='1.4'><header/><body><tu><tuv xml:lang='it'><seg>a</seg></tuv></tu><tu>"
BROKEN_XLIFF = (
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    b'<file original="a" source-language="it" target-language="sw" datatype="plaintext"><body>'
    b'<trans-unit id="1"><source>Ciao</source><target state="final">Habari</target></trans-unit>'
    b'<trans-unit id="2"><source>'
)


def _no_server_path(text: str) -> None:
    assert tempfile.gettempdir() not in text, text
    assert "mkutano-upload" not in text, text


@pytest.mark.parametrize(
    ("filename", "body", "status"),
    [("terms.tbx", BROKEN_TBX, 422), ("terms.csv", CSV_WITH_WARNING, 200)],
)
def test_a_glossary_upload_is_named_as_sent(
    client: TestClient, tokens: dict[str, str], filename: str, body: bytes, status: int
) -> None:
    r = client.post(
        f"/v1/glossaries/g/import?filename={filename}",
        content=body,
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == status
    _no_server_path(r.text)
    report: dict[str, Any] = r.json()["error"]["details"] if status == 422 else r.json()
    assert report["file"] == filename
    assert report["diagnostics"]
    assert {d["file"] for d in report["diagnostics"]} == {filename}
    if status == 422:
        assert r.json()["error"]["message"].startswith(f"glossary file rejected: {filename}:1:")


@pytest.mark.parametrize(("filename", "body"), [("bad.tmx", BROKEN_TMX), ("bad.xlf", BROKEN_XLIFF)])
def test_a_memory_import_is_named_as_sent(
    client: TestClient, tokens: dict[str, str], filename: str, body: bytes
) -> None:
    admin = bearer(tokens["admin"])
    r = client.post(
        f"/v1/memories/m/import?filename={filename}",
        content=body,
        headers={**admin, "Content-Type": "application/octet-stream"},
    )
    assert r.status_code == 202, r.text
    for _ in range(600):
        job = client.get(r.json()["status_url"], headers=admin).json()
        if job["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.05)
    text = json.dumps(job)
    _no_server_path(text)
    assert f"{filename}:" in text


def test_a_refused_format_is_named_as_sent(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.post(
        "/v1/memories/m/import?filename=notes.pdf",
        content=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 415
    _no_server_path(r.text)
    assert "notes.pdf" in r.json()["error"]["message"]
