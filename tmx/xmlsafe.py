"""The one safe way to parse XML in mkutano: no entity expansion, no DTD loading, no network.

Every XML format of the project (TMX, TBX, XLIFF, SRX) goes through this module:

- :func:`safe_parser` returns an ``lxml`` parser for whole small documents, :func:`safe_parse`
  and :func:`safe_fromstring` parse one;
- :func:`safe_iterparse` streams a large document element by element;
- :func:`open_xml_stream` (from :mod:`tmx.xmlstream`) opens a file (path, binary file, gzip) and
  gives the parser UTF-8 bytes whatever the input encoding, repairing on the way what real files
  get wrong (illegal characters, undeclared entities such as ``&nbsp;``, bare ampersands, bad
  bytes), each repair reported with its line through a callback.

Typical use (what :mod:`tmx.reader` does)::

    with open_xml_stream("memory.tmx", on_illegal=report) as stream:
        for _event, elem in safe_iterparse(stream, ("end",), tag="tu"):
            ...
            elem.clear()

Entities are never expanded. Through an :class:`XMLStream` a DOCTYPE's internal subset is blanked
out before libxml2 sees it, so no entity is ever declared ("billion laughs" cannot grow, an external
entity such as ``file:///etc/passwd`` is never read) whatever the libxml2 release; parsed without
the stream, an entity reference stays an ``lxml`` entity node in the tree. The DTD a ``DOCTYPE``
names is never fetched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from lxml import etree

from .errors import TMXParseError
from .xmlstream import (
    XMLStream,
    is_xml_char_legal,
    open_xml_stream,
    sniff_encoding,
    strip_illegal_xml_chars,
)

__all__ = [
    "XML_NS",
    "PullEvents",
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

_SAFE_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "dtd_validation": False,
}

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
) -> PullEvents:
    """Stream ``source`` as ``(event, element)`` pairs, safely (see :func:`safe_parser`).

    Pass an :class:`XMLStream` (from :func:`open_xml_stream`) to read any encoding and survive
    illegal characters, undeclared entities and stray ampersands; a plain path or binary file is
    handed to libxml2 as it is. Clear each element once used (``elem.clear()``, and delete
    processed siblings) to keep memory flat.

    When the document breaks part-way, every event before the break is delivered first and
    then the error is raised (``lxml.etree.XMLSyntaxError`` from the parser, or
    :class:`~tmx.errors.TMXParseError` from the stream): salvage does not depend on libxml2's
    recovery mode nor on how a libxml2 release batches events.
    """
    return PullEvents(source, events, tag, huge_tree=huge_tree)


class PullEvents:
    """The iterator :func:`safe_iterparse` returns: a pull parser fed chunk by chunk.

    ``root`` is the document element once an event has been delivered or the document has
    ended (``None`` before, and for input without one).
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | IO[bytes] | XMLStream,
        events: Sequence[str],
        tag: str | Iterable[str] | None,
        *,
        huge_tree: bool,
    ) -> None:
        kwargs: dict[str, Any] = {**_SAFE_OPTIONS, "huge_tree": huge_tree, "events": tuple(events)}
        if tag is not None:
            kwargs["tag"] = tag
        if isinstance(source, XMLStream):
            kwargs["encoding"] = "utf-8"  # the stream always delivers UTF-8
        self._parser = etree.XMLPullParser(**kwargs)
        self._owns = isinstance(source, (str, os.PathLike))
        self._file: Any = (
            open(source, "rb")  # noqa: SIM115 - closed when the events end
            if isinstance(source, (str, os.PathLike))
            else source
        )
        self._queue: Iterator[tuple[str, Any]] = iter(())
        self._error: BaseException | None = None
        self._done = False
        self.root: Any = None

    def __iter__(self) -> PullEvents:
        return self

    def __next__(self) -> tuple[str, Any]:
        while True:
            for item in self._queue:
                if self.root is None:
                    self.root = item[1].getroottree().getroot()
                return item
            if self._error is not None:
                error, self._error = self._error, None
                self._done = True
                raise error
            if self._done:
                raise StopIteration
            self._fill()

    def _fill(self) -> None:
        closing = False
        try:
            data = self._file.read(_CHUNK)
            if data:
                self._parser.feed(data)
            else:
                closing = self._done = True
                root = self._parser.close()
                if self.root is None:
                    self.root = root
        except (etree.XMLSyntaxError, TMXParseError) as exc:
            self._error = exc
        events = list(self._parser.read_events())
        # A failing close() (a truncated document) reports "end" for every element still open:
        # those elements were never closed in the file, so their events are not delivered.
        self._queue = iter(() if closing and self._error is not None else events)
        if (self._done or self._error is not None) and self._owns:
            self._file.close()
