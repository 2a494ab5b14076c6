"""Identifying input formats from content, and the one-line refusal of unsupported ones."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from mkutano.tmx.formats import (
    BILINGUAL_FORMATS,
    DOCUMENT_FORMATS,
    UnsupportedFormatError,
    identify,
    read_document,
    require,
)

DATA = Path(__file__).resolve().parents[2] / "tm" / "data"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _ole(tmp_path: Path, stream_name: str) -> Path:
    body = b"\x00" * 1000 + stream_name.encode("utf-16-le") + b"\x00" * 1000
    return _write(tmp_path / "x.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body)


def test_text_html_and_tmx_are_told_apart_by_content(tmp_path: Path) -> None:
    assert identify(DATA / "report.it.txt").name == "text"
    assert identify(DATA / "g7-rome-lyon.tmx").name == "tmx"
    page = _write(tmp_path / "page.txt", b"<!DOCTYPE html><html><p>Ciao</p></html>")
    assert identify(page).name == "html"
    fragment = _write(tmp_path / "frag.html", b"<p>Ciao</p>")
    assert identify(fragment).name == "html"
    utf16 = _write(tmp_path / "u.txt", "Habari yako.".encode("utf-16"))
    assert identify(utf16).name == "text"


def test_xliff_flavours_are_recognised(corpus: Path) -> None:
    xliff = corpus / "xliff"
    sdl = xliff / "matecat-xliff-parser" / "sdlxliff" / "piazza.sdlxliff"
    assert identify(sdl).name == "sdlxliff"
    assert identify(xliff / "okapi" / "filters-xliff2" / "test01.xlf").name == "xliff"
    assert identify(xliff / "okapi" / "filters-xliff" / "MQ-12-Test01.xlf").name == "mqxliff"


def test_gzip_tmx_is_tmx(tmp_path: Path) -> None:
    gz = _write(tmp_path / "m.tmx.gz", gzip.compress((DATA / "g7-rome-lyon.tmx").read_bytes()))
    assert identify(gz).name == "tmx"


def test_encrypted_office_document_is_named_and_refused(tmp_path: Path) -> None:
    enc = _ole(tmp_path, "EncryptedPackage")
    fmt = identify(enc)
    assert fmt.encrypted
    with pytest.raises(UnsupportedFormatError) as info:
        require(enc, DOCUMENT_FORMATS)
    message = str(info.value)
    assert "password-protected Office document" in message
    assert "supported: plain text, HTML, DOCX, ODT" in message
    assert "\n" not in message


def test_legacy_doc_pdf_image_and_binary_are_named(tmp_path: Path) -> None:
    assert identify(_ole(tmp_path, "WordDocument")).name == "doc"
    pdf = identify(_write(tmp_path / "a.pdf", b"%PDF-1.7\n1 0 obj\n<< /Encrypt 2 0 R >>"))
    assert (pdf.name, pdf.encrypted, pdf.description) == ("pdf", True, "a PDF document, encrypted")
    assert identify(_write(tmp_path / "p.txt", b"\x89PNG\r\n\x1a\n" + bytes(100))).name == "image"
    assert identify(_write(tmp_path / "b.txt", bytes(range(256)) * 4)).name == "binary"


def test_encrypted_zip_and_spreadsheet_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", b"garbage")
    data = bytearray(path.read_bytes())  # set the "encrypted" flag as a zip tool would
    data[6] |= 0x1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    assert identify(path).encrypted
    xlsx = tmp_path / "book.xlsx"
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
    with pytest.raises(UnsupportedFormatError, match="an XLSX spreadsheet; supported: TMX"):
        require(xlsx, BILINGUAL_FORMATS)


def test_read_document_refuses_xliff_and_reads_text(tmp_path: Path) -> None:
    doc = read_document(DATA / "report.it.txt", "it")
    assert doc.format == "text"
    assert doc.segments
    with pytest.raises(UnsupportedFormatError, match="this is a TMX file; supported: plain text"):
        read_document(DATA / "g7-rome-lyon.tmx", "it")
