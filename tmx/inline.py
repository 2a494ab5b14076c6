"""Inline markup: the content of a ``<seg>`` as a :class:`~tmx.model.Segment` and back.

``bpt``, ``ept``, ``it``, ``ph`` and ``ut`` become one :class:`~tmx.model.Tag` each; the tag keeps
its attributes in document order and its content (the native code, ``<sub>`` elements included) as
XML text in ``Tag.code``, so ``<bpt i="1">&lt;b&gt;</bpt>`` has ``code == "&lt;b&gt;"``. ``hi``
wraps translatable text, so it becomes an ``open`` tag, the parts inside, and a ``close`` tag.
:func:`segment_to_element` puts exactly that markup back.

``it`` is an opening tag when ``pos="begin"`` and a closing one when ``pos="end"``; ``ph`` and
``ut`` are empty (standalone) tags.
"""

from __future__ import annotations

import html
from typing import Any

from lxml import etree

from .errors import TMXError
from .model import Segment, Tag, TagKind, TagRole
from .xmlsafe import XML_NS, safe_fromstring, strip_illegal_xml_chars

__all__ = [
    "InlineMarkupError",
    "attr_name",
    "element_to_segment",
    "native_code",
    "segment_to_element",
]

_CODE_TAGS: frozenset[str] = frozenset({"bpt", "ept", "it", "ph", "ut"})
_XML_PREFIX = "{" + XML_NS + "}"


class InlineMarkupError(TMXError):
    """A ``<seg>`` holds markup that TMX does not allow (or a Segment cannot be written)."""


def attr_name(key: str) -> str:
    """Return the attribute name as written in the file: ``{xml-ns}lang`` → ``xml:lang``."""
    if key.startswith(_XML_PREFIX):
        return "xml:" + key[len(_XML_PREFIX) :]
    return key


def _attr_key(name: str) -> str:
    if name.startswith("xml:"):
        return _XML_PREFIX + name[4:]
    return name


def element_to_segment(seg: etree._Element) -> Segment:
    """Return the :class:`Segment` a ``<seg>`` element holds.

    Raises :class:`InlineMarkupError` for an element TMX does not allow in a segment (``<sub>``
    outside a tag, unknown elements such as ``<b>``) and for entity references, which are never
    expanded.
    """
    node: Any = seg
    if len(node) == 0:
        text = node.text
        return Segment((text,)) if text else Segment()
    parts: list[str | Tag] = []
    _collect(node, parts)
    return Segment(tuple(_merge(parts)))


def _collect(parent: Any, parts: list[str | Tag]) -> None:
    if parent.text:
        parts.append(parent.text)
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str):
            if tag is etree.Entity:
                raise InlineMarkupError(
                    f"entity reference {child.text} in <seg> (entities are never expanded)"
                )
            # comments and processing instructions are not content: keep only their tail
        elif tag in _CODE_TAGS:
            parts.append(_code_tag(child, tag))
        elif tag == "hi":
            attrs = tuple((attr_name(k), v) for k, v in child.attrib.items())
            parts.append(Tag("hi", "open", attrs))
            _collect(child, parts)
            parts.append(Tag("hi", "close"))
        else:
            raise InlineMarkupError(f"<{tag}> is not allowed in <{parent.tag}>")
        if child.tail:
            parts.append(child.tail)


def _code_tag(elem: Any, kind: str) -> Tag:
    attrs = tuple((attr_name(k), v) for k, v in elem.attrib.items())
    role: TagRole
    if kind == "bpt":
        role = "open"
    elif kind == "ept":
        role = "close"
    elif kind == "it":
        pos = elem.get("pos")
        role = "open" if pos == "begin" else "close" if pos == "end" else "empty"
    else:
        role = "empty"
    if len(elem) == 0:
        code = _escape(elem.text) if elem.text else ""
    else:
        for sub in elem.iter():
            if sub.tag is etree.Entity:
                raise InlineMarkupError(
                    f"entity reference {sub.text} in <{kind}> (entities are never expanded)"
                )
        inner = [_escape(elem.text)] if elem.text else []
        inner.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in elem)
        code = "".join(inner)
    return Tag(_as_kind(kind), role, attrs, code)


def _escape(text: str) -> str:
    # \r is escaped too: a raw one would become \n when the code is parsed back
    return html.escape(text, quote=False).replace("\r", "&#13;")


def _as_kind(kind: str) -> TagKind:
    if kind == "bpt":
        return "bpt"
    if kind == "ept":
        return "ept"
    if kind == "it":
        return "it"
    if kind == "ph":
        return "ph"
    if kind == "ut":
        return "ut"
    return "hi"


def _merge(parts: list[str | Tag]) -> list[str | Tag]:
    out: list[str | Tag] = []
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + p
                continue
        out.append(p)
    return out


def native_code(tag: Tag) -> str:
    """Return the native code a tag stands for, as plain text (``&lt;b&gt;`` → ``<b>``).

    The text of ``<sub>`` elements inside the code is included in place.
    """
    if not tag.code:
        return ""
    if "<" not in tag.code:
        return html.unescape(tag.code)
    root: Any = safe_fromstring(f"<x>{tag.code}</x>")
    return "".join(root.itertext())


def segment_to_element(segment: Segment, removed: list[int] | None = None) -> etree._Element:
    """Return a ``<seg>`` element holding ``segment`` with its original inline markup.

    Characters that XML 1.0 forbids are left out; their code points are appended to
    ``removed`` when given. Raises :class:`InlineMarkupError` when ``hi`` tags are not balanced
    or a tag's ``code`` is not well-formed XML.
    """
    seg = etree.Element("seg")
    stack: list[etree._Element] = [seg]
    last: etree._Element | None = None  # the element whose tail receives the next text
    for part in segment.parts:
        if isinstance(part, str):
            text = _clean(part, removed)
            if last is None:
                stack[-1].text = (stack[-1].text or "") + text
            else:
                last.tail = (last.tail or "") + text
            continue
        if part.kind == "hi":
            if part.role == "open":
                el = etree.SubElement(stack[-1], "hi", _attrs(part.attrs, removed))
                stack.append(el)
                last = None
            elif part.role == "close":
                if len(stack) == 1:
                    raise InlineMarkupError("closing <hi> tag without an opening one")
                last = stack.pop()
            else:
                raise InlineMarkupError("a <hi> tag must be an opening or a closing tag")
            continue
        el = etree.SubElement(stack[-1], part.kind, _attrs(part.attrs, removed))
        _set_code(el, _clean(part.code, removed))
        last = el
    if len(stack) != 1:
        raise InlineMarkupError("<hi> tag opened but never closed")
    return seg


def _attrs(attrs: tuple[tuple[str, str], ...], removed: list[int] | None) -> dict[str, Any]:
    return {_attr_key(k): _clean(v, removed) for k, v in attrs}


def _clean(text: str, removed: list[int] | None) -> str:
    cleaned, gone = strip_illegal_xml_chars(text)
    if gone and removed is not None:
        removed.extend(gone)
    return cleaned


def _set_code(el: etree._Element, code: str) -> None:
    if not code:
        return
    if "<" not in code and "&" not in code:
        el.text = code
        return
    try:
        holder = safe_fromstring(f"<x>{code}</x>")
    except etree.XMLSyntaxError as exc:
        raise InlineMarkupError(
            f"<{el.tag}> code is not well-formed XML ({exc.msg}): {code[:60]!r}"
        ) from None
    for node in holder.iter():
        if node.tag is etree.Entity:
            raise InlineMarkupError(f"<{el.tag}> code holds an entity reference {node.text}")
    el.text = holder.text
    for child in holder:
        el.append(child)
