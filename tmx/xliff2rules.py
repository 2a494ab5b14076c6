"""More XLIFF 2 core rules: content order, inherited attributes, references, reordering.

Used by :func:`tmx.xliff2check.check_xliff2`; each ``check_*`` function takes the ``<xliff>``
element and a ``bad(element, message)`` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .xmlsafe import XML_NS

__all__ = ["check_core_rules"]

NS = "urn:oasis:names:tc:xliff:document:2.0"
FS = "urn:oasis:names:tc:xliff:fs:2.0"
_XLANG = f"{{{XML_NS}}}lang"
_XSPACE = f"{{{XML_NS}}}space"
_XID = f"{{{XML_NS}}}id"
_OASIS = "urn:oasis:names:tc:xliff:"
_NMTOKEN = re.compile(r"^[\w.\-:·\u0300-\u036f\u203f-\u2040]+$")
_CODES = ("ph", "pc", "sc", "ec")
# Fragment identifier prefixes (XLIFF 2.1 §4.3.2 and the registered module prefixes).
_PREFIXES = {"f", "g", "u", "n", "d", "t", "mtc", "gls", "mda", "res", "ctr", "slr", "val",
             "its", "tbx"}  # fmt: skip
_LEAF = _PREFIXES - {"f", "g", "u"}
# The elements of HTML that the Format Style module may name.
_HTML = set(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "command",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "keygen",
        "label",
        "legend",
        "li",
        "link",
        "map",
        "mark",
        "menu",
        "meta",
        "meter",
        "nav",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)

Bad = Callable[[etree._Element, str], None]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _ns(el: etree._Element) -> str | None:
    return etree.QName(el).namespace if isinstance(el.tag, str) else None


def _inherited(el: etree._Element, attr: str) -> str | None:
    node: etree._Element | None = el
    while node is not None:
        v = node.get(attr)
        if v is not None:
            return v
        node = node.getparent()
    return None


def check_core_rules(root: etree._Element, bad: Bad) -> None:
    """Run every check of this module."""
    src, trg = root.get("srcLang"), root.get("trgLang")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name, ns = _local(el), _ns(el)
        if ns == NS:
            _check_order(el, name, bad)
            if el.get("id") is not None and not _NMTOKEN.match(el.get("id", "")):
                bad(el, f"<{name}> id={el.get('id')!r} is not an NMTOKEN")
            parent = el.getparent()
            in_segment = parent is not None and _local(parent) in ("segment", "ignorable")
            if name in ("source", "target") and in_segment:
                _check_language(el, name, src if name == "source" else trg, bad)
            if name == "target":
                ssrc = next(
                    (s for s in el.itersiblings(preceding=True) if _local(s) == "source"), None
                )
                if ssrc is not None and (_inherited(ssrc, _XSPACE) or "default") != (
                    _inherited(el, _XSPACE) or "default"
                ):
                    bad(el, "<source> and <target> of a segment differ in xml:space")
            for attr in ("ref",):
                ref = el.get(attr)
                if ref and ref.startswith("#") and name in ("mrk", "sm"):
                    _check_fragment(el, ref, bad)
        for k, v in el.attrib.items():
            if etree.QName(k).namespace == FS:
                _check_fs(el, etree.QName(k).localname, str(v), bad)
    for f in (f for f in root if _local(f) == "file"):
        _check_extension_ids(f, bad)
        _check_subflows(f, bad)
        for unit in f.iter(f"{{{NS}}}unit"):
            _check_unit_codes(unit, bad)
            _check_comments(unit, bad)
            _check_orders(unit, bad)


def _check_language(el: etree._Element, name: str, expected: str | None, bad: Bad) -> None:
    lang = _inherited(el, _XLANG)
    if lang is None or expected is None or not lang:
        return
    if lang.lower().replace("_", "-") != expected.lower().replace("_", "-"):
        bad(el, f"<{name}> is in language {lang!r} (xml:lang) but the file says {expected!r}")


# content model: order of children -------------------------------------------------------------

_ORDER = {
    # element: ordered groups of allowed children; "*" stands for extension/module elements
    "file": ["skeleton", "*", "notes", "unit|group"],
    "group": ["*", "notes", "unit|group"],
    "unit": ["*", "notes", "originalData", "segment|ignorable"],
    "segment": ["source", "target"],
    "ignorable": ["source", "target"],
}


def _check_order(el: etree._Element, name: str, bad: Bad) -> None:
    groups = _ORDER.get(name)
    if groups is None:
        return
    at = 0
    for c in el:
        if not isinstance(c.tag, str):
            continue
        key = _local(c) if _ns(c) == NS else "*"
        k = next((i for i, g in enumerate(groups) if key in g.split("|")), None)
        if k is None:
            continue  # reported elsewhere (unknown or misplaced element)
        if k < at:
            bad(c, f"<{_local(c)}> is out of place in <{name}> (expected order: "
                   f"{', '.join(groups)})")  # fmt: skip
        at = max(at, k)


# references -----------------------------------------------------------------------------------


def _check_fragment(el: etree._Element, ref: str, bad: Bad) -> None:
    """A same-document fragment identifier: ``#id`` or ``#[/]prefix=id/...``."""
    body = ref[1:]
    if "=" not in body and "/" not in body:
        return  # a plain id in the unit
    parts = body.lstrip("/").split("/")
    seen: list[str] = []
    for k, part in enumerate(parts):
        if "=" not in part:
            bad(el, f"ref={ref!r}: {part!r} is not prefix=id")
            return
        prefix, _, ident = part.partition("=")
        if not _NMTOKEN.match(prefix) or not ident:
            bad(el, f"ref={ref!r}: bad selector {part!r}")
            return
        if prefix not in _PREFIXES:
            bad(el, f"ref={ref!r}: unknown prefix {prefix!r}")
            return
        if prefix in seen:
            bad(el, f"ref={ref!r}: prefix {prefix!r} used twice")
            return
        if prefix in _LEAF and k != len(parts) - 1:
            bad(el, f"ref={ref!r}: {prefix!r} must be the last selector")
            return
        order = {"f": 0, "g": 1, "u": 2}
        if seen and prefix in order and any(order.get(p, 3) >= order[prefix] for p in seen):
            bad(el, f"ref={ref!r}: selectors out of order")
            return
        seen.append(prefix)


def _check_comments(unit: etree._Element, bad: Bad) -> None:
    notes = {n.get("id") for n in unit.iter(f"{{{NS}}}note") if n.get("id")}
    file_el = next((a for a in unit.iterancestors() if _local(a) == "file"), None)
    for m in unit.iter(f"{{{NS}}}mrk", f"{{{NS}}}sm"):
        if m.get("type") != "comment" or m.get("ref") is None:
            continue
        ref = m.get("ref", "")
        sel = (
            dict(p.partition("=")[::2] for p in ref.lstrip("#/").split("/"))
            if ref[:1] == "#"
            else {}
        )
        own = (sel.get("u") in (None, unit.get("id"))) and (
            sel.get("f") is None or (file_el is not None and sel.get("f") == file_el.get("id"))
        )
        if not (own and sel.get("n") in notes and ("f" not in sel or "u" in sel)):
            bad(m, f"comment ref={ref!r} must point to a note of the unit (#n=ID)")


def _check_extension_ids(f: etree._Element, bad: Bad) -> None:
    """Ids of extension elements are unique within their file, group or unit (own level)."""
    scopes = [f, *f.iter(f"{{{NS}}}group"), *f.iter(f"{{{NS}}}unit")]
    for scope in scopes:
        seen: set[str] = set()
        for top in scope:
            if not isinstance(top.tag, str) or (_ns(top) or "").startswith(_OASIS):
                continue
            for e in top.iter():
                if not isinstance(e.tag, str):
                    continue
                for attr in ("id", _XID):
                    v = e.get(attr)
                    if v is None:
                        continue
                    key = f"{etree.QName(e).localname}:{v}" if attr == "id" and e is top else v
                    if v in seen:
                        bad(e, f"extension element id {v!r} is not unique here")
                    seen.add(key if e is top else v)


def _check_subflows(f: etree._Element, bad: Bad) -> None:
    units = {u.get("id") for u in f.iter(f"{{{NS}}}unit")}
    for e in f.iter():
        for attr in ("subFlows", "subFlowsStart", "subFlowsEnd"):
            v = e.get(attr) if isinstance(e.tag, str) else None
            if v is None:
                continue
            ids = v.split()
            if not ids or any(not _NMTOKEN.match(i) or i not in units for i in ids):
                bad(e, f"{attr}={v!r} must list ids of units of this file, separated by spaces")


def _check_orders(unit: etree._Element, bad: Bad) -> None:
    parts = [c for c in unit if _local(c) in ("segment", "ignorable")]
    used: list[str] = []
    for k, part in enumerate(parts, start=1):
        for t in (c for c in part if _local(c) == "target"):
            used.append(t.get("order") or str(k))
            if t.get("order") is not None and not t.get("order", "").isdigit():
                bad(t, f"order={t.get('order')!r} is not a positive integer")
    if len(used) != len(set(used)):
        bad(unit, "two targets of the unit have the same order (explicit or implicit)")


# inline codes ---------------------------------------------------------------------------------


def _events(side: etree._Element) -> list[tuple[str, etree._Element]]:
    """``(id, element)`` of the codes of a source/target in document order; a ``pc`` gives a
    start and an end event, so moving a code in or out of it changes the order."""
    out: list[tuple[str, etree._Element]] = []

    def walk(node: etree._Element) -> None:
        for e in node:
            name = _local(e)
            if _ns(e) == NS and name in _CODES:
                ident = e.get("id") or e.get("startRef") or ""
                if name == "pc":
                    out.append((ident + ":start", e))
                    walk(e)
                    out.append((ident + ":end", e))
                    continue
                out.append((ident, e))
            walk(e)

    walk(side)
    return out


def _check_unit_codes(unit: etree._Element, bad: Bad) -> None:
    segs = [c for c in unit if _local(c) in ("segment", "ignorable")]
    sources = [s for seg in segs for s in seg if _local(s) == "source"]
    targets = [t for seg in segs for t in seg if _local(t) == "target"]
    codes = {e.get("id"): e for s in sources for e in s.iter() if _local(e) in _CODES}
    for e in (e for side in sources + targets for e in side.iter() if _local(e) in _CODES):
        ref = e.get("copyOf")
        if ref is not None and ref in codes and codes[ref].get("canCopy") == "no":
            bad(e, f"copyOf={ref!r} copies a code marked canCopy='no'")
    target_ids = {e.get("id") or e.get("startRef") for t in targets for e in t.iter()
                  if _local(e) in _CODES}  # fmt: skip
    for seg in segs:
        has_target = any(_local(c) == "target" for c in seg)
        for s in (c for c in seg if _local(c) == "source"):
            for e in s.iter():
                if _local(e) not in _CODES:
                    continue
                reorder = e.get("canReorder", "yes")
                if reorder != "yes" and (e.get("canDelete") != "no" or e.get("canCopy") != "no"):
                    bad(
                        e,
                        "a code with canReorder='no'/'firstNo' needs canDelete='no', canCopy='no'",
                    )
                ident = e.get("id") or e.get("startRef")
                if has_target and e.get("canDelete") == "no" and ident not in target_ids:
                    bad(e, f"code {ident!r} cannot be deleted but is missing from the target")
    for side in sources:
        seq: list[str] = []
        sequences: list[list[str]] = []
        for ident, e in _events(side):
            reorder = e.get("canReorder", "yes")
            if reorder == "firstNo":
                if seq:
                    sequences.append(seq)
                seq = [ident]
            elif reorder == "no":
                if not seq:
                    bad(e, "a code with canReorder='no' must follow one with canReorder='firstNo'")
                seq.append(ident)
            else:
                if seq:
                    sequences.append(seq)
                seq = []
        if seq:
            sequences.append(seq)
        parent_seg = side.getparent()
        tgt = (
            next((t for t in parent_seg if _local(t) == "target"), None)
            if parent_seg is not None
            else None
        )
        if tgt is None:
            continue
        order = [ident for ident, _ in _events(tgt)]
        for sq in sequences:
            n = len(sq)
            if not any(order[k : k + n] == sq for k in range(len(order) - n + 1)):
                bad(tgt, f"codes {', '.join(sq)} cannot be reordered but are not kept in order")


def _check_fs(el: etree._Element, attr: str, value: str, bad: Bad) -> None:
    name = _local(el)
    if attr not in ("fs", "subFs"):
        bad(el, f"fs:{attr} is not an attribute of the Format Style module")
        return
    if attr == "fs":
        if (name == "ec" and el.get("isolated") != "yes") or (
            _ns(el) == NS and name in ("em", "mrk", "sm", "originalData", "data", "cp")
        ):
            bad(el, f"fs:fs is not allowed on <{name}> (only on isolated <ec>)")
        if value not in _HTML:
            bad(el, f"fs:fs={value!r} is not an HTML element name")
    elif el.get(f"{{{FS}}}fs") is None:
        bad(el, "fs:subFs without fs:fs")
