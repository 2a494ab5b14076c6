"""Tagged text at the edges: a segment with inline tags written as one string, and read back.

The one format the CLI and the HTTP API accept and return for segments with inline markup is the
content of a TMX 1.4 ``<seg>``: text with the inline elements ``<bpt i="..">``/``<ept i="..">``,
``<it pos="begin|end">``, ``<ph>``, ``<ut>`` and ``<hi>``, the native code inside each element
escaped (``<bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>``). It is what the memory
stores and what TMX export writes, so a unit sent this way is exported exactly as sent.

:func:`parse_tagged` reads such a string safely (:func:`tmx.xmlsafe.safe_fromstring`: no DTD, no
entity expansion, no network); malformed markup raises :class:`~tmx.inline.InlineMarkupError`
with a one-line message naming the field and the character position. The ``markup`` mode says
how a string is read:

- ``auto`` (the default): as markup when it holds one of those elements (``<bpt``, ``</hi>``,
  ``<ph/>``...), else as plain text, so ``AT&T < 5`` stays plain text;
- ``tmx``: always as markup (a literal ``&`` or ``<`` must then be escaped);
- ``text``: always as plain text.

:func:`format_tagged` writes a segment back: plain text when it has no tag (nothing escaped),
``<seg>`` content otherwise, so :func:`parse_tagged` in ``auto`` mode reads it back unchanged.
"""

from __future__ import annotations

import html
import re
from typing import Any, Literal

from lxml import etree

from .inline import InlineMarkupError, element_to_segment, segment_to_element
from .model import Segment, Tag
from .xmlsafe import safe_fromstring

__all__ = ["MARKUP_MODES", "MarkupMode", "format_tagged", "has_markup", "parse_tagged", "tag_dict"]

MarkupMode = Literal["auto", "tmx", "text"]
#: How a string sent to the CLI or the API is read (see the module's documentation).
MARKUP_MODES: tuple[str, ...] = ("auto", "tmx", "text")

_ELEMENT = re.compile(r"</?(?:bpt|ept|it|ph|ut|hi)(?=[\s/>])")
_OPEN = "<seg>"


def has_markup(text: str) -> bool:
    """Whether ``text`` holds a TMX inline element (what ``auto`` mode reads as markup)."""
    return _ELEMENT.search(text) is not None


def parse_tagged(text: str, *, markup: str = "auto", field: str = "text") -> Segment:
    """Return the :class:`Segment` that ``text`` holds, read as ``markup`` says.

    Raises :class:`InlineMarkupError` (one line: ``field``, character position, reason) for
    markup that is not well-formed, an element TMX does not allow in a segment, an entity
    reference other than the five of XML, a DTD, or ``bpt``/``ept`` that do not pair up.
    """
    if markup not in MARKUP_MODES:
        raise InlineMarkupError(f"{field}: markup {markup!r}: use one of {', '.join(MARKUP_MODES)}")
    if markup == "text" or (markup == "auto" and not has_markup(text)):
        return Segment.from_text(text)
    if "<!" in text:
        at = text.index("<!") + 1
        raise InlineMarkupError(f"{field}: character {at}: no DTD, comment or CDATA in tagged text")
    try:
        root: Any = safe_fromstring(f"{_OPEN}{text}</seg>")
    except etree.XMLSyntaxError as exc:
        raise InlineMarkupError(
            f"{field}: malformed inline markup at character {_offset(text, exc)}: {_reason(exc)}"
        ) from None
    try:
        segment = element_to_segment(root)
    except InlineMarkupError as exc:
        raise InlineMarkupError(
            f"{field}: {exc} (put native code inside <bpt>/<ept>, <ph> or <it>, escaped)"
        ) from None
    _check_pairs(segment, field)
    return segment


def _offset(text: str, exc: etree.XMLSyntaxError) -> int:
    """The 1-based character of ``text`` where the parser stopped (the wrapper left out)."""
    line, column = getattr(exc, "position", (1, 1))
    lines = f"{_OPEN}{text}".split("\n")
    before = sum(len(x) + 1 for x in lines[: max(line - 1, 0)])
    return max(1, min(before + column - len(_OPEN), len(text) + 1))


def _reason(exc: etree.XMLSyntaxError) -> str:
    msg = (exc.msg or str(exc)).strip()
    msg = re.sub(r",\s*line \d+, column \d+.*$", "", msg)
    if "EntityRef" in msg:
        return "a bare & (write it as &amp;)"
    mismatch = re.match(r"Opening and ending tag mismatch: (\w+) line \d+ and (\w+)", msg)
    if mismatch:  # "seg" is the wrapper: its end came first, or an end tag closed it
        opened, closed = mismatch[1], mismatch[2]
        if closed == "seg":
            return f"<{opened}> opened but never closed"
        if opened == "seg":
            return f"</{closed}> closes no element"
        return f"<{opened}> closed by </{closed}>"
    return msg.replace("seg", "the text")


def _check_pairs(segment: Segment, field: str) -> None:
    opened: dict[str, int] = {}
    for n, tag in enumerate(segment.tags, 1):
        if tag.kind not in ("bpt", "ept"):
            continue
        i = tag.attr("i")
        if i is None:
            raise InlineMarkupError(f"{field}: tag {n} <{tag.kind}> needs an i attribute")
        if tag.kind == "bpt":
            if i in opened:
                raise InlineMarkupError(f'{field}: tag {n}: a second <bpt i="{i}"> is open')
            opened[i] = n
        elif opened.pop(i, None) is None:
            raise InlineMarkupError(f'{field}: tag {n}: <ept i="{i}"> without its <bpt>')
    if opened:
        i, n = next(iter(opened.items()))
        raise InlineMarkupError(
            f'{field}: tag {n}: <bpt i="{i}"> without its <ept> (use <it pos="begin">)'
        )


def format_tagged(segment: Segment) -> str:
    """``segment`` as one string: its plain text when it has no tag, else ``<seg>`` content."""
    if not segment.tags:
        return segment.plain
    try:
        element = segment_to_element(segment)
    except InlineMarkupError:  # a tag made in code with raw native code (``<b>``): escape it
        fixed = tuple(_escaped(p) if isinstance(p, Tag) else p for p in segment.parts)
        try:
            element = segment_to_element(Segment(fixed))
        except InlineMarkupError:  # <hi> not balanced: no markup can say it
            return segment.with_placeholders()
    xml = etree.tostring(element, encoding="unicode")
    if xml == "<seg/>":
        return ""
    return xml[len(_OPEN) : -len("</seg>")]


def _escaped(tag: Tag) -> Tag:
    if "<" not in tag.code and "&" not in tag.code:
        return tag
    try:
        safe_fromstring(f"<x>{tag.code}</x>")
        return tag
    except etree.XMLSyntaxError:
        return Tag(tag.kind, tag.role, tag.attrs, html.escape(tag.code, quote=False))


def tag_dict(tag: Tag) -> dict[str, Any]:
    """One tag as JSON: kind, role, attributes and native code (escaped, as in the markup)."""
    return {"kind": tag.kind, "role": tag.role, "attrs": dict(tag.attrs), "code": tag.code}
