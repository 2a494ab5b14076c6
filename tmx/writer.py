"""The streaming TMX writer: valid TMX 1.4b, one unit at a time (``lxml`` ``xmlfile``).

What the writer decides:

- Output is always TMX 1.4b (``<tmx version="1.4">``, ``xml:lang`` on ``<tuv>``, UTF-8, with the
  ``tmx14.dtd`` DOCTYPE), whatever version was read; the header keeps its attributes in order and
  gets defaults for the attributes TMX requires but it lacks (``creationtool="mkutano"``,
  ``srclang="*all*"``, ...).
- Element order follows the DTD: ``note``, ``prop``, then ``ude`` (header) / ``tuv`` (unit) /
  ``seg`` (variant).
- Characters that XML 1.0 forbids (control characters such as U+000B, lone surrogates) cannot be
  written: they are left out and each unit concerned gets a warning in
  :attr:`TMXWriter.diagnostics`, so the file stays valid.
- A unit without any variant, or with ``hi`` tags that do not balance, raises
  :class:`~tmx.errors.TMXError` (nothing valid could be written for it).
- Writing to a path goes to ``PATH.part`` first, renamed over ``PATH`` only when the writer
  closes without error: a failed export never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from importlib import metadata
from types import TracebackType
from typing import IO, Any, BinaryIO

from lxml import etree

from .errors import Diagnostic, TMXError
from .inline import InlineMarkupError, segment_to_element
from .model import Header, Note, Prop, Unit, Variant
from .xmlsafe import XML_NS, safe_fromstring, strip_illegal_xml_chars

__all__ = ["TMXWriter", "write_tmx"]

_XML_LANG = "{" + XML_NS + "}lang"
_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def _version() -> str:
    try:
        return metadata.version("mkutano")
    except metadata.PackageNotFoundError:
        return "0"


def _header_defaults() -> dict[str, str]:
    return {
        "creationtool": "mkutano",
        "creationtoolversion": _version(),
        "segtype": "sentence",
        "o-tmf": "mkutano",
        "adminlang": "en",
        "srclang": "*all*",
        "datatype": "plaintext",
    }


def write_tmx(
    dest: str | os.PathLike[str] | BinaryIO | IO[bytes],
    header: Header,
    units: Iterable[Unit],
) -> int:
    """Write ``header`` and ``units`` as a TMX 1.4b file; return the number of units written.

    ``dest`` is a path (written atomically) or a binary file object (left open).
    """
    with TMXWriter(dest, header) as writer:
        for unit in units:
            writer.write(unit)
    return writer.units_written


class TMXWriter:
    """Write a TMX 1.4b file unit by unit, in constant memory.

    ::

        with TMXWriter("out.tmx", header) as w:
            for unit in units:
                w.write(unit)

    ``units_written`` counts the units written; ``diagnostics`` lists the characters left out.
    """

    def __init__(
        self,
        dest: str | os.PathLike[str] | BinaryIO | IO[bytes],
        header: Header,
        *,
        name: str | None = None,
    ) -> None:
        self.header = header
        self.units_written = 0
        self.diagnostics: list[Diagnostic] = []
        self._path: str | None = os.fspath(dest) if isinstance(dest, (str, os.PathLike)) else None
        self.name = name or self._path or str(getattr(dest, "name", "<stream>"))
        self._dest = dest
        self._file: IO[bytes] | None = None
        self._contexts: list[Any] = []
        self._xf: Any = None
        self._open = False

    # -- context management -------------------------------------------------------------------
    def __enter__(self) -> TMXWriter:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(failed=exc_type is not None)

    def open(self) -> None:
        """Start the file: declaration, DOCTYPE, ``<tmx>``, ``<header>``, ``<body>``."""
        if self._open:
            return
        if self._path is not None:
            try:
                self._file = open(self._path + ".part", "wb")  # noqa: SIM115 - closed in close()
            except OSError as exc:
                raise TMXError(f"{self._path}: cannot write: {exc.strerror or exc}") from None
            target: Any = self._file
        else:
            target = self._dest
        try:
            cm = etree.xmlfile(target, encoding="UTF-8")
            self._contexts.append(cm)
            xf = cm.__enter__()
            self._xf = xf
            xf.write_declaration()
            xf.write_doctype(_DOCTYPE)
            tmx_cm = xf.element("tmx", version="1.4")
            self._contexts.append(tmx_cm)
            tmx_cm.__enter__()
            xf.write("\n")
            xf.write(self._header_element())
            body_cm = xf.element("body")
            self._contexts.append(body_cm)
            body_cm.__enter__()
            xf.write("\n")
        except BaseException:
            self._abort()
            raise
        self._open = True

    def close(self, *, failed: bool = False) -> None:
        """Finish the file (or, when ``failed``, discard a file written to a path)."""
        if not self._open:
            return
        self._open = False
        if failed:
            self._abort()
            return
        try:
            while self._contexts:
                cm = self._contexts.pop()
                cm.__exit__(None, None, None)
                if len(self._contexts) > 1:
                    self._xf.write("\n")
        except BaseException:
            self._abort()
            raise
        if self._file is not None:
            self._file.close()
            assert self._path is not None
            os.replace(self._path + ".part", self._path)

    def _abort(self) -> None:
        self._contexts.clear()
        self._open = False
        if self._file is not None:
            self._file.close()
            if self._path is not None:
                with contextlib.suppress(OSError):
                    os.unlink(self._path + ".part")

    # -- writing ------------------------------------------------------------------------------
    def write(self, unit: Unit) -> None:
        """Write one unit. Raises :class:`TMXError` when it cannot be written validly."""
        if not self._open:
            self.open()
        removed: list[int] = []
        tu = self._unit_element(unit, removed)
        if removed:
            where = f"unit {self.units_written + 1}"
            if unit.tuid:
                where += f" (tuid {unit.tuid!r})"
            chars = ", ".join(sorted({f"U+{c:04X}" for c in removed}))
            self.diagnostics.append(
                Diagnostic(
                    self.name,
                    None,
                    f"{where}: {len(removed)} character(s) not allowed in XML left out ({chars})",
                    "warning",
                )
            )
        self._xf.write(tu)
        self.units_written += 1

    def _header_element(self) -> etree._Element:
        attrs = dict(self.header.attrs)
        for key, value in _header_defaults().items():
            attrs.setdefault(key, value)
        removed: list[int] = []
        el = etree.Element("header", _attrs(attrs, removed))
        el.tail = "\n"
        children = False
        for note in self.header.notes:
            _note(el, note, removed, "\n  ")
            children = True
        for prop in self.header.props:
            _prop(el, prop, removed, "\n  ")
            children = True
        for ude in self.header.udes:
            try:
                ude_el = safe_fromstring(ude)
            except etree.XMLSyntaxError as exc:
                raise TMXError(f"header <ude> is not well-formed XML ({exc.msg})") from None
            ude_el.tail = "\n"
            el.append(ude_el)
            children = True
        if children:
            el.text = "\n  "
            el[-1].tail = "\n"
        if removed:
            self.diagnostics.append(
                Diagnostic(
                    self.name, None, "header: characters not allowed in XML left out", "warning"
                )
            )
        return el

    def _unit_element(self, unit: Unit, removed: list[int]) -> etree._Element:
        if not unit.variants:
            where = f"tuid {unit.tuid!r}" if unit.tuid else f"unit {self.units_written + 1}"
            raise TMXError(f"{self.name}: {where} has no variant; a <tu> needs at least one <tuv>")
        tu = etree.Element("tu", _attrs(unit.attrs, removed))
        tu.text = "\n  "
        tu.tail = "\n"
        for note in unit.notes:
            _note(tu, note, removed, "\n  ")
        for prop in unit.props:
            _prop(tu, prop, removed, "\n  ")
        for variant in unit.variants:
            self._variant(tu, variant, removed)
        tu[-1].tail = "\n"
        return tu

    def _variant(self, tu: etree._Element, variant: Variant, removed: list[int]) -> None:
        tuv = etree.SubElement(tu, "tuv", {_XML_LANG: _text(variant.lang, removed)})
        for key, value in variant.attrs.items():
            tuv.set(_key(key), _text(value, removed))
        tuv.text = "\n    "
        tuv.tail = "\n  "
        for note in variant.notes:
            _note(tuv, note, removed, "\n    ")
        for prop in variant.props:
            _prop(tuv, prop, removed, "\n    ")
        try:
            seg = segment_to_element(variant.segment, removed)
        except InlineMarkupError as exc:
            where = (
                f"tuid {tu.get('tuid')!r}" if tu.get("tuid") else f"unit {self.units_written + 1}"
            )
            raise TMXError(f"{self.name}: {where} ({variant.lang}): {exc}") from None
        seg.tail = "\n  "
        tuv.append(seg)


def _key(name: str) -> str:
    return "{" + XML_NS + "}" + name[4:] if name.startswith("xml:") else name


def _text(value: str, removed: list[int]) -> str:
    cleaned, gone = strip_illegal_xml_chars(value)
    if gone:
        removed.extend(gone)
    return cleaned


def _attrs(attrs: dict[str, str], removed: list[int]) -> dict[str, str]:
    return {_key(k): _text(v, removed) for k, v in attrs.items()}


def _prop(parent: etree._Element, prop: Prop, removed: list[int], tail: str) -> None:
    el = etree.SubElement(parent, "prop", {"type": _text(prop.type, removed)})
    for key, value in prop.attrs.items():
        el.set(_key(key), _text(value, removed))
    el.text = _text(prop.text, removed)
    el.tail = tail


def _note(parent: etree._Element, note: Note, removed: list[int], tail: str) -> None:
    el = etree.SubElement(parent, "note", _attrs(note.attrs, removed))
    el.text = _text(note.text, removed)
    el.tail = tail
