"""Every HTTP route that takes a document identifies it first, as the CLI does.

A PDF (plain or encrypted), a password-protected Office file, a spreadsheet or any binary
answers 415 ``unsupported_format``: one message naming the file as sent, what it is and the
formats taken; no temporary copy is left and nothing is stored. A DOCX body is read as DOCX.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from .conftest import bearer

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


# body, what the message must say it is
BODIES = {
    "pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "a PDF document"),
    "encrypted-pdf": (
        b"%PDF-1.7\n1 0 obj\n<< /Encrypt 2 0 R >>\n%%EOF\n",
        "PDF document, encrypted",
    ),
    "encrypted-office": (
        _OLE + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512,
        "a password-protected Office document",
    ),
    "xlsx": (_zip({"xl/workbook.xml": b"<workbook/>"}), "an XLSX spreadsheet"),
    "elf": (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4, "an executable (ELF)"),
}
ROUTES = {
    "analyze": ("/v1/analyze", {"source_lang": "it", "target_lang": "sw"}),
    "pretranslate": ("/v1/pretranslate", {"source_lang": "it", "target_lang": "sw"}),
    "workbench": (
        "/v1/workbench/work",
        {"memory": "g7", "source_lang": "it", "target_lang": "sw"},
    ),
}


@pytest.mark.parametrize("kind", sorted(BODIES))
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_unsupported_document_is_415_naming_what_it_is(
    client: TestClient,
    tokens: dict[str, str],
    route: str,
    kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, params = ROUTES[route]
    body, description = BODIES[kind]
    uploads = tmp_path / "uploads"  # where the server keeps its temporary copies
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))
    r = client.post(
        path,
        params={**params, "filename": f"../secret/{kind}.txt"},
        content=body,
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 415, r.text
    error = r.json()["error"]
    assert error["code"] == "unsupported_format"
    message = error["message"]
    assert message.startswith(f"{kind}.txt: this is "), message
    assert description in message
    assert "supported: plain text, HTML" in message
    assert "/tmp" not in message
    assert "secret" not in message
    assert "\n" not in message
    assert list(uploads.iterdir()) == []  # the upload's temporary copy is gone
    if route == "workbench":  # nothing was opened as work
        listed = client.get("/v1/workbench/work", headers=bearer(tokens["admin"]))
        assert listed.status_code == 200
        assert listed.json()["work"] == []


def test_a_docx_body_is_analysed_as_docx(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    d = docx.Document()
    d.add_paragraph("Il Gruppo Roma/Lione si è riunito a Roma. La riunione è durata due giorni.")
    d.add_paragraph("I delegati erano 45.")
    d.save(str(tmp_path / "r.docx"))
    r = client.post(
        "/v1/analyze",
        params={"source_lang": "it", "target_lang": "sw", "filename": "r.docx"},
        content=(tmp_path / "r.docx").read_bytes(),
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 200, r.text
    (file,) = r.json()["files"]
    assert file["name"] == "r.docx"
    assert file["segments"] == 3
