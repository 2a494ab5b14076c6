"""The streaming TMX reader: TMX 1.1 to 1.4b, any encoding, memory flat whatever the file size.

:func:`read_tmx` returns a :class:`TMXDocument` whose header is parsed at once and whose units
are parsed one by one while iterating (``lxml`` ``iterparse``, each ``<tu>`` cleared once read).

Problems are :class:`~tmx.errors.Diagnostic` values in ``TMXDocument.diagnostics``:

- *errors* skip a broken unit (a ``<tuv>`` without ``xml:lang``/``lang`` or with an invalid tag,
  a ``<tuv>`` without ``<seg>``, a ``<tu>`` without ``<tuv>``, markup TMX does not allow in a
  segment, an entity reference) or stop the reading of a file that breaks after some units
  (truncated, not well-formed, bytes not valid in its encoding); the units before stay read;
- *warnings* keep the unit: a date that cannot be a date, an illegal XML character (removed),
  a header without the attributes TMX requires, an unknown element, unpaired ``bpt``/``ept``.

With ``strict=True`` the first error raises :class:`~tmx.errors.TMXParseError` instead.
A file that is not TMX at all (empty, not XML, another root element, an unknown encoding)
always raises :class:`~tmx.errors.TMXParseError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Any, BinaryIO

from lxml import etree

from .dates import parse_date
from .errors import Diagnostic, LanguageTagError, TMXParseError
from .inline import InlineMarkupError, attr_name, element_to_segment
from .lang import normalize_language
from .model import Header, Note, Prop, Segment, Unit, Variant
from .xmlsafe import XML_NS, XMLStream, open_xml_stream, safe_iterparse
from .xmlstream import MAX_SEGMENT_CHARS, segment_too_long

__all__ = ["HEADER_REQUIRED", "TMX_VERSIONS", "TMXDocument", "read_tmx"]

#: Attributes TMX 1.4b requires on ``<header>``.
HEADER_REQUIRED = (
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
)
#: Values of ``<tmx version="...">`` the reader knows.
TMX_VERSIONS = frozenset({"1.1", "1.2", "1.3", "1.4", "1.4b"})

_XML_LANG = "{" + XML_NS + "}lang"
_DATE_ATTRS = ("creationdate", "changedate", "lastusagedate")
_MAX_DIAGNOSTICS = 10_000
_EMPTY = Segment()
_SKIPPED = "; tu skipped (use --strict to stop at the first error)"


class _BrokenUnit(Exception):
    """Internal: the unit being read cannot be kept."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_tmx(
    source: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    strict: bool = False,
    name: str | None = None,
) -> TMXDocument:
    """Open a TMX file for streaming: parse its header now, its units while iterating.

    ``source`` is a path or a binary file object (gzip-compressed files are read too); ``name``
    is the file name used in diagnostics (default: the path). Use the result as a context
    manager, or iterate it to the end, so the file is closed::

        with read_tmx("memory.tmx") as doc:
            for unit in doc:
                ...

    Raises :class:`~tmx.errors.TMXParseError` when the input is not TMX at all, and in strict
    mode at the first broken unit.
    """
    return TMXDocument(source, strict=strict, name=name)


class TMXDocument:
    """A TMX file being read: its header, then its units, one at a time (a single pass).

    ``diagnostics`` grows while iterating; ``units_read`` and ``units_skipped`` count units
    yielded and units dropped for an error. ``version`` is the ``<tmx version>`` as written.
    """

    header: Header
    diagnostics: list[Diagnostic]
    units_read: int
    units_skipped: int

    def __init__(
        self,
        source: str | os.PathLike[str] | BinaryIO | IO[bytes],
        *,
        strict: bool = False,
        name: str | None = None,
    ) -> None:
        self.strict = strict
        self.diagnostics = []
        self.diagnostics_dropped = 0
        self.units_read = 0
        self.units_skipped = 0
        self.illegal_chars = 0
        self._closed = False
        self._pending: Any = None
        self._langs_ok: set[str] = set()
        self._dates_ok: set[str] = set()
        self._stream: XMLStream = open_xml_stream(
            source, name=name, on_illegal=self._illegal, on_repair=self._repair
        )
        self.name = self._stream.name
        self._events = safe_iterparse(self._stream, ("end",), tag=("header", "tu"))
        try:
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise
        self._units = self._iter_units()

    # -- public --------------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return self.header.version

    def __iter__(self) -> Iterator[Unit]:
        return self._units

    def close(self) -> None:
        """Close the file (if the document opened it). Idempotent."""
        if not self._closed:
            self._closed = True
            self._stream.close()

    def __enter__(self) -> TMXDocument:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    # -- diagnostics ---------------------------------------------------------------------------
    def _add(self, line: int | None, message: str, severity: str) -> None:
        if len(self.diagnostics) >= _MAX_DIAGNOSTICS:
            self.diagnostics_dropped += 1
            return
        self.diagnostics.append(Diagnostic(self.name, line, message, severity))

    def _warn(self, line: int | None, message: str) -> None:
        self._add(line, message, "warning")

    def _fatal(self, line: int | None, message: str) -> TMXParseError:
        return TMXParseError(Diagnostic(self.name, line, message))

    def _illegal(self, line: int, code: int) -> None:
        self.illegal_chars += 1
        message = f"character U+{code:04X} is not allowed in XML"
        if self.strict:
            raise self._fatal(line, message)
        self._warn(line, message + "; removed")

    def _repair(self, line: int, message: str) -> None:
        if self.strict:
            raise self._fatal(line, message)
        self._warn(line, message)

    # -- header --------------------------------------------------------------------------------
    def _next_element(self) -> Any:
        try:
            _event, elem = next(self._events)
        except StopIteration:
            return None
        except etree.XMLSyntaxError as exc:
            raise self._fatal(
                _line(exc), _syntax_message(exc, "not a well-formed XML file")
            ) from None
        return elem

    def _read_header(self) -> Header:
        elem = self._next_element()
        root = elem.getroottree().getroot() if elem is not None else self._events.root
        if root is None:
            raise self._fatal(1, "no XML element found; expected a TMX document")
        if root.tag != "tmx":
            raise self._fatal(
                root.sourceline,
                f"root element is <{_local(root.tag)}>, not <tmx>; this is not a TMX file",
            )
        version = root.get("version")
        if version is None:
            self._warn(root.sourceline, "<tmx> without a version attribute; read as TMX 1.4")
        elif version not in TMX_VERSIONS:
            self._warn(root.sourceline, f"unknown TMX version {version!r}; read as TMX 1.4")
        header = Header(version=version or "1.4")
        if elem is None or elem.tag != "header":
            self._warn(
                elem.sourceline if elem is not None else root.sourceline,
                "no <header> element before the units; header attributes are missing",
            )
            self._pending = elem
            return header
        header.attrs = _attrs(elem)
        line = elem.sourceline
        missing = [a for a in HEADER_REQUIRED if a not in header.attrs]
        if missing:
            self._warn(
                line,
                f"<header> lacks required attribute{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; read anyway (the writer fills defaults)",
            )
        srclang = header.attrs.get("srclang")
        if srclang is not None and srclang.strip().lower() != "*all*":
            try:
                normalize_language(srclang)
            except LanguageTagError:
                self._warn(line, f"<header> srclang {srclang!r} is not a valid language tag")
        self._check_dates(header.attrs, line, "<header>")
        for child in elem:
            tag = child.tag
            if tag == "prop":
                header.props.append(_prop(child))
            elif tag == "note":
                header.notes.append(_note(child))
            elif tag == "ude":
                header.udes.append(etree.tostring(child, encoding="unicode", with_tail=False))
            elif isinstance(tag, str):
                self._warn(child.sourceline, f"unknown element <{tag}> in <header>; ignored")
        elem.clear()
        return header

    # -- units ---------------------------------------------------------------------------------
    def _iter_units(self) -> Iterator[Unit]:
        try:
            if self._pending is not None:
                elem, self._pending = self._pending, None
                unit = self._take(elem)
                if unit is not None:
                    yield unit
            while True:
                try:
                    _event, elem = next(self._events)
                except StopIteration:
                    break
                if elem.tag != "tu":
                    self._warn(elem.sourceline, "a second <header>; ignored")
                    elem.clear()
                    continue
                unit = self._take(elem)
                if unit is not None:
                    yield unit
        except etree.XMLSyntaxError as exc:
            message = _syntax_message(exc, "the file breaks here")
            if "Invalid bytes" in message or "not proper UTF-8" in message:
                message = (
                    f"bytes not valid {self._stream.encoding.upper()}; declare the file's real "
                    'encoding in its XML declaration (e.g. encoding="windows-1252")'
                )
            if self.strict:
                raise self._fatal(_line(exc), message) from None
            self._add(
                _line(exc),
                f"{message}; reading stopped, {self.units_read} units before it kept",
                "error",
            )
        except TMXParseError as exc:
            if self.strict:
                raise
            d = exc.diagnostic
            self._add(
                d.line,
                f"{d.message}; reading stopped, {self.units_read} units before it kept",
                "error",
            )
        finally:
            if self.diagnostics_dropped:
                self.diagnostics.append(
                    Diagnostic(
                        self.name,
                        None,
                        f"{self.diagnostics_dropped} more diagnostics not listed",
                        "warning",
                    )
                )
                self.diagnostics_dropped = 0
            self.close()

    def _take(self, tu: Any) -> Unit | None:
        try:
            unit = self._unit(tu)
        except _BrokenUnit as broken:
            if self.strict:
                raise self._fatal(broken.line, broken.message) from None
            self.units_skipped += 1
            self._add(broken.line, broken.message + _SKIPPED, "error")
            unit = None
        else:
            self.units_read += 1
        # free what was read: the unit's subtree and the units before it
        tu.clear(keep_tail=False)
        parent = tu.getparent()
        if parent is not None:
            while tu.getprevious() is not None:
                del parent[0]
        return unit

    def _unit(self, tu: Any) -> Unit:
        # the hot path of a whole import: kept lean (items() over attrib, few calls per element)
        line = tu.sourceline
        items = tu.items()
        attrs = _attr_dict(items) if items else {}
        if attrs:
            self._check_dates(attrs, line, "<tu>")
        variants: list[Variant] = []
        props: list[Prop] = []
        notes: list[Note] = []
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                variants.append(self._variant(child))
            elif tag == "prop":
                props.append(_prop(child))
            elif tag == "note":
                notes.append(_note(child))
            elif isinstance(tag, str):
                self._warn(child.sourceline, f"unknown element <{tag}> in <tu>; ignored")
            elif tag is etree.Entity:
                raise _BrokenUnit(
                    child.sourceline, f"entity reference {child.text} in <tu> (never expanded)"
                )
        if not variants:
            raise _BrokenUnit(line, "<tu> without any <tuv>")
        return Unit(variants, attrs, props, notes, line)

    def _variant(self, tuv: Any) -> Variant:
        line = tuv.sourceline
        items = tuv.items()
        if len(items) == 1 and (items[0][0] == _XML_LANG or items[0][0] == "lang"):
            lang = items[0][1]
            attrs: dict[str, str] = {}
        else:
            raw = dict(items)
            if _XML_LANG in raw:
                lang = raw.pop(_XML_LANG)
            elif "lang" in raw:
                lang = raw.pop("lang")
            else:
                raise _BrokenUnit(line, "<tuv> without xml:lang")
            attrs = _attr_dict(list(raw.items()))
            self._check_dates(attrs, line, "<tuv>")
        if lang not in self._langs_ok:
            try:
                normalize_language(lang)
            except LanguageTagError:
                raise _BrokenUnit(
                    line, f"<tuv> xml:lang {lang!r} is not a valid language tag"
                ) from None
            self._langs_ok.add(lang)
        seg: Any = None
        props: list[Prop] = []
        notes: list[Note] = []
        for child in tuv:
            tag = child.tag
            if tag == "seg":
                if seg is not None:
                    self._warn(child.sourceline, "a second <seg> in <tuv>; ignored")
                    continue
                seg = child
            elif tag == "prop":
                props.append(_prop(child))
            elif tag == "note":
                notes.append(_note(child))
            elif isinstance(tag, str):
                self._warn(child.sourceline, f"unknown element <{tag}> in <tuv>; ignored")
        if seg is None:
            raise _BrokenUnit(line, f"<tuv xml:lang={lang!r}> without <seg>")
        if len(seg):
            too_long = segment_too_long("seg", sum(len(t) for t in seg.itertext()))
            if too_long:
                raise _BrokenUnit(seg.sourceline, too_long)
            try:
                segment = element_to_segment(seg)
            except InlineMarkupError as exc:
                raise _BrokenUnit(seg.sourceline, str(exc)) from None
            self._check_pairs(segment, seg.sourceline)
        else:
            text = seg.text
            if text and len(text) > MAX_SEGMENT_CHARS:
                raise _BrokenUnit(seg.sourceline, segment_too_long("seg", len(text)) or "")
            segment = Segment((text,)) if text else _EMPTY
        return Variant(lang, segment, attrs, props, notes, line)

    def _check_pairs(self, segment: Segment, line: int | None) -> None:
        opened: list[str] = []
        closed: list[str] = []
        for tag in segment.tags:
            if tag.kind == "bpt":
                opened.append(tag.attr("i") or "")
            elif tag.kind == "ept":
                closed.append(tag.attr("i") or "")
        if sorted(opened) != sorted(closed):
            self._warn(
                line,
                f"<bpt>/<ept> do not pair up (bpt i={opened}, ept i={closed}); kept as written",
            )

    def _check_dates(self, attrs: dict[str, str], line: int | None, where: str) -> None:
        for key in _DATE_ATTRS:
            value = attrs.get(key)
            if value is None or value in self._dates_ok:
                continue
            if parse_date(value) is None:
                self._warn(line, f"{where} {key} {value!r} is not a possible date; kept as written")
            elif len(self._dates_ok) < 4096:  # real files repeat their dates a lot
                self._dates_ok.add(value)


def _attrs(elem: Any) -> dict[str, str]:
    return _attr_dict(elem.items())


def _attr_dict(items: list[tuple[str, str]]) -> dict[str, str]:
    for key, _value in items:
        if key[0] == "{":
            return {attr_name(k): v for k, v in items}
    return dict(items)


def _text(elem: Any) -> str:
    if len(elem) == 0:
        return elem.text or ""
    return "".join(t for t in elem.itertext() if isinstance(t, str))


def _prop(elem: Any) -> Prop:
    attrs = _attrs(elem)
    ptype = attrs.pop("type", "")
    return Prop(type=ptype, text=_text(elem), attrs=attrs)


def _note(elem: Any) -> Note:
    return Note(text=_text(elem), attrs=_attrs(elem))


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _line(exc: etree.XMLSyntaxError) -> int | None:
    line = exc.lineno
    return line if line else None


def _syntax_message(exc: etree.XMLSyntaxError, what: str) -> str:
    msg = (exc.msg or str(exc)).strip()
    # lxml appends ", line N, column M"; the diagnostic carries the line already
    cut = msg.rfind(", line ")
    if cut > 0:
        msg = msg[:cut]
    msg = " ".join(msg.split())
    return f"{what}: {msg}"
