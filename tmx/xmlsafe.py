"""The one safe way to parse XML in mkutano: no entity expansion, no DTD loading, no network.

Every XML format of the project (TMX, TBX, XLIFF, SRX) goes through this module:

- :func:`safe_parser` returns an ``lxml`` parser for whole small documents, :func:`safe_parse`
  and :func:`safe_fromstring` parse one;
- :func:`safe_iterparse` streams a large document element by element;
- :func:`open_xml_stream` opens a file (path, binary file, gzip) and gives the parser UTF-8 bytes
  whatever the input encoding: it reads the byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) or the
  XML declaration (``windows-1252``, ``iso-8859-1``, ...), transcodes when needed, and removes the
  characters XML 1.0 forbids (control characters, ``&#1;``-style references to them), reporting
  each one through a callback instead of letting the parser fail on it.

Typical use (what :mod:`tmx.reader` does)::

    with open_xml_stream("memory.tmx", on_illegal=report) as stream:
        for _event, elem in safe_iterparse(stream, ("end",), tag="tu"):
            ...
            elem.clear()

Entities are never expanded: an entity reference stays an ``lxml`` entity node in the tree (so
"billion laughs" cannot grow, and an external entity such as ``file:///etc/passwd`` is never read),
a ``DOCTYPE`` is ignored and its DTD never fetched.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, BinaryIO

from lxml import etree

from .errors import Diagnostic, TMXParseError

__all__ = [
    "XML_NS",
    "XMLStream",
    "is_xml_char_legal",
    "open_xml_stream",
    "safe_fromstring",
    "safe_iterparse",
    "safe_parse",
    "safe_parser",
    "sniff_encoding",
    "strip_illegal_xml_chars",
]

XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Called with (line, code point) for every character removed because XML 1.0 forbids it.
IllegalCharHandler = Callable[[int, int], None]

_SAFE_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "dtd_validation": False,
}

# Characters that XML 1.0 forbids (besides the surrogates, which str can hold but XML cannot).
_ILLEGAL_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_CTRL = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
# Raw control characters, U+FFFE/U+FFFF in UTF-8, and every character reference (checked one by one).
_SCAN_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|&#[xX]?[0-9a-fA-F]{1,12};"
)
_CHARREF = re.compile(rb"&#([xX]?)([0-9a-fA-F]+);")

_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.DOTALL)
_DECL_REWRITE = re.compile(r"^(<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._:-]+)([\"'])")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_NAMES = {"utf-8", "utf8", "utf_8", "u8"}

_CHUNK = 1 << 16


def safe_parser(
    *, huge_tree: bool = False, recover: bool = False, **options: Any
) -> etree.XMLParser:
    """Return an ``lxml`` parser that never expands entities, loads a DTD or uses the network.

    ``huge_tree`` lifts libxml2's size limits (only for trusted, very large single nodes);
    other keyword arguments (``remove_blank_text``, ``remove_comments``...) are passed through,
    but cannot switch the safety options back on.
    """
    opts = {**options, **_SAFE_OPTIONS, "huge_tree": huge_tree, "recover": recover}
    return etree.XMLParser(**opts)


def safe_fromstring(data: str | bytes, *, huge_tree: bool = False) -> etree._Element:
    """Parse a small document or fragment held in memory, safely (see :func:`safe_parser`)."""
    return etree.fromstring(data, safe_parser(huge_tree=huge_tree))


def safe_parse(
    source: str | os.PathLike[str] | IO[bytes] | XMLStream, *, huge_tree: bool = False
) -> etree._ElementTree:
    """Parse a whole (small) document from a path, a binary file or an :class:`XMLStream`, safely.

    Raises ``lxml.etree.XMLSyntaxError`` for input that is not well-formed; callers wrap it in
    their package's error.
    """
    if isinstance(source, XMLStream):
        parser = safe_parser(huge_tree=huge_tree, encoding="utf-8")
    else:
        parser = safe_parser(huge_tree=huge_tree)
    src: Any = os.fspath(source) if isinstance(source, (str, os.PathLike)) else source
    return etree.parse(src, parser)


def safe_iterparse(
    source: str | os.PathLike[str] | IO[bytes] | XMLStream,
    events: Sequence[str] = ("end",),
    tag: str | Iterable[str] | None = None,
    *,
    huge_tree: bool = False,
) -> etree.iterparse:
    """Stream ``source`` as ``(event, element)`` pairs, safely (see :func:`safe_parser`).

    Pass an :class:`XMLStream` (from :func:`open_xml_stream`) to read any encoding and survive
    illegal characters; a plain path or binary file is handed to libxml2 as it is. Clear each
    element once used (``elem.clear()``, and delete processed siblings) to keep memory flat.
    """
    kwargs: dict[str, Any] = {**_SAFE_OPTIONS, "huge_tree": huge_tree, "events": tuple(events)}
    if tag is not None:
        kwargs["tag"] = tag
    if isinstance(source, XMLStream):
        kwargs["encoding"] = "utf-8"  # the stream always delivers UTF-8
    src: Any = os.fspath(source) if isinstance(source, (str, os.PathLike)) else source
    return etree.iterparse(src, **kwargs)


def is_xml_char_legal(ch: str) -> bool:
    """Tell whether the single character ``ch`` may appear in an XML 1.0 document."""
    return _ILLEGAL_TEXT.match(ch) is None


def strip_illegal_xml_chars(text: str) -> tuple[str, list[int]]:
    """Return ``text`` without the characters XML 1.0 forbids, and the code points removed."""
    if _ILLEGAL_TEXT.search(text) is None:
        return text, []
    removed = [ord(m.group()) for m in _ILLEGAL_TEXT.finditer(text)]
    return _ILLEGAL_TEXT.sub("", text), removed


def sniff_encoding(head: bytes) -> tuple[str, int, str | None]:
    """Find the encoding of a document from its first bytes.

    Returns ``(python codec name, length of the byte-order mark, encoding declared in the XML
    declaration or None)``. A byte-order mark wins over the declaration; without either, the
    document is UTF-8 (UTF-16 without a mark is recognised by its ``<?`` pattern).
    Raises :class:`LookupError` when the declared encoding is unknown.
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom), _declared(head[len(bom) :], codec)
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le", 0, _declared(head, "utf-16-le")
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be", 0, _declared(head, "utf-16-be")
    declared = _declared(head, "ascii")
    if declared is None:
        return "utf-8", 0, None
    codec = codecs.lookup(declared).name
    if codec.startswith(("utf-16", "utf-32")):
        # declared UTF-16/32 but the bytes are ASCII-compatible: the declaration is wrong
        return "utf-8", 0, declared
    return codec, 0, declared


def _declared(head: bytes, codec: str) -> str | None:
    try:
        text = head[:400].decode(codec, errors="ignore").encode("ascii", errors="ignore")
    except LookupError:
        return None
    m = _DECLARATION.match(text)
    return m.group(1).decode("ascii") if m else None


class XMLStream:
    """A readable binary stream of UTF-8 XML with the characters XML 1.0 forbids removed.

    Made by :func:`open_xml_stream`; pass it to :func:`safe_iterparse`. ``encoding`` is the
    encoding the input was read in, ``declared`` the one its XML declaration names,
    ``illegal_chars`` the number of characters removed so far.
    """

    def __init__(
        self,
        raw: IO[bytes],
        *,
        encoding: str,
        declared: str | None,
        head: bytes,
        name: str,
        on_illegal: IllegalCharHandler | None = None,
        owns: bool = True,
    ) -> None:
        self.name = name
        self.encoding = encoding
        self.declared = declared
        self.illegal_chars = 0
        self._raw = raw
        self._owns = owns
        self._on_illegal = on_illegal
        self._pending = head
        self._eof = False
        self._carry = b""
        self._lines = 0  # newlines already handed to the parser
        self._first = True
        self._decoder: codecs.IncrementalDecoder | None = None
        if encoding not in _UTF8_NAMES and codecs.lookup(encoding).name != "utf-8":
            self._decoder = codecs.getincrementaldecoder(encoding)("strict")

    # -- file protocol -------------------------------------------------------------------------
    def read(self, size: int = -1) -> bytes:
        """Return the next chunk of UTF-8 bytes (``b""`` at the end)."""
        while True:
            if self._pending:
                data, self._pending = self._pending, b""
            elif self._eof:
                data = b""
            else:
                try:
                    data = self._raw.read(_CHUNK)
                except (OSError, EOFError) as exc:  # a corrupt gzip stream, a failing disk
                    raise TMXParseError(
                        Diagnostic(self.name, self._lines + 1, f"cannot read further: {exc}")
                    ) from None
                if not data:
                    self._eof = True
            if self._decoder is not None:
                data = self._transcode(data, final=self._eof and not self._pending)
            out = self._clean(data, final=self._eof and not self._pending)
            if out or (self._eof and not self._pending and not self._carry):
                self._lines += out.count(b"\n")
                return out

    def close(self) -> None:
        if self._owns:
            self._raw.close()

    def __enter__(self) -> XMLStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def line(self) -> int:
        """The line the parser has been given so far (1-based)."""
        return self._lines + 1

    # -- helpers -------------------------------------------------------------------------------
    def _transcode(self, data: bytes, *, final: bool) -> bytes:
        assert self._decoder is not None
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            partial = exc.object[: exc.start]
            prefix = partial.decode(self.encoding, errors="ignore") if partial else ""
            line = self._lines + self._carry.count(b"\n") + prefix.count("\n") + 1
            raise TMXParseError(
                Diagnostic(
                    self.name,
                    line,
                    f"bytes not valid in the encoding {self.encoding}; "
                    "save the file in that encoding or declare the right one",
                )
            ) from None
        if self._first and text:
            self._first = False
            text = text.lstrip("\ufeff")
            text = _DECL_REWRITE.sub(r"\1UTF-8\3", text, count=1)
        return text.encode("utf-8", errors="surrogatepass")

    def _clean(self, data: bytes, *, final: bool) -> bytes:
        if self._carry:
            data = self._carry + data
            self._carry = b""
        if not final and data:
            cut = len(data)
            amp = data.rfind(b"&", max(0, len(data) - 16))
            if amp != -1 and b";" not in data[amp:]:
                cut = amp
            if data.endswith(b"\xef"):
                cut = min(cut, len(data) - 1)
            elif data.endswith(b"\xef\xbf"):
                cut = min(cut, len(data) - 2)
            data, self._carry = data[:cut], data[cut:]
        if not data:
            return data
        if (
            len(data.translate(None, _ILLEGAL_CTRL)) == len(data)
            and b"&#" not in data
            and b"\xef\xbf\xbe" not in data
            and b"\xef\xbf\xbf" not in data
        ):
            return data
        return _SCAN_BYTES.sub(lambda m: self._removed(m, data), data)

    def _removed(self, m: re.Match[bytes], data: bytes) -> bytes:
        raw = m.group()
        ref = _CHARREF.fullmatch(raw)
        if ref:
            try:
                code = int(ref.group(2), 16 if ref.group(1) else 10)
            except ValueError:  # hex digits in a decimal reference: the parser will say so
                return raw
            if code <= 0x10FFFF and _ILLEGAL_TEXT.match(chr(code)) is None:
                return raw
        elif raw.startswith(b"\xef"):
            code = 0xFFFE if raw.endswith(b"\xbe") else 0xFFFF
        else:
            code = raw[0]
        self.illegal_chars += 1
        if self._on_illegal is not None:
            self._on_illegal(self._lines + data.count(b"\n", 0, m.start()) + 1, code)
        return b""


def open_xml_stream(
    source: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    name: str | None = None,
    on_illegal: IllegalCharHandler | None = None,
) -> XMLStream:
    """Open ``source`` (path or binary file, gzip-compressed or not) as an :class:`XMLStream`.

    Raises :class:`~tmx.errors.TMXParseError` (one line naming the file) when the file cannot
    be opened, is empty, or declares an encoding Python does not know. A file object passed in
    is not closed by the stream.
    """
    owns = isinstance(source, (str, os.PathLike))
    if isinstance(source, (str, os.PathLike)):
        label = name or os.fspath(source)
    else:
        label = name or str(getattr(source, "name", "") or "<stream>")
    raw: Any
    if isinstance(source, (str, os.PathLike)):
        try:
            raw = open(source, "rb")  # noqa: SIM115 - closed by XMLStream.close
        except OSError as exc:
            raise TMXParseError(
                Diagnostic(label, None, f"cannot open: {exc.strerror or exc}")
            ) from None
    else:
        raw = source
    try:
        head = raw.read(4096)
        if head.startswith(b"\x1f\x8b"):
            raw = gzip.GzipFile(fileobj=_Prepend(head, raw), mode="rb")
            head = raw.read(4096)
        while len(head) < 4096:
            more = raw.read(4096 - len(head))
            if not more:
                break
            head += more
    except (OSError, EOFError) as exc:
        if owns:
            raw.close()
        raise TMXParseError(Diagnostic(label, None, f"cannot read: {exc}")) from None
    if not head.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        if owns:
            raw.close()
        raise TMXParseError(Diagnostic(label, 1, "the file is empty; expected a TMX document"))
    try:
        encoding, bom, declared = sniff_encoding(head)
    except LookupError:
        if owns:
            raw.close()
        declared = (_declared(head, "ascii") or "?").strip()
        raise TMXParseError(
            Diagnostic(
                label,
                1,
                f"unknown encoding {declared!r} in the XML declaration; "
                "convert the file to UTF-8 or declare a known encoding",
            )
        ) from None
    if encoding == "utf-8" and bom:
        head = head[bom:]
    return XMLStream(
        raw,
        encoding=encoding,
        declared=declared,
        head=head,
        name=label,
        on_illegal=on_illegal,
        owns=owns or isinstance(raw, gzip.GzipFile),
    )


class _Prepend(io.RawIOBase):
    """Put bytes already read back in front of a stream (to re-read a gzip header)."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        self._head = head
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._raw.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()
