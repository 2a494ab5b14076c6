"""The processing requirements of XLIFF 2 core and of its matches module, checked in Python.

:func:`check_xliff2` walks a parsed ``<xliff>`` element and returns ``(element, message)`` for
every rule it breaks. The rules are those a reader must enforce: structure (a file, units with
segments, one source per segment), identifiers (present, NMTOKEN, unique in their scope),
languages (``trgLang`` when there are targets, ``xml:lang`` of sources/targets equal to
``srcLang``/``trgLang``), inline codes (``dataRef`` resolved, ``sc``/``ec`` pairing and
``isolated``, ``sm``/``em`` pairing, the ``can*`` attributes of a pair equal), enumerated values
(``state``, ``type``/``subType``, ``translate``, ``dir``...), ``subState`` without ``state``, and
for ``mtc:match``: ``ref`` a fragment, ``id`` unique, no ``xml:lang``, known ``type``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .errors import LanguageTagError
from .lang import normalize_language
from .xliff2modules import check_modules
from .xliff2rules import check_core_rules
from .xmlsafe import XML_NS

__all__ = ["check_xliff2"]

_Bad = Callable[[etree._Element, str], None]

NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
_X = f"{{{NS}}}"
_NMTOKEN = re.compile(r"^[\w.\-:·\u0300-\u036f\u203f-\u2040]+$")
_XLANG = f"{{{XML_NS}}}lang"
_XSPACE = f"{{{XML_NS}}}space"

_YESNO = {"yes", "no"}
_ENUMS: dict[str, set[str]] = {
    "translate": _YESNO,
    "canResegment": _YESNO,
    "canCopy": _YESNO,
    "canDelete": _YESNO,
    "canOverlap": _YESNO,
    "isolated": _YESNO,
    "dir": {"ltr", "rtl", "auto"},
    "srcDir": {"ltr", "rtl", "auto"},
    "trgDir": {"ltr", "rtl", "auto"},
    "state": {"initial", "translated", "reviewed", "final"},
    "canReorder": {"yes", "firstNo", "no"},
    "appliesTo": {"source", "target"},
}
_CODE_TYPES = {"fmt", "ui", "quote", "link", "image", "other"}
_MRK_TYPES = {"generic", "comment", "term"}
_MATCH_TYPES = {"am", "mt", "icm", "idm", "tb", "tm", "other"}
_CORE_NAMES = {
    "xliff", "file", "skeleton", "group", "unit", "segment", "ignorable", "notes", "note",
    "originalData", "data", "source", "target", "cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em",
}  # fmt: skip
# Elements where extension elements (other namespaces) are allowed.
_EXTENSIBLE = {"file", "skeleton", "group", "unit"}
_INLINE = {"cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def check_xliff2(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every rule of XLIFF 2 core and the matches module that ``root`` breaks."""
    problems: list[tuple[etree._Element, str]] = []

    def bad(el: etree._Element, msg: str) -> None:
        problems.append((el, msg))

    src_lang, trg_lang = root.get("srcLang"), root.get("trgLang")
    for attr, value in (("srcLang", src_lang), ("trgLang", trg_lang)):
        if value is not None and not _valid_lang(value):
            bad(root, f"{attr} {value!r} is not a valid language tag")
    files = [f for f in root if _local(f) == "file" and etree.QName(f).namespace == NS]
    if not files:
        bad(root, "<xliff> has no <file>")
    for child in root:
        if isinstance(child.tag, str) and etree.QName(child).namespace != NS:
            bad(child, f"extension element <{child.tag}> is not allowed outside <file>")
    _unique(files, "id", "file", bad)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = _local(el)
        ns = etree.QName(el).namespace
        lang = el.get(_XLANG)
        if lang is not None and not _valid_lang(lang):
            bad(el, f"xml:lang {lang!r} is not a valid language tag")
        if el.get(_XSPACE) not in (None, "default", "preserve"):
            bad(el, f"xml:space must be default or preserve, not {el.get(_XSPACE)!r}")
        if ns == NS:
            _check_attrs(el, name, bad)
            if name not in _CORE_NAMES:
                bad(el, f"unknown XLIFF 2 element <{name}>")
            parent = el.getparent()
            for c in el:
                if (
                    isinstance(c.tag, str)
                    and etree.QName(c).namespace not in (NS, None)
                    and name not in _EXTENSIBLE
                    and not (name == "notes" or (parent is not None and name == "mrk"))
                ):
                    bad(c, f"extension element <{c.tag}> is not allowed in <{name}>")
        elif ns == MTC and name == "match":
            _check_match(el, bad)
    for f in files:
        _check_file(f, src_lang, trg_lang, bad)
    check_core_rules(root, bad)
    check_modules(root, bad)
    return problems


def _valid_lang(value: str) -> bool:
    if not value:
        return True  # xml:lang="" means "unknown", which XML allows
    try:
        normalize_language(value)
    except LanguageTagError:
        return False
    return True


def _check_attrs(el: etree._Element, name: str, bad: _Bad) -> None:
    for attr, allowed in _ENUMS.items():
        v = el.get(attr)
        if v is not None and v not in allowed:
            bad(el, f"<{name}> {attr}={v!r}: must be one of {', '.join(sorted(allowed))}")
    for k in el.attrib:
        q = etree.QName(k)
        if q.namespace is None and name in _INLINE | {"source", "target", "segment"}:
            if k not in _INLINE_ATTRS.get(name, set()):
                bad(el, f"<{name}> has no attribute {k!r}")
        elif q.namespace not in (None, XML_NS) and name in ("source", "target", "segment"):
            bad(el, f"<{name}> cannot carry the extension attribute {k!r}")
    if el.get("subState") is not None and el.get("state") is None:
        bad(el, f"<{name}> has subState without state")
    if name in ("ph", "pc", "sc", "ec"):
        t, st = el.get("type"), el.get("subType")
        if t is not None and t not in _CODE_TYPES:
            bad(el, f"<{name}> type={t!r} is not a code type")
        if st is not None:
            if t is None:
                bad(el, f"<{name}> has subType without type")
            elif not re.match(r"^[^\s:]+:[^\s]+$", st) or (
                st.startswith("xlf:") and not _xlf_subtype_ok(t, st)
            ):
                bad(el, f"<{name}> subType={st!r} is not valid for type {t!r}")
    if name == "mrk":
        t = el.get("type")
        if t is not None and t not in _MRK_TYPES and ":" not in t:
            bad(el, f"<mrk> type={t!r} is not valid")
        if t == "comment" and (el.get("value") is None) == (el.get("ref") is None):
            bad(el, "<mrk type='comment'> needs exactly one of value and ref")
    if name == "cp":
        hx = el.get("hex", "")
        if not re.fullmatch(r"[0-9A-Fa-f]{4,6}", hx):
            bad(el, f"<cp> hex={hx!r} is not a hexadecimal code point")
        else:
            cp = int(hx, 16)
            ok = cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD
            if ok or cp > 0x10FFFF:
                bad(el, f"<cp> hex={hx!r}: use <cp> only for invalid XML characters")


_COMMON_INLINE = {"id", "canCopy", "canDelete", "canReorder", "copyOf", "disp", "equiv",
                  "dataRef", "subFlows", "subType", "type"}  # fmt: skip
_INLINE_ATTRS: dict[str, set[str]] = {
    "ph": _COMMON_INLINE,
    "sc": _COMMON_INLINE | {"dir", "isolated", "canOverlap"},
    "ec": _COMMON_INLINE | {"dir", "isolated", "startRef", "canOverlap"},
    "pc": (_COMMON_INLINE - {"dataRef", "disp", "equiv", "subFlows"})
    | {"canOverlap", "dataRefEnd", "dataRefStart", "dispEnd", "dispStart", "equivEnd",
       "equivStart", "subFlowsEnd", "subFlowsStart", "dir"},
    "mrk": {"id", "translate", "type", "ref", "value"},
    "sm": {"id", "translate", "type", "ref", "value"},
    "em": {"startRef"},
    "cp": {"hex"},
    "source": set(),
    "target": {"order"},
    "segment": {"id", "canResegment", "state", "subState"},
}  # fmt: skip

_XLF_SUBTYPES = {
    "xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt",
    "xlf:var": "ui",
}  # fmt: skip


def _xlf_subtype_ok(t: str | None, st: str) -> bool:
    return _XLF_SUBTYPES.get(st) == t


def _unique(elements: list[etree._Element], attr: str, what: str, bad: _Bad) -> None:
    seen: set[str] = set()
    for el in elements:
        v = el.get(attr)
        if v is None:
            bad(el, f"<{what}> without {attr}")
            continue
        if not _NMTOKEN.match(v):
            bad(el, f"<{what}> {attr}={v!r} is not an NMTOKEN")
        if v in seen:
            bad(el, f"<{what}> {attr}={v!r} is not unique")
        seen.add(v)


def _check_file(f: etree._Element, src: str | None, trg: str | None, bad: _Bad) -> None:
    units = list(f.iter(_X + "unit"))
    groups = list(f.iter(_X + "group"))
    if not units and not groups:
        bad(f, "<file> has no <unit> or <group>")
    _unique(units + groups, "id", "unit/group", bad)
    skel = [c for c in f if _local(c) == "skeleton"]
    for s in skel:
        has_content = len(s) > 0 or bool((s.text or "").strip())
        if (s.get("href") is None) != has_content:
            bad(s, "<skeleton> needs either href or content, not both or neither")
    for scope in [f, *groups, *units]:
        for notes in (c for c in scope if _local(c) == "notes"):
            ns = [n for n in notes if _local(n) == "note"]
            if not ns:
                bad(notes, "<notes> without <note>")
            ids = [n.get("id") for n in ns if n.get("id") is not None]
            if len(ids) != len(set(ids)):
                bad(notes, "<note> ids are not unique")
        ext_ids = [
            c.get("id")
            for c in scope
            if isinstance(c.tag, str)
            and etree.QName(c).namespace not in (NS, MTC)
            and c.get("id") is not None
        ]
        if len(ext_ids) != len(set(ext_ids)):
            bad(scope, "extension element ids are not unique")
    for el in f.iter():
        lang = el.get(_XLANG)
        if lang is None or not _valid_lang(lang) or not isinstance(el.tag, str):
            continue
        name = _local(el)
        parent = el.getparent()
        if parent is None or _local(parent) not in ("segment", "ignorable"):
            continue
        if name == "source" and src and _base(lang) != _base(src):
            bad(el, f"<source xml:lang={lang!r}> differs from srcLang {src!r}")
        if name == "target" and trg and _base(lang) != _base(trg):
            bad(el, f"<target xml:lang={lang!r}> differs from trgLang {trg!r}")
    for u in units:
        _check_unit(u, trg, bad)


def _base(tag: str) -> str:
    return normalize_language(tag).lower()


def _check_unit(u: etree._Element, trg: str | None, bad: _Bad) -> None:
    parts = [c for c in u if _local(c) in ("segment", "ignorable")]
    if not any(_local(c) == "segment" for c in parts):
        bad(u, f"<unit id={u.get('id')!r}> has no <segment>")
    data_ids: list[str] = []
    for od in (c for c in u if _local(c) == "originalData"):
        ds = [d for d in od if _local(d) == "data"]
        if not ds:
            bad(od, "<originalData> without <data>")
        data_ids += [d.get("id", "") for d in ds]
    if len(data_ids) != len(set(data_ids)):
        bad(u, "<data> ids are not unique in the unit")
    seg_ids = [c.get("id") for c in parts if c.get("id") is not None]
    inline_ids = [
        e.get("id")
        for c in parts
        for s in c
        if _local(s) == "source"
        for e in s.iter()
        if _local(e) in _INLINE and e.get("id") is not None
    ]
    if len(set(seg_ids)) != len(seg_ids) or set(seg_ids) & set(inline_ids):
        bad(u, "segment/ignorable ids are not unique in the unit")
    orders: list[str] = []
    for c in parts:
        srcs = [s for s in c if _local(s) == "source"]
        tgts = [s for s in c if _local(s) == "target"]
        if len(srcs) != 1:
            bad(c, f"<{_local(c)}> needs exactly one <source>")
        if tgts and trg is None:
            bad(tgts[0], "<target> in a file without trgLang")
        orders += [t.get("order", "") for t in tgts if t.get("order") is not None]
        for s in srcs + tgts:
            for e in s.iter():
                n = _local(e)
                if (
                    n in ("ph", "sc", "ec")
                    and e.get("dataRef")
                    and e.get("dataRef") not in data_ids
                ):
                    bad(e, f"<{n}> dataRef={e.get('dataRef')!r} names no <data>")
                if n == "pc":
                    for a in ("dataRefStart", "dataRefEnd"):
                        if e.get(a) and e.get(a) not in data_ids:
                            bad(e, f"<pc> {a}={e.get(a)!r} names no <data>")
                if n in ("ph", "sc", "ec", "pc") and e.get("copyOf"):
                    if e.get("dataRef") or e.get("dataRefStart"):
                        bad(e, f"<{n}> has both copyOf and original data")
                    if e.get("copyOf") not in inline_ids:
                        bad(e, f"<{n}> copyOf={e.get('copyOf')!r} names no code")
    if len(orders) != len(set(orders)):
        bad(u, "target order values are not unique")
    for side in ("source", "target"):
        _check_pairs(u, side, bad)


def _check_pairs(u: etree._Element, side: str, bad: _Bad) -> None:
    """sc/ec and sm/em pairing over the whole unit (codes may span segments)."""
    open_sc: dict[str, etree._Element] = {}
    open_sm: set[str] = set()
    seen_sc: set[str] = set()
    for seg in (c for c in u if _local(c) in ("segment", "ignorable")):
        for s in (x for x in seg if _local(x) == side):
            for e in s.iter():
                n = _local(e)
                if n == "sc":
                    iso = e.get("isolated") == "yes"
                    if not iso:
                        open_sc[e.get("id", "")] = e
                        seen_sc.add(e.get("id", ""))
                elif n == "ec":
                    iso = e.get("isolated") == "yes"
                    if iso:
                        if e.get("startRef") is not None:
                            bad(e, "<ec isolated='yes'> must use id, not startRef")
                        if e.get("id") is None:
                            bad(e, "<ec isolated='yes'> without id")
                        continue
                    if e.get("id") is not None and e.get("startRef") is None:
                        bad(e, "<ec> with id must be isolated='yes'")
                        continue
                    ref = e.get("startRef")
                    if ref is None:
                        bad(e, "<ec> without startRef")
                        continue
                    sc = open_sc.pop(ref, None)
                    if sc is None:
                        bad(e, f"<ec startRef={ref!r}> has no <sc> before it")
                        continue
                    for a in ("canCopy", "canDelete", "canOverlap", "canReorder"):
                        if (sc.get(a) or "yes") != (e.get(a) or "yes"):
                            bad(e, f"<sc>/<ec> pair {ref!r} differs in {a}")
                elif n == "sm":
                    open_sm.add(e.get("id", ""))
                elif n == "em":
                    ref = e.get("startRef", "")
                    if ref not in open_sm:
                        bad(e, f"<em startRef={ref!r}> has no <sm> before it")
                    open_sm.discard(ref)
    if side == "source":
        for ref, sc in open_sc.items():
            bad(sc, f"<sc id={ref!r}> is not closed in the unit and not isolated='yes'")
        for ref in open_sm:
            bad(u, f"<sm id={ref!r}> is not closed in the unit")


def _check_match(m: etree._Element, bad: _Bad) -> None:
    if m.get(_XLANG) is not None:
        bad(m, "<mtc:match> must not carry xml:lang")
    ref = m.get("ref")
    if ref is None or not ref.startswith("#"):
        bad(m, f"<mtc:match> ref={ref!r} must be a fragment reference (#id)")
    mid = m.get("id")
    if mid is not None and not _NMTOKEN.match(mid):
        bad(m, f"<mtc:match> id={mid!r} is not an NMTOKEN")
    t = m.get("type")
    if t is not None and t not in _MATCH_TYPES:
        bad(m, f"<mtc:match> type={t!r} is not one of {', '.join(sorted(_MATCH_TYPES))}")
    if m.get("subType") is not None and t is None:
        bad(m, "<mtc:match> has subType without type")
    parent = m.getparent()
    if parent is None:
        return
    earlier = [x.get("id") for x in list(parent)[: parent.index(m)] if _local(x) == "match"]
    if mid is not None and mid in earlier:
        bad(m, f"<mtc:match> id={mid!r} is not unique")
    unit = parent.getparent()
    if ref and ref.startswith("#") and unit is not None:
        target = ref[1:].split("=", 1)[-1]
        unit_ids = {e.get("id") for e in unit.iter() if isinstance(e.tag, str)}
        if target not in unit_ids:
            bad(m, f"<mtc:match> ref={ref!r} points to nothing in the unit")
