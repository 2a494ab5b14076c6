"""Word-processing documents: DOCX (Office Open XML) and ODT (OpenDocument text).

:func:`read_office_document` opens the zip package safely (:mod:`tmx.package`), checks every
XML part it will touch with the safe parser (:mod:`tmx.xmlsafe`: no DTD, no entities), and makes
one :class:`OfficeDocument` of the translatable text of all of them:

- DOCX: ``word/document.xml`` (body, tables, text boxes), the headers and footers, footnotes,
  endnotes and comments. Text is what ``<w:t>`` elements hold; a paragraph is a ``<w:p>``. The
  markup between two pieces of text of a paragraph (the end of one run and the start of the
  next, with its formatting, a tab, a break, a field) becomes one ``ph`` tag whose code is that
  markup: it always closes and reopens a run, so the tags of a segment may be moved or reordered
  and the XML stays well-formed.
- ODT: ``content.xml`` and ``styles.xml`` (headers and footers live in the master pages).
  Text is the character data of ``<text:p>`` and ``<text:h>``; inline elements (``text:span``,
  ``text:a``, ``text:s``, ``text:tab``, bookmarks...) become ``bpt``/``ept`` pairs (an ``it``
  when a sentence break falls inside them) and ``ph`` for empty ones. Notes, frames and
  annotations break the paragraph: their own paragraphs are extracted on their own, their
  citations and metadata are not text.

Everything else (markup before and after the text of each paragraph, parts without text,
images, styles, settings) is kept verbatim, and :func:`write_office_document` writes the
package back with only the text replaced: the untranslated document comes back byte for byte
in every part, a translated one differs only inside the text it translated.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field

from lxml import etree

from .document import Document, isolate_unpaired, render, segment_paragraph
from .errors import TMXError
from .model import Segment, Tag
from .package import Package, read_package, write_package
from .segmenter import Segmenter
from .xmlsafe import safe_fromstring

__all__ = [
    "OfficeDocument",
    "OfficeFormatError",
    "read_office_document",
    "render_office_document",
    "write_office_document",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_DOCX_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
_ODT_PARTS = ("content.xml", "styles.xml")
# inline ODF text elements (a paragraph goes on across them); any other element breaks it
_ODT_INLINE = {
    "span", "a", "s", "tab", "line-break", "soft-page-break", "bookmark", "bookmark-start",
    "bookmark-end", "reference-mark", "reference-mark-start", "reference-mark-end",
    "change", "change-start", "change-end", "ruby", "ruby-base", "meta", "hidden-text",
    "page-number", "page-count", "date", "time", "sequence", "ruby-text",
}  # fmt: skip
_TOKEN = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<!.*?>"
    r"|<(/?)([^\s/>!?]+)((?:[^>\"'/]|/(?!>)|\"[^\"]*\"|'[^']*')*)(/?)>",
    re.DOTALL,
)


class OfficeFormatError(TMXError):
    """A DOCX or ODT file cannot be used: not such a package, or an unsafe or broken part."""


@dataclass
class OfficeDocument(Document):
    """A document read from a DOCX/ODT package: the skeleton covers every text part in turn."""

    package: Package | None = None
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # name, skeleton slice


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def office_format(package: Package) -> str | None:
    """``"docx"``, ``"odt"`` or ``None`` for another kind of package."""
    if ODT_MIMETYPE.encode() == package.data.get("mimetype", b"").strip():
        return "odt"
    if "word/document.xml" in package.data:
        return "docx"
    return None


def read_office_document(
    path: str | os.PathLike[str], lang: str, *, segmenter: Segmenter | None = None
) -> OfficeDocument:
    """Read a DOCX or ODT file as one document (see the module documentation)."""
    name = str(path)
    package = read_package(path)
    kind = office_format(package)
    if kind is None:
        raise OfficeFormatError(f"{name}: a zip package, but neither a DOCX nor an ODT document")
    doc = OfficeDocument(name=name, format=kind, source_lang=lang, package=package)
    if kind == "docx":
        names = [n for n in package.names() if _DOCX_PARTS.match(n)]
        names.sort(key=lambda n: (n != "word/document.xml", n))
    else:
        names = [n for n in _ODT_PARTS if n in package.data]
    for part in names:
        text = _decode(package.data[part], name, part)
        start = len(doc.skeleton)
        _Scanner(doc, kind, text, _prefix(text, _W if kind == "docx" else _TEXT), segmenter).run()
        doc.parts.append((part, start, len(doc.skeleton)))
    return doc


def _decode(data: bytes, name: str, part: str) -> str:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise OfficeFormatError(f"{name}: {part} declares a DTD or entities; refused")
    try:
        safe_fromstring(data)
        return data.decode("utf-8")
    except (etree.XMLSyntaxError, UnicodeDecodeError, ValueError) as exc:
        raise OfficeFormatError(f"{name}: {part} is not well-formed UTF-8 XML ({exc})") from exc


def _prefix(text: str, namespace: str) -> str:
    m = re.search(r"xmlns:([\w.-]+)=[\"']" + re.escape(namespace) + "[\"']", text)
    return m.group(1) if m else ""


class _Scanner:
    """Cut one XML part into skeleton pieces and paragraphs, appending to ``doc``."""

    def __init__(
        self, doc: Document, kind: str, text: str, prefix: str, segmenter: Segmenter | None
    ) -> None:
        self.doc, self.kind, self.text, self.segmenter = doc, kind, text, segmenter
        self.block = f"{prefix}:p"
        self.text_element = f"{prefix}:t"
        self.odt_blocks = {f"{prefix}:p", f"{prefix}:h"}
        self.odt_inline = {f"{prefix}:{n}" for n in _ODT_INLINE}
        self.stack: list[tuple[str, int]] = []  # open elements: qualified name, serial
        self.serial = 0
        self.context: int | None = None  # serial of the paragraph being collected
        self.lead: list[str] = []  # skeleton text not yet appended
        self.parts: list[str | Tag] = []
        self.pending: list[tuple[str, str]] = []  # markup since the last text: (role, token)
        self.open_pairs: list[tuple[str, str]] = []
        self.counter = 0

    def run(self) -> None:
        text, pos = self.text, 0
        for m in _TOKEN.finditer(text):
            if m.start() > pos:
                self._chars(text[pos : m.start()])
            pos = m.end()
            token = m.group(0)
            qname = m.group(2)
            if not qname:
                self._markup("other", token)
            elif m.group(4):
                self._markup("empty", token)
            elif m.group(1):
                if self.stack and self.stack[-1][0] == qname:
                    self.stack.pop()
                self._markup("close", token)
            else:
                self.serial += 1
                self.stack.append((qname, self.serial))
                self._markup("open", token)
        if pos < len(text):
            self._chars(text[pos:])
        self._flush()
        if self.lead:
            self.doc.skeleton.append("".join(self.lead))

    def _where(self) -> int | None:
        """The serial of the paragraph this text belongs to, ``None`` when it is not text."""
        if self.kind == "docx":
            if not self.stack or self.stack[-1][0] != self.text_element:
                return None
            return next((s for q, s in reversed(self.stack) if q == self.block), None)
        for q, s in reversed(self.stack):
            if q in self.odt_blocks:
                return s
            if q not in self.odt_inline:
                return None
        return None

    def _chars(self, raw: str) -> None:
        where = self._where()
        if where is None or (where != self.context and not raw.strip()):
            self._markup("other", raw)
            return
        if where != self.context:
            self._flush()
            self.context = where
        if self.parts:
            self._tags()
        else:
            self.lead += [token for _, token in self.pending]
            self.pending = []
        self.parts.append(html.unescape(raw))

    def _markup(self, role: str, token: str) -> None:
        if self.context is None:
            self.lead.append(token)
        else:
            self.pending.append((role, token))

    def _tags(self) -> None:
        """Turn the markup since the last text into tags of the paragraph."""
        if self.kind == "docx":
            self.counter += 1
            code = _escape("".join(token for _, token in self.pending))
            self.parts.append(Tag("ph", "empty", (("x", str(self.counter)),), code))
            self.pending = []
            return
        for role, token in self.pending:
            code = _escape(token)
            self.counter += 1
            n = str(self.counter)
            if role == "open":
                self.open_pairs.append((token, n))
                self.parts.append(Tag("bpt", "open", (("i", n),), code))
            elif role == "close" and self.open_pairs:
                self.parts.append(Tag("ept", "close", (("i", self.open_pairs.pop()[1]),), code))
            elif role == "close":
                self.parts.append(Tag("it", "close", (("pos", "end"), ("x", n)), code))
            else:
                self.parts.append(Tag("ph", "empty", (("x", n),), code))
        self.pending = []

    def _flush(self) -> None:
        if self.context is None:
            return
        doc = self.doc
        if self.lead:
            doc.skeleton.append("".join(self.lead))
        content = Segment(tuple(isolate_unpaired(_merge(self.parts))))
        para = segment_paragraph(content, doc.source_lang, self.segmenter)
        para.id = str(len(doc.paragraphs) + 1)
        doc.skeleton.append(len(doc.paragraphs))
        doc.paragraphs.append(para)
        self.lead = [token for _, token in self.pending]
        self.pending, self.parts, self.open_pairs = [], [], []
        self.context = None
        self.counter = 0


def _merge(parts: list[str | Tag]) -> list[str | Tag]:
    out: list[str | Tag] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return out


def render_office_document(doc: OfficeDocument, *, target: bool = True) -> dict[str, bytes]:
    """The text parts of the package rebuilt, translated when ``target``, by part name."""
    out: dict[str, bytes] = {}
    for part, start, end in doc.parts:
        piece = Document(doc.name, doc.format, doc.source_lang, doc.skeleton[start:end])
        piece.paragraphs = doc.paragraphs
        out[part] = render(piece, target=target, escape=_escape).encode("utf-8")
    return out


def write_office_document(
    doc: OfficeDocument,
    path: str | os.PathLike[str],
    *,
    target: bool = True,
) -> None:
    """Write the package to ``path`` with the translations in place of the source text."""
    if doc.package is None:
        raise OfficeFormatError(f"{doc.name}: no package to write back")
    rendered = render_office_document(doc, target=target)
    changed = {k: v for k, v in rendered.items() if v != doc.package.data[k]}
    write_package(doc.package, path, changed)
