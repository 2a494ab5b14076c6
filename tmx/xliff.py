"""XLIFF 1.2 and 2.x: reading and checking bilingual files with their matches.

This module is the entry point: it also re-exports the model (:mod:`tmx.xliffmodel`) and the
writer (:mod:`tmx.xliffwriter`: ``write_xliff``, ``xliff_from_document``, ``merge_xliff``).

The model is small and shared by both versions: an :class:`XLIFFDocument` holds
:class:`XLIFFFile` s, each a list of :class:`XLIFFUnit` (one per 1.2 ``trans-unit``, one per 2.x
``segment``; a 2.x unit with several segments gives ids ``unit``, ``unit#2``, ...). Source and
target are :class:`tmx.Segment` values whose inline codes are :class:`tmx.Tag` s as in TMX:

- 1.2 ``bpt``/``ept``/``it``/``ph`` keep their kind and content; ``g`` and ``bx``/``ex`` become
  ``bpt``/``ept``, ``x`` becomes ``ph``; ``mrk`` is transparent;
- 2.x ``pc`` becomes a ``bpt``/``ept`` pair, ``sc``/``ec`` become ``bpt``/``ept`` (``it`` when
  isolated), ``ph`` stays ``ph``; the native code comes from ``originalData``.

Matches (1.2 ``alt-trans`` with ``match-quality`` and ``origin``; 2.x ``mtc:match`` with
``matchQuality`` and ``origin``) are :class:`XLIFFMatch` values.

:func:`read_xliff` checks the constraints of XLIFF 2 core and of the matches module that a
processor must enforce (identifiers unique and well-formed, languages consistent, ``sc``/``ec``
and ``dataRef`` references resolved, enumerated values...) and raises :class:`XLIFFError` listing
every problem as a :class:`tmx.Diagnostic`; ``strict=False`` returns them in ``diagnostics``
instead and keeps what could be read.
"""

from __future__ import annotations

import contextlib
import io
import os
from html import escape as _xml_escape
from typing import Any

from lxml import etree

from .errors import Diagnostic, LanguageTagError, TMXParseError
from .lang import normalize_language
from .model import Segment, Tag, TagKind, TagRole
from .xliffmodel import (
    MTC_NS,
    XLIFF2_NS,
    XLIFF12_NS,
    XLIFFDocument,
    XLIFFError,
    XLIFFFile,
    XLIFFMatch,
    XLIFFUnit,
)
from .xliffwriter import merge_xliff, write_xliff, xliff_from_document
from .xmlsafe import XMLStream, open_xml_stream, safe_iterparse
from .xmlstream import segment_too_long

__all__ = [
    "XLIFF2_NS",
    "XLIFF12_NS",
    "XLIFFDocument",
    "XLIFFError",
    "XLIFFFile",
    "XLIFFMatch",
    "XLIFFUnit",
    "inline12",
    "merge_xliff",
    "oversized_segment",
    "read_xliff",
    "syntax_message",
    "write_xliff",
    "xliff_from_document",
]


# reading ---------------------------------------------------------------------------------------


def read_xliff(path: str | os.PathLike[str] | bytes, *, strict: bool = True) -> XLIFFDocument:
    """Read an XLIFF 1.2 or 2.x file (a path, or the XML as bytes).

    Raises :class:`XLIFFError` when the file is not XLIFF, and (when ``strict``) when it breaks a
    rule of the specification; the error's ``diagnostics`` list every problem found.
    """
    name = "<xliff>" if isinstance(path, bytes) else str(path)
    reader = _Reader(name)

    def illegal(line: int, code: int) -> None:
        reader.warn(line, f"character U+{code:04X} is not allowed in XML; removed")

    try:
        with open_xml_stream(
            io.BytesIO(path) if isinstance(path, bytes) else path,
            name=name,
            on_illegal=illegal,
            on_repair=reader.warn,
        ) as stream:
            root, broken = _parse_salvaging(stream)
    except TMXParseError as exc:  # cannot be opened, empty, unknown encoding
        raise XLIFFError(str(exc), [exc.diagnostic]) from exc
    if root is None or (broken is not None and strict):
        assert broken is not None
        raise XLIFFError(str(broken), [*reader.diagnostics, broken])
    if broken is not None:
        reader.diagnostics.append(broken)
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff":
        raise XLIFFError(f"{name}: root element is not <xliff>")
    if ns == XLIFF2_NS or root.get("version", "").startswith("2"):
        doc = reader.read2(root)
    else:
        doc = reader.read12(root)
    doc.diagnostics = reader.diagnostics
    errors = [d for d in reader.diagnostics if d.severity == "error"]
    if strict and errors:
        first = str(errors[0])
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise XLIFFError(f"{first}{more}", reader.diagnostics)
    return doc


_UNITS = frozenset({f"{{{XLIFF12_NS}}}trans-unit", f"{{{XLIFF2_NS}}}unit"})


def _parse_salvaging(stream: XMLStream) -> tuple[Any, Diagnostic | None]:
    """Parse the whole document; when it breaks part-way, keep the units closed before the break.

    Returns the root (None when not even the root element was read) and the diagnostic of the
    break (None for a well-formed document). A unit the break cut off is removed from the tree.
    """
    events = safe_iterparse(stream, ("end",))
    closed: set[Any] = set()
    try:
        for _event, el in events:
            if el.tag in _UNITS:
                closed.add(el)
    except (etree.XMLSyntaxError, TMXParseError) as exc:
        if isinstance(exc, TMXParseError):
            line, message = exc.diagnostic.line, exc.diagnostic.message
        else:
            line, message = exc.lineno or None, syntax_message(exc)
        root = events.root
        if root is not None:
            for unit in [u for u in root.iter(*_UNITS) if u not in closed]:
                unit.getparent().remove(unit)
        kept = len(closed)
        return root, Diagnostic(
            stream.name,
            line,
            f"not well-formed XML: {message}; reading stopped, {kept} units before it kept",
        )
    return events.root, None


def syntax_message(exc: etree.XMLSyntaxError) -> str:
    """lxml's message without the position it appends (the diagnostic carries the line)."""
    msg = (exc.msg or str(exc)).strip()
    cut = msg.rfind(", line ")
    return " ".join((msg[:cut] if cut > 0 else msg).split())


def oversized_segment(
    unit: etree._Element, names: tuple[str, ...] = ("source", "target")
) -> tuple[etree._Element, str] | None:
    """The first segment element of ``unit`` over :data:`~tmx.xmlstream.MAX_SEGMENT_CHARS`, with
    the diagnostic saying the unit is skipped; None when every segment is within the limit."""
    for el in unit.iter():
        if isinstance(el.tag, str) and _local(el) in names:
            problem = segment_too_long(_local(el), sum(len(t) for t in el.itertext()))
            if problem:
                return el, f"{problem}; unit {unit.get('id', '')!r} skipped"
    return None


def inline12(el: etree._Element) -> Segment:
    """The content of an XLIFF 1.2 ``source``/``target``/``mrk`` element as a segment."""
    return _Reader("").inline12(el)


def _line(el: etree._Element) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _ns(el: etree._Element) -> str | None:
    return etree.QName(el).namespace if isinstance(el.tag, str) else None


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.diagnostics: list[Diagnostic] = []

    def error(self, el: etree._Element | None, message: str) -> None:
        line = _line(el) if el is not None else None
        self.diagnostics.append(Diagnostic(self.name, line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.name, line, message, "warning"))

    def lang(self, el: etree._Element, value: str | None, what: str) -> str | None:
        if value is None or (not value.strip() and what == "target-language"):
            return None
        try:
            return normalize_language(value)
        except LanguageTagError:
            self.error(el, f"{what} {value!r} is not a valid language tag (BCP 47)")
            return None

    # XLIFF 1.2 ---------------------------------------------------------------------------------
    def read12(self, root: etree._Element) -> XLIFFDocument:
        doc = XLIFFDocument(root.get("version", "1.2"))
        for f in root:
            if _local(f) != "file":
                continue
            src = self.lang(f, f.get("source-language"), "source-language") or ""
            xf = XLIFFFile(
                f.get("original", ""),
                src,
                self.lang(f, f.get("target-language"), "target-language"),
            )
            for tu in f.iter():
                if _local(tu) != "trans-unit" or self._too_long(tu, ("source", "target")):
                    continue
                xf.units.append(self._unit12(tu))
            doc.files.append(xf)
        if not doc.files:
            self.error(root, "no <file> element")
        return doc

    def _too_long(self, unit: etree._Element, names: tuple[str, ...]) -> bool:
        """Whether a segment of ``unit`` is over the length limit (then reported: the unit is
        skipped, the rest of the file read)."""
        found = oversized_segment(unit, names)
        if found is not None:
            self.error(found[0], found[1])
        return found is not None

    def _unit12(self, tu: etree._Element) -> XLIFFUnit:
        source = target = None
        unit = XLIFFUnit(tu.get("id", ""), Segment(), line=_line(tu))
        for child in tu:
            name = _local(child)
            if name == "source":
                source = self.inline12(child)
            elif name == "target":
                target = self.inline12(child)
                unit.state = child.get("state")
            elif name == "note":
                unit.notes.append(child.text or "")
            elif name == "alt-trans":
                unit.matches.append(self._alt_trans(child))
        if source is None:
            self.error(tu, f"trans-unit {unit.id!r} has no <source>")
            source = Segment()
        unit.source, unit.target = source, target
        return unit

    def _alt_trans(self, at: etree._Element) -> XLIFFMatch:
        src = tgt = None
        for child in at:
            if _local(child) == "source":
                src = self.inline12(child)
            elif _local(child) == "target":
                tgt = self.inline12(child)
        quality = None
        raw = (at.get("match-quality") or "").strip().rstrip("%")
        try:
            quality = float(raw) if raw else None
        except ValueError:
            quality = None  # 1.2 allows any text here ("high"); it is not a number then
        return XLIFFMatch(tgt or Segment(), src, quality, at.get("origin"), at.get("alttranstype"))

    def inline12(self, el: etree._Element) -> Segment:
        parts: list[str | Tag] = []

        def walk(node: etree._Element) -> None:
            if node.text:
                parts.append(node.text)
            for c in node:
                name = _local(c)
                attrs = tuple(
                    (str(k), str(v))
                    for k, v in c.attrib.items()
                    if "{" not in str(k) and k not in ("id", "rid")
                )
                rid = c.get("rid") or c.get("id") or ""
                if name in ("bpt", "ept", "ph", "it"):
                    role: TagRole = {"bpt": "open", "ept": "close"}.get(name, "empty")  # type: ignore[assignment]
                    if name == "it":
                        role = "open" if c.get("pos") == "open" else "close"
                    key = "x" if name in ("ph", "it") else "i"
                    code = _inner_xml(c)
                    parts.append(_tag(name, role, ((key, rid), *attrs), code))
                elif name == "g":
                    parts.append(_tag("bpt", "open", (("i", rid), *attrs)))
                    walk(c)
                    parts.append(_tag("ept", "close", (("i", rid),)))
                elif name == "x":
                    parts.append(_tag("ph", "empty", (("x", rid), *attrs)))
                elif name in ("bx", "ex"):
                    parts.append(
                        _tag(
                            "bpt" if name == "bx" else "ept",
                            "open" if name == "bx" else "close",
                            (("i", rid), *attrs),
                        )
                    )
                else:  # mrk and unknown elements: keep their text
                    walk(c)
                if c.tail:
                    parts.append(c.tail)

        walk(el)
        return _merge(parts)

    # XLIFF 2.x ---------------------------------------------------------------------------------
    def read2(self, root: etree._Element) -> XLIFFDocument:
        from .xliff2check import check_xliff2

        version = root.get("version", "")
        doc = XLIFFDocument(version or "2.0")
        if version not in ("2.0", "2.1", "2.2"):
            self.error(root, f"version {version!r} is not an XLIFF 2 version (2.0, 2.1)")
        src = self.lang(root, root.get("srcLang"), "srcLang")
        if root.get("srcLang") is None:
            self.error(root, "<xliff> without srcLang")
        trg = self.lang(root, root.get("trgLang"), "trgLang")
        for problem_el, message in check_xliff2(root):
            self.error(problem_el, message)
        for f in root:
            if _local(f) != "file" or _ns(f) != XLIFF2_NS:
                continue
            xf = XLIFFFile(f.get("original", f.get("id", "")), src or "", trg)
            for unit in f.iter(f"{{{XLIFF2_NS}}}unit"):
                if not self._too_long(unit, ("source", "target")):
                    xf.units.extend(self._unit2(unit))
            doc.files.append(xf)
        return doc

    def _unit2(self, unit: etree._Element) -> list[XLIFFUnit]:
        data = {
            d.get("id", ""): "".join(str(t) for t in d.itertext())
            for d in unit.iter(f"{{{XLIFF2_NS}}}data")
        }
        uid = unit.get("id", "")
        notes = [n.text or "" for n in unit.iter(f"{{{XLIFF2_NS}}}note")]
        matches: list[XLIFFMatch] = []
        for m in unit.iter(f"{{{MTC_NS}}}match"):
            msrc = mtgt = None
            for c in m:
                if _local(c) == "source":
                    msrc = _inline2(c, data)
                elif _local(c) == "target":
                    mtgt = _inline2(c, data)
            q = m.get("matchQuality")
            matches.append(
                XLIFFMatch(
                    mtgt or Segment(),
                    msrc,
                    float(q) if q else None,
                    m.get("origin"),
                    m.get("type"),
                )
            )
        out: list[XLIFFUnit] = []
        for k, seg in enumerate(c for c in unit if _local(c) == "segment"):
            src = next((c for c in seg if _local(c) == "source"), None)
            tgt = next((c for c in seg if _local(c) == "target"), None)
            out.append(
                XLIFFUnit(
                    uid if k == 0 else f"{uid}#{k + 1}",
                    _inline2(src, data) if src is not None else Segment(),
                    _inline2(tgt, data) if tgt is not None else None,
                    seg.get("state"),
                    notes if k == 0 else [],
                    matches if k == 0 else [],
                    _line(seg),
                )
            )
        return out


def _inline2(el: etree._Element, data: dict[str, str]) -> Segment:
    parts: list[str | Tag] = []

    def code(c: etree._Element, ref: str = "dataRef") -> str:
        return _xml_escape(data.get(c.get(ref, ""), ""), quote=False)

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for c in node:
            name = _local(c)
            cid = c.get("id") or c.get("startRef") or ""
            if name == "pc":
                parts.append(_tag("bpt", "open", (("i", cid),), code(c, "dataRefStart")))
                walk(c)
                parts.append(_tag("ept", "close", (("i", cid),), code(c, "dataRefEnd")))
            elif name == "sc":
                kind: TagKind = "it" if c.get("isolated") == "yes" else "bpt"
                parts.append(_tag(kind, "open", (("i" if kind == "bpt" else "x", cid),), code(c)))
            elif name == "ec":
                kind = "it" if c.get("isolated") == "yes" else "ept"
                parts.append(_tag(kind, "close", (("i" if kind == "ept" else "x", cid),), code(c)))
            elif name == "ph":
                parts.append(_tag("ph", "empty", (("x", cid),), code(c)))
            elif name == "cp":
                with contextlib.suppress(ValueError):
                    parts.append(chr(int(c.get("hex", "0"), 16)))
            else:  # mrk, sm, em and unknown elements: keep their text
                walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return _merge(parts)


def _tag(kind: str, role: str, attrs: tuple[tuple[str, str], ...], code: str = "") -> Tag:
    return Tag(kind, role, attrs, code)  # type: ignore[arg-type]


def _inner_xml(el: etree._Element) -> str:
    out = _xml_escape(el.text or "", quote=False)
    for c in el:
        out += etree.tostring(c, encoding="unicode", with_tail=True)
    return out


def _merge(parts: list[str | Tag]) -> Segment:
    out: list[str | Tag] = []
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + p
                continue
        out.append(p)
    return Segment(tuple(out))
