"""Bytes of any XML file made ready for the parser: UTF-8, legal characters, no entity to expand.

:func:`open_xml_stream` opens a file (path, binary file, gzip) as an :class:`XMLStream`, which
gives the parser UTF-8 bytes whatever the input encoding: it reads the byte-order mark (UTF-8,
UTF-16 LE/BE, UTF-32) or the XML declaration (``windows-1252``, ``iso-8859-1``, ...) and
transcodes when needed. On the way it repairs, in the same way on every libxml2 release, the
defects real translation files have, and reports each repair through a callback with its line:

- characters XML 1.0 forbids (control characters, ``&#1;``-style references to them) are
  removed (``on_illegal``);
- an entity XML does not predefine (``&nbsp;``, ``&eacute;``: HTML habits) is replaced by its
  character when HTML5 names it, else kept as the literal text ``&name;``; a bare ``&`` that
  starts no reference is kept as the text ``&`` (``on_repair``);
- the internal subset of a ``DOCTYPE`` (``<!DOCTYPE tmx [ <!ENTITY ...> ]>``) is blanked out, so
  an entity is never declared, never expanded ("billion laughs") and never read from a file or
  URL (XXE): its references are kept as literal text like any undeclared entity (``on_repair``);
- bytes that are not valid in the encoding stop the stream at that point with a
  :class:`~tmx.errors.TMXParseError` naming the line, after everything before them has been
  delivered, so the reader keeps every unit before the break.

Text inside CDATA sections, comments and processing instructions is never touched. Line
numbers are kept: a repair never adds or removes a newline.
"""

from __future__ import annotations

import codecs
import gzip
import html.entities
import io
import os
import re
import unicodedata
from collections.abc import Callable
from typing import IO, Any, BinaryIO

from .errors import Diagnostic, TMXParseError

__all__ = [
    "XMLStream",
    "is_xml_char_legal",
    "open_xml_stream",
    "sniff_encoding",
    "strip_illegal_xml_chars",
]

#: Called with (line, code point) for every character removed because XML 1.0 forbids it.
IllegalCharHandler = Callable[[int, int], None]
#: Called with (line, message) for every other repair (an entity, an ampersand, a DOCTYPE).
RepairHandler = Callable[[int, str], None]

# Characters that XML 1.0 forbids (besides the surrogates, which str can hold but XML cannot).
_ILLEGAL_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_CTRL = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
# Raw control characters, U+FFFE/U+FFFF in UTF-8, and every character reference (checked one by one).
_SCAN_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|&#[xX]?[0-9a-fA-F]{1,12};"
)
_CHARREF = re.compile(rb"&#([xX]?)([0-9a-fA-F]+);")
# What the entity repair looks at: an "&" that starts neither a predefined entity nor a character
# reference, and the openers of the sections whose text is left alone.
_MARKUP = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);|#)|<!\[CDATA\[|<!--|<\?")
# the same two halves, searched one at a time on the fast path (an alternation is 3x slower)
_AMP = re.compile(rb"&(?!amp;|lt;|gt;|quot;|apos;|#)")
_SECTION = re.compile(rb"<!\[CDATA\[|<!--|<\?")
_ENTITY_REF = re.compile(rb"&([A-Za-z_:][-A-Za-z0-9._:]{0,63});")
_CLOSERS = {b"<![CDATA[": b"]]>", b"<!--": b"-->", b"<?": b"?>"}
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_HTML5 = html.entities.html5
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+([^\s%][^\s>]*)")
_MAX_PROLOG = 1 << 20  # a DOCTYPE (with its internal subset) larger than this is refused
#: More attributes than this on one element stop the stream there: libxml2 and lxml take time
#: quadratic in the count (100,000 attributes: minutes), and no translation format needs more
#: than a few dozen.
MAX_ATTRIBUTES = 1000
#: A segment (TMX ``<seg>``, XLIFF ``<source>``/``<target>``) longer than this, in characters, is
#: skipped with its unit: a sentence or a paragraph is a few thousand characters at most, and a
#: 1 MB segment was stored, then scored on every lookup.
MAX_SEGMENT_CHARS = 100_000


def segment_too_long(element: str, length: int) -> str | None:
    """The diagnostic for a segment of ``length`` characters, or None when it is within
    :data:`MAX_SEGMENT_CHARS`."""
    if length <= MAX_SEGMENT_CHARS:
        return None
    return (
        f"<{element}> of {length:,} characters, over the limit of {MAX_SEGMENT_CHARS:,} "
        "(a broken file or an attack)"
    )


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
    """A readable binary stream of UTF-8 XML, repaired as the module docstring says.

    Made by :func:`open_xml_stream`; pass it to :func:`~tmx.xmlsafe.safe_iterparse`.
    ``encoding`` is the encoding the input was read in, ``declared`` the one its XML
    declaration names, ``illegal_chars`` the number of characters removed so far and
    ``repairs`` the number of other repairs.
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
        on_repair: RepairHandler | None = None,
        owns: bool = True,
    ) -> None:
        self.name = name
        self.encoding = encoding
        self.declared = declared
        self.illegal_chars = 0
        self.repairs = 0
        self._raw = raw
        self._owns = owns
        self._on_illegal = on_illegal
        self._on_repair = on_repair
        self._pending = head
        self._eof = False
        self._carry = b""  # bytes held back: a reference or marker cut by the chunk boundary
        self._prolog = b""  # bytes before the root element, held until the DOCTYPE is complete
        self._in_prolog = True
        self._closer: bytes | None = None  # inside a CDATA section, comment or PI: its end
        self._open_attributes = 0  # attribute values since the last ">" of earlier chunks
        self._failure: TMXParseError | None = None  # raised once what preceded it is delivered
        self._lines = 0  # newlines already handed to the parser
        self._first = True
        self._decoder: codecs.IncrementalDecoder | None = None
        self._utf8_tail = b""  # the start of a UTF-8 sequence cut by the chunk boundary
        if encoding not in _UTF8_NAMES and codecs.lookup(encoding).name != "utf-8":
            self._decoder = codecs.getincrementaldecoder(encoding)("strict")

    # -- file protocol -------------------------------------------------------------------------
    def read(self, size: int = -1) -> bytes:
        """Return the next chunk of UTF-8 bytes (``b""`` at the end)."""
        while True:
            if self._failure is not None:
                failure, self._failure = self._failure, None
                self._eof, self._pending, self._carry, self._prolog = True, b"", b"", b""
                raise failure
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
            final = self._eof and not self._pending
            data = self._transcode(data, final=final) if self._decoder else self._utf8(data, final)
            flush = final or self._failure is not None  # nothing more comes after bad bytes
            if self._in_prolog:
                data = self._skip_prolog(data, final=flush)
            out = self._clean(data, final=flush)
            if out or (final and not self._carry and self._failure is None):
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

    # -- decoding ------------------------------------------------------------------------------
    def _line_at(self, data: bytes, pos: int) -> int:
        """The line of ``data[pos]``, ``data`` being the next bytes handed to the parser."""
        return self._lines + self._carry.count(b"\n") + data.count(b"\n", 0, pos) + 1

    def _bad_bytes(self, line: int, what: str) -> TMXParseError:
        return TMXParseError(
            Diagnostic(
                self.name,
                line,
                f"{what} not valid {self.encoding.upper()}; declare the file's real encoding "
                'in its XML declaration (e.g. encoding="windows-1252") or save it as UTF-8',
            )
        )

    def _utf8(self, data: bytes, final: bool) -> bytes:
        """Check that ``data`` is UTF-8; hold back a sequence cut at the end; stop at bad bytes."""
        if self._utf8_tail:
            data = self._utf8_tail + data
            self._utf8_tail = b""
        if data.isascii():
            return data
        try:
            _text, used = codecs.utf_8_decode(data, "strict", final)
        except UnicodeDecodeError as exc:
            good = data[: exc.start]
            byte = data[exc.start]
            self._failure = self._bad_bytes(
                self._line_at(self._prolog + good, len(self._prolog) + len(good)),
                f"byte 0x{byte:02X} is",
            )
            return good
        if used < len(data):
            self._utf8_tail = data[used:]
            return data[:used]
        return data

    def _transcode(self, data: bytes, *, final: bool) -> bytes:
        assert self._decoder is not None
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            partial = exc.object[: exc.start]
            prefix = partial.decode(self.encoding, errors="ignore") if partial else ""
            good = prefix.encode("utf-8", errors="surrogatepass")
            self._failure = self._bad_bytes(
                self._line_at(self._prolog + good, len(self._prolog) + len(good)), "bytes"
            )
            text = prefix
        if self._first and text:
            self._first = False
            text = text.lstrip("\ufeff")
            text = _DECL_REWRITE.sub(r"\1UTF-8\3", text, count=1)
        return text.encode("utf-8", errors="surrogatepass")

    # -- the prolog: blank out a DOCTYPE's internal subset ---------------------------------------
    def _skip_prolog(self, data: bytes, *, final: bool) -> bytes:
        buf = self._prolog + data
        end = _prolog_end(buf)
        if end is None and not final:
            if len(buf) > _MAX_PROLOG:
                self._failure = TMXParseError(
                    Diagnostic(self.name, 1, "the DOCTYPE is larger than 1 MiB; file refused")
                )
                self._prolog = b""
                return b""
            self._prolog = buf
            return b""
        self._prolog = b""
        self._in_prolog = False
        return _blank_subset(buf, self._lines, self._repaired)

    def _repaired(self, line: int, message: str) -> None:
        self.repairs += 1
        if self._on_repair is not None:
            self._on_repair(line, message)

    # -- characters and entities -----------------------------------------------------------------
    def _clean(self, data: bytes, *, final: bool) -> bytes:
        if self._carry:
            data = self._carry + data
            self._carry = b""
        if not final and data:
            cut = len(data)
            amp = data.rfind(b"&", max(0, len(data) - 72))
            if amp != -1 and b";" not in data[amp:]:
                cut = amp
            lt = data.rfind(b"<", max(0, len(data) - 9))
            if lt != -1 and b">" not in data[lt:]:
                cut = min(cut, lt)
            tail = len(data) - len(data.rstrip(b"]-?"))
            cut = min(cut, len(data) - min(tail, 2))
            if data.endswith(b"\xef"):
                cut = min(cut, len(data) - 1)
            elif data.endswith(b"\xef\xbf"):
                cut = min(cut, len(data) - 2)
            data, self._carry = data[:cut], data[cut:]
        if not data:
            return data
        data = self._limit_attributes(data)
        if (
            len(data.translate(None, _ILLEGAL_CTRL)) != len(data)
            or b"&#" in data
            or b"\xef\xbf\xbe" in data
            or b"\xef\xbf\xbf" in data
        ):
            data = _SCAN_BYTES.sub(lambda m: self._removed(m, data), data)
        if self._closer is None and _AMP.search(data) is None and _SECTION.search(data) is None:
            return data
        return self._entities(data)

    def _limit_attributes(self, data: bytes) -> bytes:
        """Stop before an element with more than :data:`MAX_ATTRIBUTES` attribute values."""
        n = data.count(b'="') + data.count(b"='")
        if self._open_attributes + n > MAX_ATTRIBUTES:  # rare: look at each tag of the chunk
            pos, count = 0, self._open_attributes
            while pos <= len(data):
                gt = data.find(b">", pos)
                end = len(data) if gt == -1 else gt
                count += data.count(b'="', pos, end) + data.count(b"='", pos, end)
                if count > MAX_ATTRIBUTES:
                    cut = max(data.rfind(b"<", 0, end), 0)
                    self._failure = TMXParseError(
                        Diagnostic(
                            self.name,
                            self._lines + data.count(b"\n", 0, cut) + 1,
                            f"an element with more than {MAX_ATTRIBUTES:,} attributes "
                            "(a broken file or an attack); not read",
                        )
                    )
                    self._open_attributes = 0
                    return data[:cut]
                if gt == -1:
                    break
                pos, count = gt + 1, 0
        last = data.rfind(b">")
        if last == -1:
            self._open_attributes += n
        else:
            self._open_attributes = data.count(b'="', last) + data.count(b"='", last)
        return data

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

    def _entities(self, data: bytes) -> bytes:
        """Repair undeclared entities and bare ampersands outside CDATA, comments and PIs."""
        out: list[bytes] = []
        pos, n = 0, len(data)
        while pos < n:
            if self._closer is not None:
                end = data.find(self._closer, pos)
                if end == -1:
                    out.append(data[pos:])
                    break
                end += len(self._closer)
                out.append(data[pos:end])
                pos, self._closer = end, None
                continue
            m = _MARKUP.search(data, pos)
            if m is None:
                out.append(data[pos:])
                break
            out.append(data[pos : m.start()])
            token = m.group()
            if token != b"&":
                self._closer = _CLOSERS[token]
                out.append(token)
                pos = m.end()
                continue
            line = self._lines + data.count(b"\n", 0, m.start()) + 1
            ref = _ENTITY_REF.match(data, m.start())
            if ref is None:
                self._repaired(
                    line, 'a bare "&" that starts no entity reference; kept as the text "&"'
                )
                out.append(b"&amp;")
                pos = m.end()
                continue
            out.append(self._entity(ref.group(1).decode("ascii"), line))
            pos = ref.end()
        return b"".join(out)

    def _entity(self, name: str, line: int) -> bytes:
        text = _HTML5.get(name + ";")
        if text is not None:
            codes = "+".join(f"U+{ord(c):04X}" for c in text)
            label = unicodedata.name(text, "") if len(text) == 1 else ""
            self._repaired(
                line,
                f"undeclared entity &{name}; replaced by {codes}"
                + (f" ({label})" if label else ""),
            )
            return text.encode("utf-8").replace(b"&", b"&amp;").replace(b"<", b"&lt;")
        self._repaired(
            line,
            f"entity &{name}; is not declared (mkutano never expands entities); "
            f'kept as the text "&{name};"',
        )
        return b"&amp;" + name.encode("ascii") + b";"


def _prolog_end(buf: bytes) -> int | None:
    """Where the root element starts in ``buf``, or None while the prolog may still go on."""
    pos, n = 0, len(buf)
    while pos < n:
        lt = buf.find(b"<", pos)
        if lt == -1 or lt + 1 >= n:
            return None
        end: int | None
        if buf.startswith(b"<?", lt):
            end = buf.find(b"?>", lt)
        elif buf.startswith(b"<!--", lt):
            end = buf.find(b"-->", lt)
        elif buf.startswith(b"<!", lt):
            if len(buf) - lt < 9:
                return None
            end = _doctype_end(buf, lt)
        else:
            return lt
        if end is None or end == -1:
            return None
        pos = end + 1
    return None


def _doctype_end(buf: bytes, start: int) -> int | None:
    """The index of the ``>`` closing the declaration at ``start`` (quotes, subset respected)."""
    i, n, depth = start + 2, len(buf), 0
    while i < n:
        c = buf[i]
        if c in (0x22, 0x27):  # a quoted literal
            j = buf.find(bytes([c]), i + 1)
            if j == -1:
                return None
            i = j + 1
            continue
        if depth and buf.startswith(b"<!--", i):
            j = buf.find(b"-->", i)
            if j == -1:
                return None
            i = j + 3
            continue
        if c == 0x5B:  # [
            depth += 1
        elif c == 0x5D:  # ]
            depth -= 1
        elif c == 0x3E and depth <= 0:  # >
            return i
        i += 1
    return None


def _blank_subset(buf: bytes, lines: int, report: RepairHandler) -> bytes:
    """Return ``buf`` with the internal subset of its DOCTYPE (if any) replaced by newlines."""
    start = buf.find(b"<!DOCTYPE")
    if start == -1:
        return buf
    end = _doctype_end(buf, start)
    if end is None:
        return buf
    decl = buf[start : end + 1]
    open_ = _subset_open(decl)
    if open_ is None:
        return buf
    close = decl.rfind(b"]")
    subset = decl[open_ : close + 1]
    names = sorted({m.group(1).decode("utf-8", "replace") for m in _ENTITY_DECL.finditer(subset)})
    line = lines + buf.count(b"\n", 0, start) + 1
    what = f"declares the entities {', '.join(names[:5])}" if names else "has an internal subset"
    if len(names) > 5:
        what += f" and {len(names) - 5} more"
    report(
        line,
        f"the DOCTYPE {what}; declarations are ignored and entities never expanded "
        "(their references are kept as text)",
    )
    blank = b"\n" * subset.count(b"\n")
    return buf[:start] + decl[:open_] + blank + decl[close + 1 :] + buf[end + 1 :]


def _subset_open(decl: bytes) -> int | None:
    """The index of the ``[`` opening the internal subset of a DOCTYPE declaration, if any."""
    i, n = 0, len(decl)
    while i < n:
        c = decl[i]
        if c in (0x22, 0x27):
            j = decl.find(bytes([c]), i + 1)
            if j == -1:
                return None
            i = j + 1
            continue
        if c == 0x5B:
            return i
        i += 1
    return None


def open_xml_stream(
    source: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    name: str | None = None,
    on_illegal: IllegalCharHandler | None = None,
    on_repair: RepairHandler | None = None,
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
        on_repair=on_repair,
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
