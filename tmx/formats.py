"""What a file is, told from its content: the one place mkutano identifies an input format.

:func:`identify` looks at the first bytes (and, for a zip or OLE container, at its member
names) and returns a :class:`FileFormat`: ``text``, ``html``, ``docx``, ``odt``, ``tmx``,
``xliff``, ``sdlxliff``, ``mqxliff``, or an unsupported kind (``pdf``, ``doc``, ``xlsx``,
``image``, ``binary``, ``xml``...) with a readable description and whether it is encrypted.

:func:`require` turns an unsupported or encrypted file into :class:`UnsupportedFormatError`
with one line saying what the file is and which formats the command takes;
:func:`read_document` and :func:`write_document` open and write any document format.
"""

from __future__ import annotations

import gzip
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .document import Document
from .errors import TMXError
from .html import read_html_document, write_html_document
from .office import OfficeDocument, read_office_document, write_office_document
from .segmenter import Segmenter
from .text import read_text_document, write_text_document
from .xmlsafe import sniff_encoding

__all__ = [
    "BILINGUAL_FORMATS",
    "DOCUMENT_FORMATS",
    "FileFormat",
    "UnsupportedFormatError",
    "identify",
    "read_document",
    "require",
    "write_document",
]

#: Formats a monolingual document can be read from (segment, analyze, pretranslate).
DOCUMENT_FORMATS = ("text", "html", "docx", "odt")
#: Formats a memory can be fed from (import).
BILINGUAL_FORMATS = ("tmx", "xliff", "sdlxliff", "mqxliff")

_LABELS = {
    "text": "plain text",
    "html": "HTML",
    "docx": "DOCX",
    "odt": "ODT",
    "tmx": "TMX",
    "xliff": "XLIFF 1.2/2.x",
    "sdlxliff": "SDLXLIFF",
    "mqxliff": "memoQ MQXLIFF",
}
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HEAD = 64 * 1024
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "a PDF document"),
    (b"{\\rtf", "rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "image", "a PNG image"),
    (b"\xff\xd8\xff", "image", "a JPEG image"),
    (b"GIF8", "image", "a GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "archive", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "archive", "a RAR archive"),
    (b"\x7fELF", "binary", "an executable (ELF)"),
    (b"-----BEGIN PGP MESSAGE-----", "pgp", "an OpenPGP-encrypted message"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": ("odt", "an ODT document"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", "an ODS spreadsheet"),
    "application/vnd.oasis.opendocument.presentation": ("odp", "an ODP presentation"),
}
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")


class UnsupportedFormatError(TMXError):
    """A file is not in a format the operation takes (binary, unknown, encrypted)."""


@dataclass(frozen=True)
class FileFormat:
    """What a file is: a format name, a description for messages, whether it is encrypted."""

    name: str
    description: str
    encrypted: bool = False


def identify(path: str | os.PathLike[str]) -> FileFormat:
    """Tell what the file at ``path`` is from its content (the suffix only to tell HTML)."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(path)
    if head.startswith(_OLE):
        return _ole_format(path)
    for magic, name, description in _MAGIC:
        if head.startswith(magic):
            encrypted = name == "pgp" or (name == "pdf" and _pdf_encrypted(path))
            return FileFormat(name, description + (", encrypted" if encrypted else ""), encrypted)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as gz:
                inner = _text_format(gz.read(_HEAD), Path(path).with_suffix("").suffix)
        except (OSError, EOFError):
            return FileFormat("archive", "a broken gzip file")
        if inner.name == "tmx":
            return FileFormat("tmx", "a gzip-compressed TMX file")
        return FileFormat("archive", "a gzip-compressed file")
    return _text_format(head, Path(path).suffix)


def _zip_format(path: str | os.PathLike[str]) -> FileFormat:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if any(i.flag_bits & 0x1 for i in infos):
                return FileFormat("zip", "a password-protected zip archive", encrypted=True)
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    mime = fh.read(200).decode("ascii", "replace").strip()
                if mime in _ODF_KINDS:
                    return FileFormat(*_ODF_KINDS[mime])
    except (zipfile.BadZipFile, OSError) as exc:
        return FileFormat("zip", f"a broken zip file ({exc})")
    if "word/document.xml" in names:
        return FileFormat("docx", "a DOCX document")
    if "xl/workbook.xml" in names:
        return FileFormat("xlsx", "an XLSX spreadsheet")
    if "ppt/presentation.xml" in names:
        return FileFormat("pptx", "a PPTX presentation")
    return FileFormat("zip", "a zip archive")


def _ole_format(path: str | os.PathLike[str]) -> FileFormat:
    with open(path, "rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    if "EncryptedPackage".encode("utf-16-le") in data:
        return FileFormat("ole", "a password-protected Office document", encrypted=True)
    if "WordDocument".encode("utf-16-le") in data:
        return FileFormat("doc", "a legacy Word document (.doc); save it as DOCX or ODT")
    return FileFormat("ole", "a legacy Microsoft Office file (OLE compound file)")


def _pdf_encrypted(path: str | os.PathLike[str]) -> bool:
    with open(path, "rb") as fh:
        return b"/Encrypt" in fh.read(16 * 1024 * 1024)


def _text_format(head: bytes, suffix: str) -> FileFormat:
    try:
        codec, bom, _ = sniff_encoding(head)
    except LookupError:  # an XML declaration naming an unknown encoding: still XML
        codec, bom = "utf-8", 0
    if bom or codec.startswith("utf-16"):
        head = head[bom:].decode(codec, "ignore").encode("utf-8")
    elif b"\x00" in head or _mostly_control(head):
        return FileFormat("binary", "binary data of an unknown format")
    start = head.lstrip()
    if start.startswith(b"<"):
        return _markup_format(start, suffix)
    if suffix.lower() in _HTML_SUFFIXES:
        return FileFormat("html", "an HTML page")
    return FileFormat("text", "plain text")


def _mostly_control(head: bytes) -> bool:
    if not head:
        return False
    control = sum(1 for b in head if b < 0x20 and b not in b"\t\n\r\f")
    return control > len(head) // 20


def _markup_format(start: bytes, suffix: str) -> FileFormat:
    if start[:200].lower().startswith((b"<!doctype html", b"<html")):
        return FileFormat("html", "an HTML page")
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", start, flags=re.DOTALL)
    m = _ROOT.search(body)
    root = m.group(2).decode("ascii", "replace").lower() if m else ""
    if root == "html":
        return FileFormat("html", "an HTML page")
    if root == "tmx":
        return FileFormat("tmx", "a TMX file")
    if root == "xliff":
        if b"http://sdl.com/FileTypes/SdlXliff/1.0" in start:
            return FileFormat("sdlxliff", "an SDLXLIFF file")
        if b'"MQXliff"' in start:
            return FileFormat("mqxliff", "a memoQ MQXLIFF file")
        return FileFormat("xliff", "an XLIFF file")
    if suffix.lower() in _HTML_SUFFIXES:
        return FileFormat("html", "an HTML page")
    if start.startswith(b"<?xml") or (m and b"xmlns" in body[: m.end() + 400]):
        return FileFormat("xml", f"an XML document (root <{root}>)")
    return FileFormat("text", "plain text")


def require(path: str | os.PathLike[str], allowed: Sequence[str]) -> FileFormat:
    """The format of ``path`` if it is one of ``allowed``, else :class:`UnsupportedFormatError`."""
    fmt = identify(path)
    if fmt.name in allowed and not fmt.encrypted:
        return fmt
    supported = ", ".join(_LABELS.get(a, a) for a in allowed)
    raise UnsupportedFormatError(f"{path}: this is {fmt.description}; supported: {supported}")


def read_document(
    path: str | os.PathLike[str], lang: str, *, segmenter: Segmenter | None = None
) -> Document:
    """Read a document in any of :data:`DOCUMENT_FORMATS` (others: UnsupportedFormatError)."""
    fmt = require(path, DOCUMENT_FORMATS)
    if fmt.name == "html":
        return read_html_document(path, lang, segmenter=segmenter)
    if fmt.name in ("docx", "odt"):
        return read_office_document(path, lang, segmenter=segmenter)
    return read_text_document(path, lang, segmenter=segmenter)


def write_document(doc: Document, path: str | os.PathLike[str], *, target: bool = True) -> None:
    """Write ``doc`` back in the format it was read from, translated when ``target``."""
    if isinstance(doc, OfficeDocument):
        write_office_document(doc, path, target=target)
    elif doc.format == "html":
        write_html_document(doc, path, target=target)
    else:
        write_text_document(doc, path, target=target)
